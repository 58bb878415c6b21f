package org.fusedtomo.align;

import java.util.ArrayList;
import java.util.List;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.progress.Monitor;

/**
 * The tilt-axis rotation from projections 180° apart (e.g. −90° and +90°). Turning the object by 180°
 * about the axis mirrors its projection about the axis line, so {@code P(θ + 180°)} is {@code P(θ)}
 * mirrored about the axis, up to a shift (drift, axis offset). For a candidate rotation φ both
 * projections are turned by φ as {@link Alignment#apply} would, one is mirrored about the vertical, the
 * shift between them is found by cross-correlation and undone, and the score is one minus their
 * normalised correlation inside a margin of an eighth of the frame, averaged over pairs.
 * <p>
 * Unlike the common line of {@link TiltAxisFinder}, which compares only one line of each spectrum, this
 * compares whole images, so it is not misled by an object whose spectrum is anisotropic (a needle along
 * the axis); it is the direct estimate wherever a series spans 180°. Cost per candidate and pair: two
 * bilinear resamplings, one shift and one cross-correlation (three FFTs) of a projection.
 */
final class MirrorPairs {

	/** Two tilts count as 180° apart within this, degrees. */
	static final double TOLERANCE_DEG = 0.5;

	private final TiltSeries pairs;
	private final CrossCorrelation correlation;

	/**
	 * @param series background-subtracted projections, negatives kept
	 * @throws IllegalArgumentException when {@link #find} finds no pair
	 */
	MirrorPairs(TiltSeries series) {
		int[][] found = find(series.anglesDeg());
		if (found.length == 0)
			throw new IllegalArgumentException("No two tilts of " + series.geometry() + " are 180 deg apart (within " + TOLERANCE_DEG + " deg)");
		int[] indices = new int[2 * found.length];
		for (int p = 0; p < found.length; p++) {
			indices[2 * p] = found[p][0];
			indices[2 * p + 1] = found[p][1];
		}
		pairs = series.subset(indices);
		correlation = new CrossCorrelation(series.width(), series.height(), CrossCorrelationOptions.DEFAULT);
	}

	/** Index pairs {i, j} with {@code θ_j − θ_i = 180° ± TOLERANCE_DEG}, each index used once. */
	static int[][] find(double[] anglesDeg) {
		List<int[]> out = new ArrayList<>();
		boolean[] used = new boolean[anglesDeg.length];
		for (int i = 0; i < anglesDeg.length; i++)
			for (int j = 0; j < anglesDeg.length && !used[i]; j++)
				if (!used[j] && Math.abs(anglesDeg[j] - anglesDeg[i] - 180) <= TOLERANCE_DEG) {
					used[i] = used[j] = true;
					out.add(new int[] { i, j });
				}
		return out.toArray(int[][]::new);
	}

	/** How many pairs are compared. */
	int count() {
		return pairs.angleCount() / 2;
	}

	/** One minus the mean normalised correlation of the pairs at {@code rotationDeg}; 0 is a perfect mirror. Checks for cancellation. */
	double score(double rotationDeg, Monitor monitor) {
		int w = pairs.width(), h = pairs.height(), n = w * h;
		TiltSeries turned = new Alignment(pairs.anglesDeg(), new double[pairs.angleCount()], new double[pairs.angleCount()], rotationDeg, 0, null).apply(pairs);
		float[] d = turned.data(), mirrored = new float[n], moved = new float[n];
		int margin = Math.min(w, h) / 8;
		double sum = 0;
		for (int p = 0; p < count(); p++) {
			monitor.checkCancelled();
			int a = turned.projectionOffset(2 * p), b = turned.projectionOffset(2 * p + 1);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					mirrored[y * w + x] = d[a + y * w + (w - 1 - x)];
			double[] s = correlation.shift(mirrored, 0, d, b);
			ShiftInterpolation.DEFAULT.shift(mirrored, 0, moved, 0, w, h, -s[0], -s[1]);
			double uv = 0, uu = 0, vv = 0;
			for (int y = margin; y < h - margin; y++)
				for (int x = margin; x < w - margin; x++) {
					double u = d[b + y * w + x], v = moved[y * w + x];
					uv += u * v;
					uu += u * u;
					vv += v * v;
				}
			sum += uu > 0 && vv > 0 ? uv / Math.sqrt(uu * vv) : 0;
		}
		return 1 - sum / count();
	}
}
