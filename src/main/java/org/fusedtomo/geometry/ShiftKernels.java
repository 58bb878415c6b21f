package org.fusedtomo.geometry;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * PROTOTYPE (helper shift5, not a product default): resampling kernels other than bilinear for applying an alignment,
 * chosen by {@code -Dfusedtomo.shiftKernel}: {@code keys} (Keys cubic convolution, a = −½), {@code bspline} (cubic
 * B-spline interpolation with its recursive prefilter, mirror boundary), {@code fourier} (a phase ramp on a padded,
 * edge-extended FFT, separable, shifts only; with a rotation it falls back to bspline). All clip negatives to 0; a
 * sample outside the source frame is NaN as {@link ShiftInterpolation.Fill#MISSING} says, neighbours beyond the edge read the edge.
 */
final class ShiftKernels {

	private ShiftKernels() {}

	static void transform(String kernel, ShiftInterpolation ip, float[] src, int srcOff, float[] dst, int dstOff, int w, int h, double rotationDeg,
		double tx, double ty) {
		if (kernel.equals("fourier") && rotationDeg == 0) {
			fourier(src, srcOff, dst, dstOff, w, h, tx, ty);
			return;
		}
		boolean spline = kernel.equals("bspline") || kernel.equals("fourier");
		if (!spline && !kernel.equals("keys"))
			throw new IllegalArgumentException("fusedtomo.shiftKernel must be bilinear, keys, bspline or fourier, got " + kernel);
		double[] c = new double[w * h];
		for (int i = 0; i < c.length; i++) {
			float v = src[srcOff + i];
			c[i] = Float.isNaN(v) ? 0 : v;
		}
		if (spline)
			prefilter(c, w, h);
		double phi = Math.toRadians(rotationDeg), cos = Math.cos(phi), sin = Math.sin(phi);
		double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
		double[] wx = new double[4], wy = new double[4];
		for (int y = 0; y < h; y++) {
			double qy = y - cy;
			double sx0 = cx + tx - cx * cos - qy * sin, sy0 = cy + ty - cx * sin + qy * cos;
			for (int x = 0; x < w; x++) {
				double sx = sx0 + x * cos, sy = sy0 + x * sin;
				int o = dstOff + y * w + x;
				if (!(sx >= 0 && sy >= 0 && sx <= w - 1 && sy <= h - 1)) {
					dst[o] = Float.NaN;
					continue;
				}
				int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
				weights(sx - x0, wx, spline);
				weights(sy - y0, wy, spline);
				double sum = 0;
				for (int j = 0; j < 4; j++) {
					int yy = Math.max(0, Math.min(h - 1, y0 - 1 + j));
					double row = 0;
					for (int i = 0; i < 4; i++)
						row += wx[i] * c[yy * w + Math.max(0, Math.min(w - 1, x0 - 1 + i))];
					sum += wy[j] * row;
				}
				dst[o] = (float) Math.max(0, sum);
			}
		}
	}

	/** Weights of the 4 samples at offsets −1, 0, 1, 2 for a fraction t in [0, 1). */
	private static void weights(double t, double[] out, boolean spline) {
		if (spline) {
			double u = 1 - t;
			out[0] = u * u * u / 6;
			out[1] = (4 - 6 * t * t + 3 * t * t * t) / 6;
			out[2] = (4 - 6 * u * u + 3 * u * u * u) / 6;
			out[3] = t * t * t / 6;
			return;
		}
		double a = -0.5;
		out[0] = keys(1 + t, a);
		out[1] = keys(t, a);
		out[2] = keys(1 - t, a);
		out[3] = keys(2 - t, a);
	}

	private static double keys(double s, double a) {
		s = Math.abs(s);
		if (s <= 1)
			return (a + 2) * s * s * s - (a + 3) * s * s + 1;
		if (s < 2)
			return a * s * s * s - 5 * a * s * s + 8 * a * s - 4 * a;
		return 0;
	}

	/** Cubic B-spline coefficients in place (Unser's recursive filter, pole √3 − 2, mirror boundary), rows then columns. */
	private static void prefilter(double[] c, int w, int h) {
		double[] line = new double[Math.max(w, h)];
		for (int y = 0; y < h; y++) {
			System.arraycopy(c, y * w, line, 0, w);
			filter1d(line, w);
			System.arraycopy(line, 0, c, y * w, w);
		}
		for (int x = 0; x < w; x++) {
			for (int y = 0; y < h; y++)
				line[y] = c[y * w + x];
			filter1d(line, h);
			for (int y = 0; y < h; y++)
				c[y * w + x] = line[y];
		}
	}

	private static void filter1d(double[] s, int n) {
		if (n < 2)
			return;
		double z = Math.sqrt(3) - 2, lambda = (1 - z) * (1 - 1 / z);
		for (int i = 0; i < n; i++)
			s[i] *= lambda;
		// Causal initial value (mirror boundary, truncated sum).
		double sum = s[0], zn = z;
		int horizon = Math.min(n, 30);
		for (int k = 1; k < horizon; k++) {
			sum += zn * s[k];
			zn *= z;
		}
		s[0] = sum;
		for (int i = 1; i < n; i++)
			s[i] += z * s[i - 1];
		s[n - 1] = (z / (z * z - 1)) * (z * s[n - 2] + s[n - 1]);
		for (int i = n - 2; i >= 0; i--)
			s[i] = z * (s[i + 1] - s[i]);
	}

	/** dst(q) = src(q + t) by a phase ramp along x then y; each line padded to a power of two ≥ 2n, edge-extended. */
	private static void fourier(float[] src, int srcOff, float[] dst, int dstOff, int w, int h, double tx, double ty) {
		double[] img = new double[w * h];
		for (int i = 0; i < img.length; i++) {
			float v = src[srcOff + i];
			img[i] = Float.isNaN(v) ? 0 : v;
		}
		double[] line = new double[Math.max(w, h)];
		for (int y = 0; y < h; y++) {
			System.arraycopy(img, y * w, line, 0, w);
			shift1d(line, w, tx);
			System.arraycopy(line, 0, img, y * w, w);
		}
		for (int x = 0; x < w; x++) {
			for (int y = 0; y < h; y++)
				line[y] = img[y * w + x];
			shift1d(line, h, ty);
			for (int y = 0; y < h; y++)
				img[y * w + x] = line[y];
		}
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double sx = x + tx, sy = y + ty;
				dst[dstOff + y * w + x] = sx >= 0 && sy >= 0 && sx <= w - 1 && sy <= h - 1 ? (float) Math.max(0, img[y * w + x]) : Float.NaN;
			}
	}

	private static void shift1d(double[] s, int n, double t) {
		int m = Integer.highestOneBit(Math.max(1, 2 * n - 1)) << 1;
		int pad = (m - n) / 2;
		double[] z = new double[2 * m];
		for (int i = 0; i < m; i++) {
			int k = Math.max(0, Math.min(n - 1, i - pad));
			z[2 * i] = s[k];
		}
		DoubleFFT_1D fft = new DoubleFFT_1D(m);
		fft.complexForward(z);
		for (int k = 0; k < m; k++) {
			int f = k <= m / 2 ? k : k - m;
			double a = 2 * Math.PI * f * t / m;
			if (k == m / 2) {
				// Nyquist: the real part of the ramp keeps the result real.
				z[2 * k] *= Math.cos(a);
				z[2 * k + 1] *= Math.cos(a);
				continue;
			}
			double re = z[2 * k], im = z[2 * k + 1], c = Math.cos(a), sn = Math.sin(a);
			z[2 * k] = re * c - im * sn;
			z[2 * k + 1] = re * sn + im * c;
		}
		fft.complexInverse(z, true);
		for (int i = 0; i < n; i++)
			s[i] = z[2 * (i + pad)];
	}
}
