package org.fusedtomo.recon;

import org.fusedtomo.data.MissingData;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.parallel.SpareScratch;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.MaskedProjector;
import org.fusedtomo.projector.Projector;

/**
 * The Simultaneous Iterative Reconstruction Technique, as in ASTRA's {@code SirtAlgorithm}:
 * {@code x ← x + ω C Aᵀ R (b − A x)} with the ray weights {@code R = 1/(A 1)} and voxel weights
 * {@code C = 1/(Aᵀ 1)}, each 0 where its sum is (nearly) 0, optionally clipped at 0. This is gradient
 * descent on the R-weighted residual ½‖Ax − b‖²_R in the C⁻¹ metric, which decreases monotonically.
 * {@link #run} leaves pixels that b marks NaN (not measured, {@link MissingData}) out ({@link MaskedProjector}).
 * <p>
 * It uses the projector's {@code forward} and {@code back} and nothing else. Cost: two projections
 * for the weights, then one forward and one back projection per iteration (plus one forward for an
 * initial volume); memory: three volumes and three tilt series. Instances are immutable and may run
 * concurrently; {@link #runWith} keeps its work arrays between calls (softly, so the GC may reclaim them),
 * as a fused run calls it every iteration, and a concurrent call does not share them.
 */
public final class Sirt {

	private final Projector projector;
	private final SirtOptions options;
	/** {@link #runWith}'s work arrays from its last finished call; a concurrent call takes them or allocates its own. */
	private final SpareScratch<Workspace> spare = new SpareScratch<>();

	/** The update volume Aᵀ R (b − A x), the projection A x and the weighted residual R (b − A x). */
	private record Workspace(Volume update, TiltSeries projection, TiltSeries residual) {}

	public Sirt(Projector projector, SirtOptions options) {
		if (projector == null)
			throw new IllegalArgumentException("SIRT needs a projector, got null");
		if (options == null)
			throw new IllegalArgumentException("SIRT needs options, got null; use SirtOptions.DEFAULT");
		this.projector = projector;
		this.options = options;
	}

	public SirtOptions options() {
		return options;
	}

	/**
	 * Runs {@code iterations} SIRT updates on the data {@code b}, starting from a copy of
	 * {@code initialOrNull} or from zero. The history holds, under "data", the residual ½‖Ax − b‖² of
	 * the volume after each iteration (so its length is {@code iterations}). Reports progress once per
	 * iteration and checks for cancellation before each one.
	 *
	 * @throws java.util.concurrent.CancellationException when the monitor cancels
	 * @throws IllegalArgumentException when b or the initial volume do not fit the projector
	 */
	public Reconstruction run(TiltSeries b, Volume initialOrNull, int iterations, Monitor monitor) {
		ReconArrays.checkInputs(projector, b, initialOrNull, iterations);
		if (MissingData.any(b))
			return new Sirt(MaskedProjector.of(projector, b), options).run(MissingData.filled(b), initialOrNull, iterations, monitor);
		TiltSeries rayWeights = projector.forward(ReconArrays.onesVolume(projector));
		ReconArrays.invertGuarded(rayWeights.data());
		Volume voxelWeights = projector.back(ReconArrays.onesSeries(projector));
		ReconArrays.invertGuarded(voxelWeights.data());

		Volume x = initialOrNull == null ? Volume.zeros(projector.volumeGeometry()).withCalibration(b.calibration()) : initialOrNull.copy();
		if (options.nonNegative())
			org.fusedtomo.data.FloatArrays.clampNonNegative(x.data());
		TiltSeries ax = initialOrNull == null ? b.zerosLike() : projector.forward(x);
		TiltSeries residual = b.zerosLike();
		Volume update = x.zerosLike();
		float[] xd = x.data(), ud = update.data(), cd = voxelWeights.data();
		float[] bd = b.data(), axd = ax.data(), rd = residual.data(), wd = rayWeights.data();
		float omega = (float) options.relaxation();
		CostHistory history = new CostHistory();
		for (int k = 0; k < iterations; k++) {
			monitor.checkCancelled();
			for (int i = 0; i < rd.length; i++)
				rd[i] = wd[i] * (bd[i] - axd[i]);
			projector.back(residual, update);
			addScaledProduct(xd, omega, cd, ud, options.nonNegative(), 0, xd.length);
			projector.forward(x, ax);
			history.add("data", org.fusedtomo.data.FloatArrays.halfSquaredDistance(axd, bd));
			monitor.progress("SIRT", k + 1, iterations);
		}
		return new Reconstruction(x, history);
	}

	/**
	 * The inverted ray sums {@code 1 ⊘ A1} and voxel sums {@code 1 ⊘ Aᵀ1} of SIRT's update, which depend
	 * on the projector only: compute them once for repeated short runs (two projections).
	 */
	public record Weights(TiltSeries rays, Volume voxels) {}

	/** The weights of this projector, two projections. */
	public Weights weights() {
		TiltSeries rayWeights = projector.forward(ReconArrays.onesVolume(projector));
		ReconArrays.invertGuarded(rayWeights.data());
		Volume voxelWeights = projector.back(ReconArrays.onesSeries(projector));
		ReconArrays.invertGuarded(voxelWeights.data());
		return new Weights(rayWeights, voxelWeights);
	}

	/**
	 * The volume of {@link #run} from {@code initial} (not null) with precomputed {@code weights} and
	 * the initial projection {@code initialProjection} = A·initial (which must already be non-negative if
	 * the options clip), without the cost history: it skips the two weight projections, the first forward
	 * projection and the last one (which served the history only). Element-wise loops run on
	 * {@code parallelism}. The volume equals {@code run(b, initial, iterations, monitor).volume()}.
	 */
	public Volume runWith(TiltSeries b, Volume initial, TiltSeries initialProjection, Weights weights, int iterations, Parallelism parallelism, Monitor monitor) {
		ReconArrays.checkInputs(projector, b, initial, iterations);
		if (!initialProjection.geometry().equals(b.geometry()))
			throw new IllegalArgumentException("Initial projection is " + initialProjection.geometry() + " but the tilt series b is " + b.geometry());
		Volume x = initial.copy();
		float[] xd = x.data();
		boolean clip = options.nonNegative();
		if (clip)
			parallelism.forRanges(xd.length, (from, to) -> org.fusedtomo.data.FloatArrays.clampNonNegative(xd, from, to));
		Workspace work = takeWorkspace(b, x);
		TiltSeries ax = work.projection(), residual = work.residual();
		Volume update = work.update();
		System.arraycopy(initialProjection.data(), 0, ax.data(), 0, ax.data().length);
		float[] ud = update.data(), cd = weights.voxels().data();
		float[] bd = b.data(), axd = ax.data(), rd = residual.data(), wd = weights.rays().data();
		float omega = (float) options.relaxation();
		for (int k = 0; k < iterations; k++) {
			monitor.checkCancelled();
			parallelism.forRanges(rd.length, (from, to) -> {
				for (int i = from; i < to; i++)
					rd[i] = wd[i] * (bd[i] - axd[i]);
			});
			projector.back(residual, update);
			parallelism.forRanges(xd.length, (from, to) -> addScaledProduct(xd, omega, cd, ud, clip, from, to));
			if (k < iterations - 1)
				projector.forward(x, ax);
		}
		spare.keep(work);
		return x;
	}

	/** Work arrays for {@link #runWith}, reused where the last call's fit (every value is written before it is read). */
	private Workspace takeWorkspace(TiltSeries b, Volume x) {
		return spare.take(w -> w.update().geometry().equals(x.geometry()) && w.residual().geometry().equals(b.geometry()),
			() -> new Workspace(x.zerosLike(), b.zerosLike(), b.zerosLike()));
	}

	/**
	 * {@code x[i] += omega · c[i] · u[i]} on [from, to); with {@code nonNegative}, values below 0 and NaN
	 * then become 0 (and −0 becomes +0). NB: the clip is Math.max inside the update loop, which C2
	 * vectorises, and then a scan for the NaN that Math.max keeps while the range is still in cache; a clip
	 * with a branch per voxel mispredicts wherever the update changes sign.
	 */
	static void addScaledProduct(float[] x, float omega, float[] c, float[] u, boolean nonNegative, int from, int to) {
		if (!nonNegative) {
			for (int i = from; i < to; i++)
				x[i] += omega * c[i] * u[i];
			return;
		}
		for (int i = from; i < to; i++)
			x[i] = Math.max(x[i] + omega * c[i] * u[i], 0f);
		for (int i = from; i < to; i++)
			if (Float.isNaN(x[i]))
				x[i] = 0;
	}
}
