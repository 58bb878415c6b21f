package org.fusedtomo.align;

import java.util.stream.IntStream;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.progress.Monitor;

/**
 * Coarse alignment by centre of mass: each projection is shifted so that its intensity-weighted
 * centre is at the detector centre, in x and, if asked, y. For an isolated object on a zero background
 * the projected centre of mass of a parallel projection moves only with the object, so this puts the
 * object's centre of mass on the tilt axis, which also fixes the otherwise unobservable rigid
 * translation. Subtract the background first, but do not clip negatives: a residual background, and
 * also the positive half of clipped noise, pulls the centre toward the middle of the frame (by about
 * 0.3 px for a 3 px offset at HAADF noise). Values count with their sign, so zero-mean noise cancels.
 * <p>
 * A centre is no estimate when the frame holds no isolated object: where the content reaches the frame's edges
 * (the real IDP set), the background model takes the mean level and leaves a mass near 0, and its "centre" landed
 * 130 px outside a 64 px frame. {@link #standardError} measures this from the data, and {@link #unreliable} names
 * such projections; they keep their initial shifts.
 * <p>
 * Cost: one pass over the data (two with the error).
 */
public final class CentreOfMassAlignment {

	/**
	 * A centre whose standard error exceeds this fraction of the frame's smaller side is no estimate (8 px at 64 px):
	 * large enough that low-dose series of small objects pass (errors of 1–2 px), far below the IDP's infinite errors.
	 */
	public static final double MAX_ERROR_OF_FRAME = 1.0 / 8;

	private final boolean alignX;
	private final boolean alignY;

	/**
	 * @param alignX centre the projections horizontally (across the tilt axis)
	 * @param alignY centre them vertically (along the tilt axis)
	 */
	public CentreOfMassAlignment(boolean alignX, boolean alignY) {
		if (!alignX && !alignY)
			throw new IllegalArgumentException("Centre-of-mass alignment needs alignX or alignY, got neither");
		this.alignX = alignX;
		this.alignY = alignY;
	}

	/**
	 * The centre of mass {@code {x, y}} in pixels of the {@code width x height} image at {@code offset},
	 * values counted with their sign, or null when their sum is not positive.
	 */
	public static double[] centreOfMass(float[] data, int offset, int width, int height) {
		double sum = 0, sx = 0, sy = 0;
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				double v = data[offset + y * width + x];
				sum += v;
				sx += v * x;
				sy += v * y;
			}
		return sum > 0 ? new double[] { sx / sum, sy / sum } : null;
	}

	/**
	 * The standard error in pixels (the larger of x and y) of the centre of mass {@code com} of the image at
	 * {@code offset}, with the pixel noise read from the negative values (zero-mean noise puts half its power below
	 * 0; background-subtracted content below the model counts as noise too, as it should); infinite when the mass is
	 * not positive. Data without negatives (raw counts) read as noise-free: 0.
	 */
	public static double standardError(float[] data, int offset, int width, int height, double[] com) {
		double sum = 0, negativePower = 0, sxx = 0, syy = 0;
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				double v = data[offset + y * width + x];
				sum += v;
				if (v < 0)
					negativePower += v * v;
			}
		if (!(sum > 0) || com == null)
			return Double.POSITIVE_INFINITY;
		for (int x = 0; x < width; x++)
			sxx += (x - com[0]) * (x - com[0]);
		for (int y = 0; y < height; y++)
			syy += (y - com[1]) * (y - com[1]);
		double variance = 2 * negativePower / ((double) width * height);
		return Math.sqrt(variance * Math.max(sxx * height, syy * width)) / sum;
	}

	/** The projections of {@code series} whose centre of mass is no estimate ({@link #MAX_ERROR_OF_FRAME}), in order. */
	public static int[] unreliable(TiltSeries series) {
		return IntStream.range(0, series.angleCount()).filter(a -> estimate(series, a) == null).toArray();
	}

	/** The centre of mass of projection {@code a}, or null when it is no estimate ({@link #MAX_ERROR_OF_FRAME}). */
	private static double[] estimate(TiltSeries series, int a) {
		int off = series.projectionOffset(a);
		double[] com = centreOfMass(series.data(), off, series.width(), series.height());
		double limit = MAX_ERROR_OF_FRAME * Math.min(series.width(), series.height());
		return standardError(series.data(), off, series.width(), series.height(), com) <= limit ? com : null;
	}

	/**
	 * The alignment of the raw {@code series} that takes each projection's centre of mass to the
	 * centre; other parts of {@code initial} (axis rotation, offset, the other axis' shifts) are kept,
	 * and projections whose centre is no estimate ({@link #unreliable}: a mass near or below 0) keep their initial shifts.
	 *
	 * @param initial an alignment with the series' angles, e.g. {@link Alignment#identity}
	 */
	public Alignment run(TiltSeries series, Alignment initial, Monitor monitor) {
		if (!initial.matches(series.geometry()))
			throw new IllegalArgumentException("The initial alignment has " + initial.angleCount() + " angles that do not match the series' " + series.geometry());
		double[] dx = initial.dx(), dy = initial.dy();
		double cx = (series.width() - 1) / 2.0, cy = (series.height() - 1) / 2.0;
		for (int a = 0; a < series.angleCount(); a++) {
			monitor.checkCancelled();
			double[] com = estimate(series, a);
			if (com != null) {
				// Raw position of the aligned centre is c + (offset + dx, dy); see Alignment.
				if (alignX)
					dx[a] = com[0] - cx - initial.axisOffsetPx();
				if (alignY)
					dy[a] = com[1] - cy;
			}
			monitor.progress("Centre-of-mass alignment", a + 1, series.angleCount());
		}
		return initial.withShifts(dx, dy, "centre-of-mass(" + (alignX ? "x" : "") + (alignY ? "y" : "") + ")");
	}

	/** {@link #run(TiltSeries, Alignment, Monitor)} from the identity alignment. */
	public Alignment run(TiltSeries series, Monitor monitor) {
		return run(series, Alignment.identity(series.anglesDeg()), monitor);
	}
}
