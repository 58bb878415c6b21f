package org.fusedtomo.align;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;

/**
 * Exact in-plane rotation of every projection by a multiple of 90°, for series whose tilt axis is far
 * from our vertical (y) convention, e.g. along image x. {@link TiltAxisFinder} searches only a few degrees
 * around its start; a quarter turn first brings the axis into that range without interpolation.
 * Positive angles turn counter-clockwise as displayed (y down): the pixel at {@code (x, y)} of a
 * {@code w x h} projection goes to {@code (y, w-1-x)} for +90°. Width and height swap for ±90°.
 */
public final class QuarterTurn {

	private QuarterTurn() {}

	/** {@code degrees} reduced to 0, 90, 180 or 270; a non-multiple of 90 is refused. */
	public static int normalise(double degrees) {
		if (!Double.isFinite(degrees) || Math.IEEEremainder(degrees, 90) != 0)
			throw new IllegalArgumentException("Axis rotation must be a multiple of 90 degrees (0, 90, 180, 270, -90), got " + degrees);
		return (int) (((Math.round(degrees) % 360) + 360) % 360);
	}

	/** A new series, every projection turned by {@code degrees} (a multiple of 90). Cost: one pass. */
	public static TiltSeries rotate(TiltSeries series, double degrees) {
		int turn = normalise(degrees);
		if (turn == 0)
			return series.copy();
		int w = series.width(), h = series.height();
		int ow = turn == 180 ? w : h, oh = turn == 180 ? h : w;
		TiltSeries out = new TiltSeries(new TiltGeometry(ow, oh, series.anglesDeg()), series.calibration());
		float[] in = series.data(), o = out.data();
		for (int a = 0; a < series.angleCount(); a++) {
			int inOff = series.projectionOffset(a), outOff = out.projectionOffset(a);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int tx, ty;
					switch (turn) {
						case 90 -> { tx = y; ty = w - 1 - x; }
						case 180 -> { tx = w - 1 - x; ty = h - 1 - y; }
						default -> { tx = h - 1 - y; ty = x; }
					}
					o[outOff + ty * ow + tx] = in[inOff + y * w + x];
				}
		}
		return out;
	}
}
