package org.fusedtomo.align;

import org.jtransforms.fft.DoubleFFT_2D;

/**
 * Measures the translation between two images of one size by FFT cross-correlation (JTransforms
 * {@link DoubleFFT_2D}): both images are multiplied by a Tukey window, band-passed by Gaussians, their
 * circular cross-correlation is searched for its maximum, and the peak is refined to sub-pixel
 * precision by a 3-point fit along x and along y.
 * <p>
 * Cost: three complex FFTs of the image size per call. Window and filter are computed once, in the
 * constructor; {@link #shift} allocates its own scratch, so an instance may be used from many threads.
 */
public final class CrossCorrelation {

	private final int width;
	private final int height;
	private final CrossCorrelationOptions options;
	private final double[] window;
	private final double[] filter;
	private final DoubleFFT_2D fft;

	/**
	 * @param width image width in pixels (≥ 4)
	 * @param height image height in pixels (≥ 4)
	 */
	public CrossCorrelation(int width, int height, CrossCorrelationOptions options) {
		if (width < 4 || height < 4)
			throw new IllegalArgumentException("Cross-correlation needs images of at least 4 x 4 pixels, got " + width + " x " + height);
		if (options == null)
			throw new IllegalArgumentException("Cross-correlation needs options, got null; use CrossCorrelationOptions.DEFAULT");
		this.width = width;
		this.height = height;
		this.options = options;
		this.window = window(width, height, options.taperFraction());
		this.filter = filter(width, height, options.lowPassSigmaPx(), options.highPassSigmaPx());
		this.fft = new DoubleFFT_2D(height, width);
	}

	public CrossCorrelationOptions options() {
		return options;
	}

	private static double[] tukey(int n, double alpha) {
		double[] w = new double[n];
		double edge = alpha * (n - 1) / 2;
		for (int i = 0; i < n; i++) {
			double d = Math.min(i, n - 1 - i);
			w[i] = edge <= 0 || d >= edge ? 1 : 0.5 * (1 - Math.cos(Math.PI * d / edge));
		}
		return w;
	}

	private static double[] window(int w, int h, double alpha) {
		double[] wx = tukey(w, alpha), wy = tukey(h, alpha), out = new double[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				out[y * w + x] = wx[x] * wy[y];
		return out;
	}

	/** |H(f)|² of the band-pass, per frequency in FFT order; DC is 0. */
	private static double[] filter(int w, int h, double lowSigma, double highSigma) {
		double[] out = new double[w * h];
		for (int y = 0; y < h; y++) {
			double fy = (y <= h / 2 ? y : y - h) / (double) h;
			for (int x = 0; x < w; x++) {
				double fx = (x <= w / 2 ? x : x - w) / (double) w;
				double f2 = fx * fx + fy * fy;
				double low = Math.exp(-2 * Math.PI * Math.PI * lowSigma * lowSigma * f2);
				double high = highSigma > 0 ? 1 - Math.exp(-2 * Math.PI * Math.PI * highSigma * highSigma * f2) : 1;
				out[y * w + x] = low * low * high * high;
			}
		}
		out[0] = 0;
		return out;
	}

	/**
	 * The shift {@code {dx, dy}} in pixels by which {@code moving} is displaced relative to
	 * {@code reference}, i.e. {@code moving(p) ≈ reference(p − d)}. Images are {@code width x height},
	 * row by row, starting at the given offsets. Returns {@code {0, 0}} when either image is constant.
	 */
	public double[] shift(float[] reference, int referenceOffset, float[] moving, int movingOffset) {
		int n = width * height;
		double[] r = new double[2 * n], m = new double[2 * n];
		for (int i = 0; i < n; i++) {
			r[2 * i] = window[i] * reference[referenceOffset + i];
			m[2 * i] = window[i] * moving[movingOffset + i];
		}
		fft.complexForward(r);
		fft.complexForward(m);
		// conj(R)·M·|H|²: its inverse transform peaks at the displacement d.
		for (int i = 0; i < n; i++) {
			double rr = r[2 * i], ri = r[2 * i + 1], mr = m[2 * i], mi = m[2 * i + 1];
			m[2 * i] = (rr * mr + ri * mi) * filter[i];
			m[2 * i + 1] = (rr * mi - ri * mr) * filter[i];
		}
		fft.complexInverse(m, true);
		double limitX = Math.min(options.maxShiftPx(), (width - 1) / 2.0), limitY = Math.min(options.maxShiftPx(), (height - 1) / 2.0);
		int bestX = 0, bestY = 0;
		double best = Double.NEGATIVE_INFINITY;
		for (int y = 0; y < height; y++) {
			int sy = y <= height / 2 ? y : y - height;
			if (Math.abs(sy) > limitY)
				continue;
			for (int x = 0; x < width; x++) {
				int sx = x <= width / 2 ? x : x - width;
				if (Math.abs(sx) > limitX)
					continue;
				double v = m[2 * (y * width + x)];
				if (v > best) {
					best = v;
					bestX = x;
					bestY = y;
				}
			}
		}
		if (!(best > 0))
			return new double[] { 0, 0 };
		double cxm = at(m, bestX - 1, bestY), cxp = at(m, bestX + 1, bestY);
		double cym = at(m, bestX, bestY - 1), cyp = at(m, bestX, bestY + 1);
		double dx = (bestX <= width / 2 ? bestX : bestX - width) + refine(cxm, best, cxp);
		double dy = (bestY <= height / 2 ? bestY : bestY - height) + refine(cym, best, cyp);
		return new double[] { dx, dy };
	}

	private double at(double[] c, int x, int y) {
		x = Math.floorMod(x, width);
		y = Math.floorMod(y, height);
		return c[2 * (y * width + x)];
	}

	/** Offset of the peak from the middle sample, in (−0.5, 0.5) when the middle one is the largest. */
	private double refine(double minus, double centre, double plus) {
		if (options.peakFit() == CrossCorrelationOptions.PeakFit.GAUSSIAN && minus > 0 && plus > 0) {
			double lm = Math.log(minus), lc = Math.log(centre), lp = Math.log(plus);
			double den = lm - 2 * lc + lp;
			if (den < 0)
				return clamp(0.5 * (lm - lp) / den);
		}
		double den = minus - 2 * centre + plus;
		return den < 0 ? clamp(0.5 * (minus - plus) / den) : 0;
	}

	private static double clamp(double v) {
		return Math.max(-0.5, Math.min(0.5, v));
	}
}
