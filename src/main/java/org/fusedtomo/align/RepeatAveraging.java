package org.fusedtomo.align;

import org.fusedtomo.data.MissingData;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.RepeatedTilts;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.geometry.TiltGeometry;

/**
 * Averages the exposures of each tilt after aligning them to each other: a series recorded with several
 * exposures per tilt ({@link RepeatedTilts}) becomes one projection per tilt, with the noise of the
 * exposures averaged and without the blur their drift would add.
 * <p>
 * <b>Method.</b> Per tilt with k ≥ 2 exposures, each exposure's shift is measured by
 * {@link CrossCorrelation} against the first exposure; then once more against the mean of the other
 * exposures shifted into place (leave one out, so no exposure correlates with its own noise). The shifts
 * of a tilt are made zero-mean, so the average sits where the exposures sit on average; each exposure is
 * moved by its shift (bilinear, edge pixels repeated) and the k are averaged. A tilt with one exposure
 * is copied unchanged. Pixels not measured (NaN) read as 0 in the correlations, and a pixel that one exposure did not
 * measure is NaN in the average.
 * <p>
 * Cost: about 2k cross-correlations and 2k resamplings per tilt of k exposures; memory one output series.
 */
public final class RepeatAveraging {

	/** Resampling that keeps the edges of a shifted exposure from darkening the average. */
	private static final ShiftInterpolation EDGE = new ShiftInterpolation(ShiftInterpolation.Fill.EDGE);

	private RepeatAveraging() {}

	/**
	 * The average and what went into it.
	 *
	 * @param averaged one projection per distinct tilt, at the tilt's angle, in increasing angle
	 * @param tilts the grouping of the input projections
	 * @param dx per input projection, its measured displacement in x (pixels) from its tilt's average;
	 *        zero-mean over each tilt: {@code exposure(p) ≈ average(p − (dx, dy))}
	 * @param dy the same in y
	 */
	public record Result(TiltSeries averaged, RepeatedTilts tilts, double[] dx, double[] dy) {

		/** The number of exposures averaged into projection {@code t} of {@link #averaged}. */
		public int exposureCount(int t) {
			return tilts.exposureCount(t);
		}
	}

	/**
	 * Aligns and averages the exposures of each tilt of {@code series} (see class comment); the input is
	 * not modified. A series without repeats comes back as a copy with zero shifts.
	 *
	 * @throws IllegalArgumentException when a repeated tilt's projections are smaller than 4 x 4 pixels
	 */
	public static Result average(TiltSeries series, CrossCorrelationOptions options) {
		RepeatedTilts tilts = RepeatedTilts.of(series.geometry());
		int w = series.width(), h = series.height(), plane = w * h, n = series.angleCount();
		double[] dx = new double[n], dy = new double[n];
		TiltSeries out = new TiltSeries(new TiltGeometry(w, h, tilts.anglesDeg()), series.calibration());
		CrossCorrelation cc = tilts.hasRepeats() ? new CrossCorrelation(w, h, options) : null;
		// NB: pixels not measured (NaN: an aligned series) read as 0 in the correlations, as in the alignment steps; the average keeps them NaN.
		float[] in = series.data(), search = MissingData.filled(series).data();
		for (int t = 0; t < tilts.tiltCount(); t++) {
			int[] e = tilts.exposures(t);
			int k = e.length;
			if (k == 1) {
				System.arraycopy(in, series.projectionOffset(e[0]), out.data(), out.projectionOffset(t), plane);
				continue;
			}
			double[] sx = new double[k], sy = new double[k];
			for (int j = 1; j < k; j++) {
				double[] d = cc.shift(search, series.projectionOffset(e[0]), search, series.projectionOffset(e[j]));
				sx[j] = d[0];
				sy[j] = d[1];
			}
			float[] moved = moveAll(search, series, e, sx, sy);
			float[] others = new float[plane];
			for (int j = 0; j < k; j++) {
				// NB: the reference leaves exposure j out, so its noise does not pull the peak to zero.
				for (int i = 0; i < plane; i++) {
					double sum = 0;
					for (int m = 0; m < k; m++)
						if (m != j)
							sum += moved[m * plane + i];
					others[i] = (float) (sum / (k - 1));
				}
				double[] r = cc.shift(others, 0, moved, j * plane);
				sx[j] += r[0];
				sy[j] += r[1];
			}
			CrossCorrelationAlignment.removeMean(sx);
			CrossCorrelationAlignment.removeMean(sy);
			moved = moveAll(in, series, e, sx, sy);
			float[] dst = out.data();
			int off = out.projectionOffset(t);
			for (int i = 0; i < plane; i++) {
				double sum = 0;
				for (int m = 0; m < k; m++)
					sum += moved[m * plane + i];
				dst[off + i] = (float) (sum / k);
			}
			for (int j = 0; j < k; j++) {
				dx[e[j]] = sx[j];
				dy[e[j]] = sy[j];
			}
		}
		return new Result(out, tilts, dx, dy);
	}

	/** Exposures {@code e} of {@code series}, each moved back by its shift, one after another. */
	private static float[] moveAll(float[] in, TiltSeries series, int[] e, double[] sx, double[] sy) {
		int w = series.width(), h = series.height(), plane = w * h;
		float[] moved = new float[e.length * plane];
		for (int j = 0; j < e.length; j++)
			EDGE.shift(in, series.projectionOffset(e[j]), moved, j * plane, w, h, sx[j], sy[j]);
		return moved;
	}
}
