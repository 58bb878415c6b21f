package org.fusedtomo.geometry;

/**
 * The one interpolation that moves projections, for alignment ({@code align.Alignment}) and for the
 * simulated drift (its inverse, {@code Alignment.applyInverse}): <b>bilinear</b>, a 2D rigid resampling
 * (rotation and shift) in a single pass. Bilinear was chosen over a Fourier shift because it is local
 * (no ringing around sharp particles, no wrap-around of content leaving the frame), keeps non-negative
 * counts non-negative (Poisson-EM needs that), and does a rotation and a shift in one pass, so an image
 * is resampled once. Its price is a mild low-pass for fractional shifts (at most a [¼ ½ ¼] kernel at
 * half a pixel), which does not move feature positions. Integer shifts are exact.
 * <p>
 * Coordinates are pixels, x to the right and y down, with the centre {@code c = ((w-1)/2, (h-1)/2)}.
 * {@link #transform} samples {@code dst(q) = src(c + t + R(q − c))}, where R turns by the angle φ:
 * {@code R(x, y) = (x cos φ − y sin φ, x sin φ + y cos φ)}. Samples outside the source are filled as
 * {@link Fill} says.
 *
 * @param fill what a sample outside the source image reads
 */
public record ShiftInterpolation(Fill fill) {

	/** How samples outside the source image are read. */
	public enum Fill {
		/** Outside is 0, the right value for background-subtracted data. */
		ZERO,
		/** Outside repeats the nearest edge pixel. */
		EDGE,
		/**
		 * A sample that needs a pixel outside the source is NaN: not measured ({@code data.MissingData}), so that a
		 * reconstruction leaves it out instead of fitting a zero. Samples on the source's edge (weight 0 outside) are kept.
		 */
		MISSING
	}

	/** Bilinear with zero fill. */
	public static final ShiftInterpolation DEFAULT = new ShiftInterpolation(Fill.ZERO);

	/** Bilinear, NaN where the source has no data ({@link Fill#MISSING}): what {@code align} writes. */
	public static final ShiftInterpolation MISSING = new ShiftInterpolation(Fill.MISSING);

	public ShiftInterpolation {
		if (fill == null)
			throw new IllegalArgumentException("ShiftInterpolation fill must not be null; use Fill.ZERO or Fill.EDGE");
	}

	/**
	 * Writes {@code dst(q) = src(c + t + R(q − c))} for every pixel q of a {@code width} x
	 * {@code height} image stored row by row from offset {@code srcOff} / {@code dstOff}.
	 * Cost: one bilinear sample per pixel.
	 *
	 * @param rotationDeg φ in degrees
	 * @param tx x of t in pixels
	 * @param ty y of t in pixels
	 */
	public void transform(float[] src, int srcOff, float[] dst, int dstOff, int width, int height, double rotationDeg, double tx, double ty) {
		double phi = Math.toRadians(rotationDeg);
		double cos = Math.cos(phi), sin = Math.sin(phi);
		double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
		for (int y = 0; y < height; y++) {
			double qy = y - cy;
			// Source position of x = 0 on this row, and its step per x.
			double sx = cx + tx - cx * cos - qy * sin, sy = cy + ty - cx * sin + qy * cos;
			int row = dstOff + y * width;
			for (int x = 0; x < width; x++)
				dst[row + x] = sample(src, srcOff, width, height, sx + x * cos, sy + x * sin);
		}
	}

	/** {@code dst(q) = src(q + (dx, dy))}: content moves by {@code (−dx, −dy)} pixels. */
	public void shift(float[] src, int srcOff, float[] dst, int dstOff, int width, int height, double dx, double dy) {
		transform(src, srcOff, dst, dstOff, width, height, 0, dx, dy);
	}

	/** One bilinear sample at (x, y) in pixels. */
	public float sample(float[] src, int off, int width, int height, double x, double y) {
		double fx = Math.floor(x), fy = Math.floor(y);
		int x0 = (int) fx, y0 = (int) fy;
		double ax = x - fx, ay = y - fy;
		if (x0 >= 0 && y0 >= 0 && x0 + 1 < width && y0 + 1 < height) {
			int i = off + y0 * width + x0;
			double top = src[i] + ax * (src[i + 1] - src[i]);
			double bottom = src[i + width] + ax * (src[i + width + 1] - src[i + width]);
			return (float) (top + ay * (bottom - top));
		}
		if (fill == Fill.ZERO && (x0 < -1 || y0 < -1 || x0 >= width || y0 >= height))
			return 0f;
		// NB: on the last row or column (x = width − 1 exactly) the pixel beyond has weight 0; read clamped, the sample is exact.
		if (fill == Fill.MISSING && !(x >= 0 && y >= 0 && x <= width - 1 && y <= height - 1))
			return Float.NaN;
		double top = read(src, off, width, height, x0, y0) + ax * (read(src, off, width, height, x0 + 1, y0) - read(src, off, width, height, x0, y0));
		double bottom = read(src, off, width, height, x0, y0 + 1) + ax * (read(src, off, width, height, x0 + 1, y0 + 1) - read(src, off, width, height, x0, y0 + 1));
		return (float) (top + ay * (bottom - top));
	}

	private float read(float[] src, int off, int width, int height, int x, int y) {
		if (x < 0 || y < 0 || x >= width || y >= height) {
			if (fill == Fill.ZERO)
				return 0f;
			// NB: MISSING reaches here only for a neighbour of weight 0 (see sample), so clamping is exact.
			x = Math.max(0, Math.min(width - 1, x));
			y = Math.max(0, Math.min(height - 1, y));
		}
		return src[off + y * width + x];
	}
}
