package org.fusedtomo.data;

import java.util.Arrays;

import org.fusedtomo.geometry.TiltGeometry;

/**
 * Whether a specimen runs out of the field of view across the tilt axis, and how far a volume must reach
 * beyond the view then. A section or lamella wider than the view sends the rays near the view's left and
 * right edges through matter that no projection shows whole; a volume only as wide as the view has nowhere
 * to put that matter but its own rim (a bright circle in x–z slices), and its projections at other tilts
 * go wrong (docs/real-data.md, IDP). A volume wider by a margin on each side, still projected onto the view
 * only, holds that matter: with {@link #margin} every ray of the view crosses the whole depth inside it.
 */
public final class FieldOfView {

	/** The outer 1/EDGE_DIVISOR of the width on each side (at least one column) decides whether the specimen reaches the edge. */
	public static final int EDGE_DIVISOR = 32;

	/**
	 * The specimen reaches an edge when the mean of that edge's columns is at least this fraction of the
	 * projection's mean (the median over tilts). A specimen inside the view leaves background there (zero after
	 * background subtraction, a few per cent of the mean at most); a section cut by the view keeps its signal.
	 */
	public static final double EDGE_FRACTION = 0.25;

	/** The percentile of each projection taken as its background level. */
	public static final double BACKGROUND_PERCENTILE = 5;

	private FieldOfView() {}

	/**
	 * The median over tilts of the larger of the left and right edge signals (mean of the outer
	 * {@code max(1, width / EDGE_DIVISOR)} columns) as a fraction of the projection's mean, both above the projection's
	 * {@link #BACKGROUND_PERCENTILE}th percentile (a background offset that is not specimen, e.g. of raw
	 * HAADF images); 0 for a projection without signal above it. Pixels not measured ({@link MissingData}) count as 0.
	 */
	public static double edgeFraction(TiltSeries measured) {
		TiltSeries series = MissingData.filled(measured);
		int w = series.width(), h = series.height(), k = Math.max(1, w / EDGE_DIVISOR);
		if (w < 2)
			return 0;
		float[] d = series.data();
		double[] fraction = new double[series.angleCount()];
		for (int a = 0; a < fraction.length; a++) {
			int off = series.projectionOffset(a);
			double all = 0, left = 0, right = 0;
			for (int y = 0; y < h; y++) {
				int row = off + y * w;
				for (int x = 0; x < w; x++)
					all += d[row + x];
				for (int x = 0; x < k; x++) {
					left += d[row + x];
					right += d[row + w - 1 - x];
				}
			}
			float[] sorted = Arrays.copyOfRange(d, off, off + w * h);
			Arrays.sort(sorted);
			double background = sorted[(int) Math.floor(BACKGROUND_PERCENTILE / 100 * (sorted.length - 1))];
			double mean = all / ((double) w * h) - background, edge = Math.max(left, right) / ((double) k * h) - background;
			fraction[a] = mean > 0 ? Math.max(0, edge) / mean : 0;
		}
		Arrays.sort(fraction);
		return fraction[fraction.length / 2];
	}

	/** Whether the specimen reaches the left or right edge of the view ({@link #EDGE_FRACTION}). */
	public static boolean truncated(TiltSeries series) {
		return edgeFraction(series) >= EDGE_FRACTION;
	}

	/**
	 * Voxels to add on each side in x so that every ray of the view crosses all {@code depth} voxels inside
	 * the volume: {@code ceil(depth / 2 · tan θ)} at the largest |tilt| θ, at most half the view's width
	 * (the volume at most twice as wide).
	 */
	public static int margin(TiltGeometry tilts, int depth) {
		double largest = 0;
		for (int a = 0; a < tilts.angleCount(); a++)
			largest = Math.max(largest, Math.abs(tilts.angleDeg(a)));
		double reach = depth / 2.0 * Math.tan(Math.toRadians(Math.min(largest, 89)));
		return (int) Math.min(tilts.width() / 2, Math.ceil(reach - 1e-9));
	}

	/** {@link #margin} for a specimen that reaches the edge ({@link #truncated}), else 0. */
	public static int automaticMargin(TiltSeries series, int depth) {
		return truncated(series) ? margin(series.geometry(), depth) : 0;
	}

	/**
	 * {@link #automaticMargin(TiltSeries, int)} of the HAADF series when every chemical series lies on the HAADF
	 * grid, else 0: coarser or smaller maps are placed on the volume's full width, which must then be the view's.
	 */
	public static int automaticMargin(MultiModalSeries series, int depth) {
		return series.fullySampled() ? automaticMargin(series.haadf(), depth) : 0;
	}
}
