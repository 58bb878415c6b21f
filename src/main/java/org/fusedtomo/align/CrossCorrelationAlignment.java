package org.fusedtomo.align;

import java.util.Arrays;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.RepeatedTilts;
import org.fusedtomo.progress.Monitor;

/**
 * Coarse alignment by sequential cross-correlation: starting at the projection whose tilt is closest to
 * 0°, each projection is correlated with its neighbour nearer to 0° (in angle order, outward in both
 * directions) and the shifts are summed along the way. Neighbours look alike, so this tolerates large
 * shifts; its errors add up like a random walk toward high tilts.
 * <p>
 * It measures on the series after the initial alignment and adds its shifts to it with their mean
 * removed: it only measures relative shifts, so it leaves the global position to the initial alignment
 * (e.g. centre of mass).
 * <p>
 * <b>Repeated tilts.</b> When some tilt holds several exposures ({@link RepeatedTilts}), the exposures
 * of each tilt are first aligned to each other ({@link RepeatAveraging}), and the chain runs over the
 * tilts' averages, which are less noisy than any one exposure; an exposure's shift is its tilt's plus its
 * own within the tilt. So exposures are compared with their siblings at the same tilt, not with
 * whichever exposure of the neighbouring tilt happens to sit next to them in the series.
 * <p>
 * Cost: one {@link CrossCorrelation} per projection plus one resampling of the series (about three per
 * exposure with repeats).
 */
public final class CrossCorrelationAlignment {

	private final CrossCorrelationOptions options;

	public CrossCorrelationAlignment(CrossCorrelationOptions options) {
		if (options == null)
			throw new IllegalArgumentException("Cross-correlation alignment needs options, got null; use CrossCorrelationOptions.DEFAULT");
		this.options = options;
	}

	/**
	 * The initial alignment refined by sequential cross-correlation of the raw {@code series}. Checks
	 * for cancellation and reports progress per projection.
	 *
	 * @param initial an alignment with the series' angles, e.g. {@link Alignment#identity}
	 */
	public Alignment run(TiltSeries series, Alignment initial, Monitor monitor) {
		if (!initial.matches(series.geometry()))
			throw new IllegalArgumentException("The initial alignment has " + initial.angleCount() + " angles that do not match the series' " + series.geometry());
		int n = series.angleCount();
		TiltSeries aligned = initial.apply(series);
		double[] ux = new double[n], uy = new double[n];
		if (RepeatedTilts.of(series.geometry()).hasRepeats()) {
			RepeatAveraging.Result r = RepeatAveraging.average(aligned, options);
			double[][] u = chain(r.averaged(), monitor);
			int[] tiltOf = r.tilts().tiltOf();
			for (int i = 0; i < n; i++) {
				ux[i] = u[0][tiltOf[i]] + r.dx()[i];
				uy[i] = u[1][tiltOf[i]] + r.dy()[i];
			}
		}
		else {
			double[][] u = chain(aligned, monitor);
			ux = u[0];
			uy = u[1];
		}
		removeMean(ux);
		removeMean(uy);
		return initial.plusAlignedShifts(ux, uy, "cross-correlation");
	}

	/** The summed neighbour shifts {@code {ux, uy}} of each projection of {@code aligned}, outward from 0°. */
	private double[][] chain(TiltSeries aligned, Monitor monitor) {
		int n = aligned.angleCount();
		CrossCorrelation cc = new CrossCorrelation(aligned.width(), aligned.height(), options);
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++)
			order[i] = i;
		Arrays.sort(order, (a, b) -> Double.compare(aligned.angleDeg(a), aligned.angleDeg(b)));
		int start = 0;
		for (int k = 1; k < n; k++)
			if (Math.abs(aligned.angleDeg(order[k])) < Math.abs(aligned.angleDeg(order[start])))
				start = k;
		double[] ux = new double[n], uy = new double[n];
		int done = 1;
		for (int direction : new int[] { 1, -1 }) {
			for (int k = start + direction; k >= 0 && k < n; k += direction) {
				monitor.checkCancelled();
				int previous = order[k - direction], current = order[k];
				double[] d = cc.shift(aligned.data(), aligned.projectionOffset(previous), aligned.data(), aligned.projectionOffset(current));
				ux[current] = ux[previous] + d[0];
				uy[current] = uy[previous] + d[1];
				monitor.progress("Cross-correlation alignment", ++done, n);
			}
		}
		return new double[][] { ux, uy };
	}

	/** {@link #run(TiltSeries, Alignment, Monitor)} from the identity alignment. */
	public Alignment run(TiltSeries series, Monitor monitor) {
		return run(series, Alignment.identity(series.anglesDeg()), monitor);
	}

	static void removeMean(double[] v) {
		double mean = Arrays.stream(v).average().orElse(0);
		for (int i = 0; i < v.length; i++)
			v[i] -= mean;
	}
}
