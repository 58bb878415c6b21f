package org.fusedtomo.align;

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
 * Cost: one pass over the data.
 */
public final class CentreOfMassAlignment {

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
	 * The alignment of the raw {@code series} that takes each projection's centre of mass to the
	 * centre; other parts of {@code initial} (axis rotation, offset, the other axis' shifts) are kept,
	 * and projections whose sum is not positive keep their initial shifts. Checks for cancellation per
	 * projection.
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
			double[] com = centreOfMass(series.data(), series.projectionOffset(a), series.width(), series.height());
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
