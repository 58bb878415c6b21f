package org.fusedtomo.data;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;

/**
 * Bins tilt series by averaging {@code b x b} blocks, for multi-resolution alignment. When a size is
 * not a multiple of {@code b}, the blocks are centred and the remainder is dropped; the detector centre
 * then stays exact for an even remainder and moves by half an input pixel for an odd one.
 */
public final class Binning {

	private Binning() {}

	/**
	 * A new series of {@code floor(w/b) x floor(h/b)} pixels of size {@code b} times larger.
	 * Cost: one pass over the input.
	 *
	 * @param factor the bin factor b, ≥ 1 and at most the smaller image size
	 */
	public static TiltSeries bin(TiltSeries series, int factor) {
		int w = series.width(), h = series.height();
		if (factor < 1 || factor > Math.min(w, h))
			throw new IllegalArgumentException("Bin factor must lie in [1, " + Math.min(w, h) + "] for " + w + " x " + h + " projections, got " + factor);
		if (factor == 1)
			return series.copy();
		int bw = w / factor, bh = h / factor, x0 = (w - bw * factor) / 2, y0 = (h - bh * factor) / 2;
		Calibration c = series.calibration();
		TiltSeries out = new TiltSeries(new TiltGeometry(bw, bh, series.anglesDeg()), new Calibration(c.pixelSize() * factor, c.unit()));
		float[] in = series.data(), o = out.data();
		float norm = 1f / (factor * factor);
		for (int a = 0; a < series.angleCount(); a++) {
			int inOff = series.projectionOffset(a), outOff = out.projectionOffset(a);
			for (int y = 0; y < bh; y++)
				for (int x = 0; x < bw; x++) {
					double sum = 0;
					for (int j = 0; j < factor; j++) {
						int row = inOff + (y0 + y * factor + j) * w + x0 + x * factor;
						for (int i = 0; i < factor; i++)
							sum += in[row + i];
					}
					o[outOff + y * bw + x] = (float) sum * norm;
				}
		}
		return out;
	}
}
