package org.fusedtomo.align;

import org.fusedtomo.data.Binning;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.CostHistory;

/**
 * Fine alignment by projection matching, coarse to fine over bin levels. Each round: apply the current
 * alignment to the raw series, bin it, reconstruct by non-negative SIRT (from zero, a cube as wide as
 * the projections), reproject, and cross-correlate each projection with its reprojection; the shift of
 * the data against the model, less what a rigid translation of the object explains (not observable,
 * see {@link RigidTranslation}) and times the damping, is added to the alignment. A level ends when the RMS applied update is below the tolerance or after
 * {@code maxIterations} rounds.
 * <p>
 * The history records per round "residual" (‖A x − b‖ / ‖b‖ of the binned data) and "rmsUpdatePx"
 * (full-size pixels). Cost per round: one resampling, {@code 3 + 2·sirtIterations} projections at that
 * level's size (the binned cube costs b⁴ less than full size), one cross-correlation per projection.
 */
public final class ProjectionMatching {

	/** The refined alignment and its per-round history. */
	public record Result(Alignment alignment, CostHistory history) {}

	private final ProjectionMatchingOptions options;
	private final Parallelism parallelism;

	public ProjectionMatching(ProjectionMatchingOptions options, Parallelism parallelism) {
		if (options == null)
			throw new IllegalArgumentException("Projection matching needs options, got null; use ProjectionMatchingOptions.DEFAULT");
		if (parallelism == null)
			throw new IllegalArgumentException("Projection matching needs a Parallelism, got null");
		this.options = options;
		this.parallelism = parallelism;
	}

	public ProjectionMatchingOptions options() {
		return options;
	}

	/**
	 * Refines {@code initial} (which must have the series' angles) on the raw, background-subtracted
	 * {@code series}. Checks for cancellation and reports progress once per round and per SIRT iteration.
	 *
	 * @throws java.util.concurrent.CancellationException when the monitor cancels
	 */
	public Result run(TiltSeries series, Alignment initial, Monitor monitor) {
		if (!initial.matches(series.geometry()))
			throw new IllegalArgumentException("The initial alignment has " + initial.angleCount() + " angles that do not match the series' " + series.geometry());
		Alignment current = initial;
		CostHistory history = new CostHistory();
		int n = series.angleCount(), levels = options.binnings().size(), totalRounds = levels * options.maxIterations();
		int round = 0;
		for (int level = 0; level < levels; level++) {
			int bin = Math.min(options.binnings().get(level), Math.min(series.width(), series.height()) / 4);
			bin = Math.max(1, bin);
			for (int it = 0; it < options.maxIterations(); it++, round++) {
				monitor.checkCancelled();
				TiltSeries data = Binning.bin(current.apply(series), bin);
				Monitor sub = monitor.sub("Projection matching (bin " + bin + ")", round, 1, totalRounds);
				SirtReprojection reprojection = SirtReprojection.of(data, options.sirtIterations(), parallelism, sub);
				TiltSeries model = reprojection.model();
				history.add("residual", reprojection.relativeResidual());
				CrossCorrelation cc = new CrossCorrelation(data.width(), data.height(), options.correlation());
				double[] ux = new double[n], uy = new double[n];
				for (int a = 0; a < n; a++) {
					monitor.checkCancelled();
					double[] d = cc.shift(model.data(), model.projectionOffset(a), data.data(), data.projectionOffset(a));
					ux[a] = d[0] * bin;
					uy[a] = d[1] * bin;
				}
				RigidTranslation.remove(ux, series.anglesDeg());
				CrossCorrelationAlignment.removeMean(uy);
				double sum = 0;
				for (int a = 0; a < n; a++) {
					ux[a] *= options.damping();
					uy[a] *= options.damping();
					sum += ux[a] * ux[a] + uy[a] * uy[a];
				}
				double rms = Math.sqrt(sum / n);
				history.add("rmsUpdatePx", rms);
				current = current.plusAlignedShifts(ux, uy, null);
				monitor.progress("Projection matching", round + 1, totalRounds);
				if (rms < options.tolerancePx()) {
					round += options.maxIterations() - it;
					// NB: the level's remaining rounds are done; the stage ended at 70 % (17/24) when it converged early.
					monitor.progress("Projection matching", round, totalRounds);
					break;
				}
			}
		}
		String method = "projection-matching(bins " + options.binnings() + ", sirt " + options.sirtIterations() + ")";
		return new Result(current.withShifts(current.dx(), current.dy(), method), history);
	}
}
