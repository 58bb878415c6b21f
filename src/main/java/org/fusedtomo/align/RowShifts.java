package org.fusedtomo.align;

import org.fusedtomo.data.TiltSeries;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * A series whose rows are moved along x by exact Fourier shifts (each row zero-padded to twice its length), the
 * spectra computed once. NB: for candidates of an axis offset, so that every candidate is smoothed alike: resampled
 * bilinearly per candidate, a series is smoothed by the fractional part of each shift, and SIRT fits the smoothed
 * noise more easily, which favours half-pixel candidates.
 */
final class RowShifts {

	private final TiltSeries rows;
	private final int w;
	private final double[][] spectra;
	private final DoubleFFT_1D fft;

	/** @param series the rows at shift 0 (not modified) */
	RowShifts(TiltSeries series) {
		w = series.width();
		rows = series.zerosLike();
		fft = new DoubleFFT_1D(2 * w);
		int count = series.angleCount() * series.height();
		spectra = new double[count][];
		float[] d = series.data();
		for (int a = 0; a < series.angleCount(); a++)
			for (int r = 0; r < series.height(); r++) {
				double[] c = new double[4 * w];
				int off = series.projectionOffset(a) + r * w;
				for (int x = 0; x < w; x++)
					c[2 * x] = d[off + x];
				fft.complexForward(c);
				spectra[a * series.height() + r] = c;
			}
	}

	/** The rows moved by {@code delta}: {@code b(x) = rows(x + δ)}. The same series is returned (overwritten) on every call. */
	TiltSeries moved(double delta) {
		int n = 2 * w, h = rows.height();
		double[] c = new double[2 * n];
		float[] d = rows.data();
		for (int i = 0; i < spectra.length; i++) {
			FourierShift.shift(spectra[i], n, delta, c);
			fft.complexInverse(c, true);
			int off = rows.projectionOffset(i / h) + (i % h) * w;
			for (int x = 0; x < w; x++)
				d[off + x] = (float) c[2 * x];
		}
		return rows;
	}
}
