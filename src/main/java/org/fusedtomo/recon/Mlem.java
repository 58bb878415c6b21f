package org.fusedtomo.recon;

import org.fusedtomo.data.MissingData;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.MaskedProjector;
import org.fusedtomo.projector.Projector;

/**
 * Maximum-likelihood expectation maximisation for Poisson data (Shepp &amp; Vardi 1982):
 * {@code x ← x ⊙ Aᵀ(b ⊘ Ax) ⊘ Aᵀ1}. Each update does not increase the Poisson negative log-likelihood
 * {@code 1ᵀAx − bᵀ log(Ax)} and keeps x non-negative. Where a ray sum Ax is 0 its ratio counts as 0
 * (every voxel on that ray is 0 and stays 0), and voxels that no ray sees are set to 0.
 * <p>
 * The data b are counts, b ≥ 0; negative values are read as 0, and NaN marks a pixel that was not measured
 * ({@link MissingData}): it is left out of the fit ({@link MaskedProjector}). It uses the projector's
 * {@code forward} and {@code back} only. Cost: one back projection for Aᵀ1, one forward projection of
 * the start, then one forward and one back projection per iteration; memory: three volumes and two
 * tilt series. The element-wise loops and the likelihood run on a {@link Parallelism} (results do not
 * depend on the number of threads). Instances are immutable and may run concurrently.
 */
public final class Mlem {

	private final Projector projector;
	private final MlemOptions options;
	private final Parallelism parallelism;

	/** On one thread besides the projector's own. */
	public Mlem(Projector projector, MlemOptions options) {
		this(projector, options, Parallelism.SERIAL);
	}

	/** With the element-wise loops on {@code parallelism}. */
	public Mlem(Projector projector, MlemOptions options, Parallelism parallelism) {
		if (projector == null)
			throw new IllegalArgumentException("MLEM needs a projector, got null");
		if (options == null)
			throw new IllegalArgumentException("MLEM needs options, got null; use MlemOptions.DEFAULT");
		if (parallelism == null)
			throw new IllegalArgumentException("MLEM needs a Parallelism, got null; use Parallelism.SERIAL");
		this.projector = projector;
		this.options = options;
		this.parallelism = parallelism;
	}

	public MlemOptions options() {
		return options;
	}

	/**
	 * Runs {@code iterations} EM updates on the counts {@code b}. It starts from a copy of
	 * {@code initialOrNull} (negative voxels set to 0; a voxel at 0 stays at 0) or, when null, from the
	 * positive constant {@code Σb / Σ(A1)} whose projections carry as many counts as b. The history holds,
	 * under "data", the negative log-likelihood {@code 1ᵀAx − bᵀ log(Ax + ε)} after each iteration.
	 * Reports progress once per iteration and checks for cancellation before each one.
	 *
	 * @throws java.util.concurrent.CancellationException when the monitor cancels
	 * @throws IllegalArgumentException when b or the initial volume do not fit the projector
	 */
	public Reconstruction run(TiltSeries b, Volume initialOrNull, int iterations, Monitor monitor) {
		ReconArrays.checkInputs(projector, b, initialOrNull, iterations);
		if (MissingData.any(b))
			return new Mlem(MaskedProjector.of(projector, b), options, parallelism).run(MissingData.filled(b), initialOrNull, iterations, monitor);
		TiltSeries counts = b.copy();
		org.fusedtomo.data.FloatArrays.clampNonNegative(counts.data());
		Volume sensitivity = projector.back(ReconArrays.onesSeries(projector));
		ReconArrays.invertGuarded(sensitivity.data());

		Volume x;
		if (initialOrNull == null) {
			x = Volume.zeros(projector.volumeGeometry()).withCalibration(b.calibration());
			java.util.Arrays.fill(x.data(), (float) fluxMatchedConstant(counts));
		}
		else {
			x = initialOrNull.copy();
			org.fusedtomo.data.FloatArrays.clampNonNegative(x.data());
		}
		TiltSeries ax = projector.forward(x);
		TiltSeries ratio = counts.zerosLike();
		Volume correction = x.zerosLike();
		float[] xd = x.data(), cd = correction.data(), sd = sensitivity.data();
		float[] bd = counts.data(), axd = ax.data(), rd = ratio.data();
		CostHistory history = new CostHistory();
		for (int k = 0; k < iterations; k++) {
			monitor.checkCancelled();
			parallelism.forRanges(rd.length, (from, to) -> {
				for (int i = from; i < to; i++)
					rd[i] = axd[i] > 0 ? bd[i] / axd[i] : 0;
			});
			projector.back(ratio, correction);
			parallelism.forRanges(xd.length, (from, to) -> {
				for (int i = from; i < to; i++)
					xd[i] *= cd[i] * sd[i];
			});
			projector.forward(x, ax);
			history.add("data", negativeLogLikelihood(axd, bd, options.epsilon(), parallelism));
			monitor.progress("MLEM", k + 1, iterations);
		}
		return new Reconstruction(x, history);
	}

	/** {@code Σb / Σ(A1)}, or 0 when either sum is 0. */
	private double fluxMatchedConstant(TiltSeries counts) {
		double total = 0, rays = 0;
		for (float f : counts.data())
			total += f;
		for (float f : projector.forward(ReconArrays.onesVolume(projector)).data())
			rays += f;
		return total > 0 && rays > 0 ? total / rays : 0;
	}

	/**
	 * {@code Σ Ax − b log(Ax + ε)}; Ax ≥ 0 here since x ≥ 0 and A has non-negative entries. Summed per chunk
	 * of {@link Parallelism#CHUNK} in chunk order, so any thread count gives one value.
	 */
	static double negativeLogLikelihood(float[] ax, float[] b, double epsilon, Parallelism parallelism) {
		return parallelism.sum(ax.length, (from, to) -> {
			double s = 0;
			for (int i = from; i < to; i++) {
				double a = Math.max(0, ax[i]);
				s += a;
				if (b[i] > 0)
					s -= b[i] * Math.log(a + epsilon);
			}
			return s;
		});
	}
}
