package org.fusedtomo.align;

import java.util.Arrays;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * The axis-profile criterion of the tilt-axis rotation: each projection summed along the lines across the
 * candidate axis (a 1-D Radon transform at one angle: the exact line integrals of the band-limited interpolant of the
 * pixels, {@link #profiles(double)}, so the data are never resampled) gives the object's mass per unit length along the axis, which every tilt
 * about that axis shares up to a shift along it (the drift). The residual of a projection is its low-passed
 * profile ({@link #LOW_PASS}) minus the mean after its shift was fitted; about the wrong axis the profiles mix in the
 * part of the object across the axis, which moves with the tilt (its first moment, {@code x cos θ + z sin θ}), and
 * disagree. The rotation is where the residuals have no part left along the change a rotation makes ({@link #rotation}).
 * <p>
 * NB: the common line ({@link TiltAxisFinder}) compares only the magnitudes of the profiles' spectra, which
 * drop half of that disagreement and all the phases, and needs a taper whose frame pulls it toward 0°, and a
 * second pass on a resampled series, whose interpolation moved blobs seed 3 0.2° off on noise-free data. Only
 * bins whose whole line lies within the frame at every candidate up to {@code maxDeg} are used, and of each line only the part
 * across the axis that holds its projection's mass ({@link #windows}).
 * Cost per candidate: per projection two FFTs per row (a chirp-z transform, {@link #profiles(double)}) and a few FFTs of
 * twice the profile length.
 */
final class AxisProfiles {

	/** Gauss–Newton steps of each projection's shift against the mean profile, per candidate. */
	static final int SHIFT_STEPS = 3;
	/**
	 * Each pixel is split into SUB x SUB parts when its lines are counted ({@link #pixelsOnLines}). NB: the profiles were
	 * binned so until session 20; split whole, a pixel row falls on the bins alike at 0° and is smoothed differently at other
	 * angles, which pulled noise-free 64 px series 0.25° toward 0° (0.05-0.15° with the split, hence {@link #profiles(double)}).
	 */
	static final int SUB = 4;
	/** Rounds of mean profile and shifts. */
	static final int ROUNDS = 2;
	/**
	 * Standard deviation of the Gaussian low-pass on the profiles before the score, cycles/px. NB: tuned on au-on-support
	 * seed 1 (64 and 128 px, 2 and -7 deg, 100-5000 counts) among 0.1, 0.2 and none; docs/real-data.md has the held-out series.
	 */
	static final double LOW_PASS = 0.2;
	/**
	 * The milder low-pass of the refined root ({@code TiltAxisFinder.refined}), cycles/px. NB: tuned on au-on-support s1 and
	 * shell-cap-rod s1 (100 counts, 2 and -7 deg, 16 draws) among 0.35, 0.5 and 1.0 (13-14 of 64 draws beyond 0.3°, 15 without).
	 */
	static final double REFINE_LOW_PASS = 0.5;
	/**
	 * A projection's window across the axis: where its mass across the axis (smoothed over 5 px) exceeds this fraction of
	 * its maximum or {@link #WINDOW_NOISE} standard errors of its noise, whichever is lower, widened by {@link #WINDOW_MARGIN_PX} on each side. NB: tuned on au-on-support seed 1 (64 px, 2 and -7 deg,
	 * 100 counts) among margins 2, 4, 8 and levels 0.02, 0.05, 0.1, all within 0.02 deg of each other; docs/real-data.md.
	 */
	static final double WINDOW_LEVEL = 0.05;
	static final double WINDOW_MARGIN_PX = 4;

	private final TiltSeries series;
	private final double lowPass;
	/** Threads over projections for {@link #profiles(double)}. */
	private final Parallelism parallelism;
	private static final int MIN_HALF = 4;

	private final int half;
	private final int length;
	private final DoubleFFT_1D fft;
	private final double[] start;
	/** Per projection, the range across the axis (px from the frame centre, measured at the first candidate) that holds its mass; null: whole lines. */
	private final double[][] window;
	/** Cosine and sine of the rotation at which the windows were measured. NB: every candidate cuts by these, so all see the same pixels. */
	private final double windowCos, windowSin;

	/**
	 * @param maxDeg the largest |rotation| a candidate may have, degrees
	 * @param aroundDeg the rotation at which the shifts of the projections are first measured (by cross-correlation)
	 */
	AxisProfiles(TiltSeries series, double aroundDeg, double maxDeg) {
		this(series, aroundDeg, maxDeg, true);
	}

	/** @param windowed whether each line is cut to its projection's window ({@link #windows}); else whole lines, as before session 16 */
	AxisProfiles(TiltSeries series, double aroundDeg, double maxDeg, boolean windowed) {
		this(series, aroundDeg, maxDeg, windowed, LOW_PASS);
	}

	/** With the low-pass {@code lowPass} in cycles/px ({@link #LOW_PASS} by default). */
	AxisProfiles(TiltSeries series, double aroundDeg, double maxDeg, boolean windowed, double lowPass) {
		this(series, aroundDeg, maxDeg, windowed, lowPass, Parallelism.SERIAL);
	}

	/** As {@link #AxisProfiles(TiltSeries, double, double, boolean, double)}, the profiles computed on {@code parallelism}'s threads. */
	AxisProfiles(TiltSeries series, double aroundDeg, double maxDeg, boolean windowed, double lowPass, Parallelism parallelism) {
		this.lowPass = lowPass;
		this.parallelism = parallelism;
		this.series = series;
		half = halfLength(series, maxDeg);
		if (half < MIN_HALF)
			throw new IllegalArgumentException("Axis profiles need a series at least 10 pixels high, got " + series.geometry());
		length = 4 * (half + 1);
		fft = new DoubleFFT_1D(length);
		window = windowed ? windows(aroundDeg) : null;
		windowCos = Math.cos(Math.toRadians(aroundDeg));
		windowSin = Math.sin(Math.toRadians(aroundDeg));
		start = correlationShifts(profiles(aroundDeg));
	}

	/**
	 * Each projection's window across the axis at {@code deg}: where its mass across the axis, smoothed over 5 px, exceeds
	 * {@link #WINDOW_LEVEL} of its maximum or {@link #WINDOW_NOISE} standard errors of the noise of that sum
	 * ({@link #pixelNoise}), whichever is lower, widened by {@link #WINDOW_MARGIN_PX}. NB: outside the object a line sums only
	 * the background's noise (after its subtraction) and every tilt's profile gets it; cut away, the rotation's spread over
	 * Poisson draws at 100 counts fell from 0.173 to 0.135 deg RMS over 12 simulated 64 px series (docs/real-data.md).
	 * The window is fixed per projection, so it moves nothing between candidates; mass it cuts off would disagree.
	 */
	private double[][] windows(double deg) {
		double phi = Math.toRadians(deg), sin = Math.sin(phi), cos = Math.cos(phi);
		int w = series.width(), h = series.height();
		double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
		int r = (int) Math.ceil(Math.hypot(w, h) / 2) + 1;
		float[] d = series.data();
		double[][] out = new double[series.angleCount()][];
		for (int a = 0; a < out.length; a++) {
			double[] q = new double[2 * r + 1];
			int[] count = new int[q.length];
			int off = series.projectionOffset(a);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int k = (int) Math.round((x - cx) * cos + (y - cy) * sin) + r;
					q[k] += d[off + y * w + x];
					count[k]++;
				}
			double pixelNoise = pixelNoise(d, off, w, h);
			double[] smooth = new double[q.length], level = new double[q.length];
			double max = 0;
			for (int k = 0; k < q.length; k++) {
				int n = 0;
				for (int j = Math.max(0, k - 2); j <= Math.min(q.length - 1, k + 2); j++) {
					smooth[k] += q[j] / 5;
					n += count[j];
				}
				// NB: bins without pixels (beyond the frame) are outside; 0 · infinity would be NaN.
				level[k] = n == 0 ? Double.POSITIVE_INFINITY : WINDOW_NOISE * pixelNoise * Math.sqrt(n) / 5;
				max = Math.max(max, smooth[k]);
			}
			for (int k = 0; k < q.length; k++)
				level[k] = Math.min(level[k], WINDOW_LEVEL * max);
			int lo = 0, hi = q.length - 1;
			while (lo < hi && smooth[lo] < level[lo])
				lo++;
			while (hi > lo && smooth[hi] < level[hi])
				hi--;
			out[a] = new double[] { lo - r - WINDOW_MARGIN_PX, hi - r + WINDOW_MARGIN_PX };
		}
		return out;
	}

	/**
	 * A line sum counts as the object's where it exceeds this many standard errors of the noise, when that is below
	 * {@link #WINDOW_LEVEL} of the peak. NB: a level relative to the peak alone cut faint objects beside a bright one
	 * at the tilts where they project outside it and kept them at the others, and the profiles disagreed as a rotation
	 * would: noise-free shell-cap-rod read +0.28 to +0.38 deg (an Au satellite, 2 % of the mass); docs/real-data.md. 3 was
	 * chosen beforehand and is the only value tried.
	 */
	static final double WINDOW_NOISE = 3;

	/**
	 * Standard deviation of a pixel's noise in one projection: the median absolute difference of horizontal neighbours
	 * (robust to the object's edges) over 0.6745 √2, as for Gaussian noise. NB: noise correlated between neighbours (smoothed
	 * data) reads low, which only widens the windows toward whole lines, never narrows them below the peak level.
	 */
	static double pixelNoise(float[] d, int off, int w, int h) {
		double[] diff = new double[(w - 1) * h];
		int i = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x + 1 < w; x++)
				diff[i++] = Math.abs(d[off + y * w + x + 1] - d[off + y * w + x]);
		Arrays.sort(diff);
		return diff[diff.length / 2] / 0.6745 / Math.sqrt(2);
	}

	/** Whether a series is high enough for profiles up to {@code maxDeg} (else the caller keeps its own estimate). */
	static boolean fits(TiltSeries series, double maxDeg) {
		return halfLength(series, maxDeg) >= MIN_HALF;
	}

	/** Half the profile length that stays inside the frame when turned by up to {@code maxDeg}. */
	private static int halfLength(TiltSeries series, double maxDeg) {
		double phi = Math.toRadians(Math.min(Math.abs(maxDeg), 45));
		return (int) Math.floor(0.5 * (series.height() - 1) * Math.cos(phi) - 0.5 * (series.width() - 1) * Math.sin(phi)) - 1;
	}

	/**
	 * The rotation near {@code aroundDeg} at which the profiles' residuals are orthogonal to the change a rotation makes
	 * in them: the root of {@code Σ_a <r_a(φ), g_a>}, with {@code g_a} the residuals' derivative in the rotation at
	 * {@code aroundDeg} (a central difference over {@code ±stepDeg}), projected per bin onto the centred {@code cos θ}
	 * and {@code sin θ} over tilts θ ({@link #tiltSpan}). NB: about an axis off by δ each profile moves by δ times the
	 * derivative along the axis of the first moment across it, {@code x cos θ + z sin θ}, so the change lies in that
	 * span for every bin; noise fills all n − 1 dimensions of the residuals over tilts, in every bin. The sum of squared
	 * residuals (the criterion before) let all of that noise, moved between bins as the candidate turns, shift its
	 * minimum; along the one direction g only the noise's part along g is left (a Gauss–Newton step on the rotation,
	 * with the noise of its derivative projected away). On 64 px series at 500 counts its spread over noise draws was
	 * 0.15° against 0.18° on au-on-support seed 2 at −7° (docs/real-data.md). Roots on five points {@code stepDeg}
	 * apart, a least-squares line, with the jackknife error over projections ({@link AxisRefinement#zero}).
	 */
	AxisRefinement.Fit rotation(double aroundDeg, double stepDeg, Monitor monitor) {
		java.util.Map<Double, double[][]> memo = new java.util.HashMap<>();
		java.util.function.DoubleFunction<double[][]> at = c -> memo.computeIfAbsent(Math.rint(c * 1e9) / 1e9, k -> residuals(k, monitor));
		double[][] lo = at.apply(aroundDeg - stepDeg), hi = at.apply(aroundDeg + stepDeg);
		int n = lo.length;
		double[][] slope = new double[n][length];
		for (int a = 0; a < n; a++)
			for (int k = 0; k < length; k++)
				slope[a][k] = (hi[a][k] - lo[a][k]) / (2 * stepDeg);
		tiltSpan(slope, series.anglesDeg());
		// The profiles' model holds where their squared residuals have a minimum nearby (as the criterion before); where they
		// have none (the IDP set of docs/real-data.md: content to the frame's edges, 16 tilts), no estimate: a root alone is no evidence.
		AxisRefinement.Fit squared = AxisRefinement.fit(c -> {
			double[][] r = at.apply(c);
			return perTiltDots(r, r);
		}, aroundDeg, stepDeg);
		if (squared.atLimit() || !Double.isFinite(squared.sigma()))
			return squared;
		return AxisRefinement.zero(c -> perTiltDots(at.apply(c), slope), aroundDeg, stepDeg);
	}

	/** {@code r[a] · w[a]} for every tilt a ({@code w = r}: the squared residual per tilt). */
	private static double[] perTiltDots(double[][] r, double[][] w) {
		double[] out = new double[r.length];
		for (int a = 0; a < r.length; a++)
			out[a] = dot(r[a], w[a]);
		return out;
	}

	/** {@code v[a][k]} replaced, for every k, by its least-squares fit over a by the centred {@code cos θ_a} and {@code sin θ_a}. */
	static void tiltSpan(double[][] v, double[] anglesDeg) {
		int n = v.length;
		double[] c = new double[n], s = new double[n];
		for (int a = 0; a < n; a++) {
			c[a] = Math.cos(Math.toRadians(anglesDeg[a]));
			s[a] = Math.sin(Math.toRadians(anglesDeg[a]));
		}
		orthonormalise(c, null);
		orthonormalise(s, c);
		for (int k = 0; k < v[0].length; k++) {
			double pc = 0, ps = 0;
			for (int a = 0; a < n; a++) {
				pc += c[a] * v[a][k];
				ps += s[a] * v[a][k];
			}
			for (int a = 0; a < n; a++)
				v[a][k] = pc * c[a] + ps * s[a];
		}
	}

	/** {@code v} centred, made orthogonal to the unit vector {@code other} (if any), and normalised (left at 0 when nothing is left). */
	private static void orthonormalise(double[] v, double[] other) {
		int n = v.length;
		double mean = 0;
		for (double x : v)
			mean += x / n;
		for (int a = 0; a < n; a++)
			v[a] -= mean;
		if (other != null) {
			double d = dot(v, other);
			for (int a = 0; a < n; a++)
				v[a] -= d * other[a];
		}
		double norm = Math.sqrt(dot(v, v));
		for (int a = 0; a < n; a++)
			v[a] = norm > 1e-12 ? v[a] / norm : 0;
	}

	private static double dot(double[] u, double[] v) {
		double s = 0;
		for (int k = 0; k < u.length; k++)
			s += u[k] * v[k];
		return s;
	}

	/** Each projection's low-passed profile at rotation {@code deg}, moved by its shift fitted against the mean, minus that mean: [projection][sample]. */
	double[][] residuals(double deg, Monitor monitor) {
		monitor.checkCancelled();
		double[][] p = profiles(deg);
		int n = p.length;
		double[][] spectra = new double[n][];
		for (int a = 0; a < n; a++)
			spectra[a] = lowPassed(spectrum(p[a]));
		double[] shift = start.clone();
		double[] mean = null;
		for (int round = 0; round < ROUNDS; round++) {
			mean = meanProfile(spectra, shift);
			for (int a = 0; a < n; a++)
				for (int step = 0; step < SHIFT_STEPS; step++) {
					double[] moved = shifted(spectra[a], shift[a], false), slope = shifted(spectra[a], shift[a], true);
					double num = 0, den = 0;
					for (int k = 0; k < length; k++) {
						num += (moved[k] - mean[k]) * slope[k];
						den += slope[k] * slope[k];
					}
					if (den > 0)
						shift[a] -= Math.max(-1, Math.min(1, num / den));
				}
		}
		mean = meanProfile(spectra, shift);
		double[][] out = new double[n][];
		for (int a = 0; a < n; a++) {
			double[] moved = shifted(spectra[a], shift[a], false);
			for (int k = 0; k < length; k++)
				moved[k] -= mean[k];
			out[a] = moved;
		}
		return out;
	}

	/**
	 * Profiles along the axis at {@code deg}: bins of 1 px at t = −half..half, in the first 2·half+1 of {@link #length} samples,
	 * the line integrals of the band-limited (sinc) interpolant of each projection's pixels within its window, band-limited to
	 * 0.5 cycles/px along the axis: by the projection-slice theorem their spectrum is the projection's 2-D spectrum (a sum over
	 * its pixels, separable in x and y) along the axis direction. NB: the pixels split linearly between bins before session 20
	 * ({@link #SUB}) smoothed each tilt's profile differently except at 0°, which pulled 2° toward 0: noise-free shell-cap-rod
	 * s1 read -0.050° (-0.006 now), at a low-pass of 1.0 -0.152 (-0.033); the noise of these profiles has the same spectrum at
	 * every angle. Held out at 100 counts, shell-cap-rod s2 missed 0.3° in 16 of 34 draws against 21 (docs/real-data.md).
	 */
	double[][] profiles(double deg) {
		double phi = Math.toRadians(deg), sin = Math.sin(phi), cos = Math.cos(phi);
		int w = series.width(), h = series.height(), bins = 2 * half + 1;
		double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
		int nf = length / 2; // frequencies f / length below 0.5 cycles/px; the Nyquist sample is left 0
		// Spectrum at f: Σ_y e^{-2πi f ((y − cy) cos φ + half) / length} Σ_x v e^{iα f (x − cx)}, α = 2π sin φ / length (the axis
		// a = (−sin φ, cos φ); t = −half at sample 0). The sum over x at every f, for each row, is a chirp-z transform (Bluestein:
		// f x = (f² + x² − (f − x)²) / 2, a convolution by FFT), so a projection costs h FFTs of m, not nf · w · h products.
		double alpha = 2 * Math.PI * sin / length;
		int m = Integer.highestOneBit(nf + w - 1) << 1;
		double[] chirp = new double[2 * w], kernel = new double[2 * m], post = new double[2 * nf];
		for (int x = 0; x < w; x++) {
			double arg = alpha * x * x / 2;
			chirp[2 * x] = Math.cos(arg);
			chirp[2 * x + 1] = Math.sin(arg);
		}
		for (int k = -(w - 1); k < nf; k++) {
			double arg = -alpha * k * k / 2;
			int i = Math.floorMod(k, m);
			kernel[2 * i] = Math.cos(arg);
			kernel[2 * i + 1] = Math.sin(arg);
		}
		new DoubleFFT_1D(m).complexForward(kernel);
		for (int f = 0; f < nf; f++) {
			double arg = alpha * (f * (double) f / 2 - f * cx);
			post[2 * f] = Math.cos(arg);
			post[2 * f + 1] = Math.sin(arg);
		}
		double[][] rowPhase = new double[h][2 * nf];
		for (int y = 0; y < h; y++)
			for (int f = 0; f < nf; f++) {
				double arg = -2 * Math.PI * f * ((y - cy) * cos + half) / length;
				rowPhase[y][2 * f] = Math.cos(arg);
				rowPhase[y][2 * f + 1] = Math.sin(arg);
			}
		double[][] out = new double[series.angleCount()][length];
		float[] d = series.data();
		parallelism.forEach(out.length, (worker, a) -> {
			// NB: plans per item; JTransforms' are not documented as safe to share between threads.
			DoubleFFT_1D rowFft = new DoubleFFT_1D(m);
			double[] row = new double[2 * m], sum = new double[2 * nf], c = new double[2 * length];
			int off = series.projectionOffset(a);
			for (int y = 0; y < h; y++) {
				int x0 = 0, x1 = w - 1;
				if (window != null) {
					// pixel centres with window[a][0] <= (x − cx) cos_w + (y − cy) sin_w <= window[a][1]
					double base = (y - cy) * windowSin;
					x0 = Math.max(0, (int) Math.ceil((window[a][0] - base) / windowCos + cx - 1e-9));
					x1 = Math.min(w - 1, (int) Math.floor((window[a][1] - base) / windowCos + cx + 1e-9));
				}
				if (x1 < x0)
					continue;
				Arrays.fill(row, 0);
				for (int x = x0; x <= x1; x++) {
					double v = d[off + y * w + x];
					row[2 * x] = v * chirp[2 * x];
					row[2 * x + 1] = v * chirp[2 * x + 1];
				}
				rowFft.complexForward(row);
				for (int j = 0; j < m; j++) {
					double re = row[2 * j], im = row[2 * j + 1], kr = kernel[2 * j], ki = kernel[2 * j + 1];
					row[2 * j] = re * kr - im * ki;
					row[2 * j + 1] = re * ki + im * kr;
				}
				rowFft.complexInverse(row, true);
				double[] ph = rowPhase[y];
				for (int f = 0; f < nf; f++) {
					double re = row[2 * f], im = row[2 * f + 1];
					sum[2 * f] += re * ph[2 * f] - im * ph[2 * f + 1];
					sum[2 * f + 1] += re * ph[2 * f + 1] + im * ph[2 * f];
				}
			}
			for (int f = 0; f < nf; f++) {
				double re = sum[2 * f] * post[2 * f] - sum[2 * f + 1] * post[2 * f + 1];
				double im = sum[2 * f] * post[2 * f + 1] + sum[2 * f + 1] * post[2 * f];
				c[2 * f] = re;
				c[2 * f + 1] = im;
				if (f > 0) {
					c[2 * (length - f)] = re;
					c[2 * (length - f) + 1] = -im;
				}
			}
			new DoubleFFT_1D(length).complexInverse(c, true);
			for (int k = 0; k < bins; k++)
				out[a][k] = c[2 * k];
		});
		return out;
	}

	/** The number of pixels on each line of {@link #profiles(double)} (each pixel split into SUB² parts and shared linearly between its two nearest bins; for the bound of the study harness {@code AxisProfileBound}). */
	double[][] pixelsOnLines(double deg) {
		double phi = Math.toRadians(deg), sin = Math.sin(phi), cos = Math.cos(phi);
		int w = series.width(), h = series.height(), bins = 2 * half + 1;
		double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
		double[][] out = new double[series.angleCount()][length];
		for (int a = 0; a < out.length; a++) {
			double[] p = out[a];
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					double v = 1.0 / (SUB * SUB);
					for (int sy = 0; sy < SUB; sy++)
						for (int sx = 0; sx < SUB; sx++) {
							// NB: the axis points along (−sin φ, cos φ), as in the common line and Alignment.
							double px = x - cx + (sx + 0.5) / SUB - 0.5, py = y - cy + (sy + 0.5) / SUB - 0.5;
							if (window != null) {
								double across = px * windowCos + py * windowSin;
								if (across < window[a][0] || across > window[a][1])
									continue;
							}
							double pos = -px * sin + py * cos + half;
							int k = (int) Math.floor(pos);
							double f = pos - k;
							if (k >= 0 && k < bins)
								p[k] += v * (1 - f);
							if (k + 1 >= 0 && k + 1 < bins)
								p[k + 1] += v * f;
						}
				}
		}
		return out;
	}

	/** Each profile's shift against the mean: the integer peak of the cross-correlation and a parabola through its neighbours. */
	private double[] correlationShifts(double[][] p) {
		int n = p.length;
		double[][] spectra = new double[n][];
		for (int a = 0; a < n; a++)
			spectra[a] = spectrum(p[a]);
		double[] zero = new double[n];
		double[] mean = spectrum(meanProfile(spectra, zero));
		double[] shift = new double[n];
		for (int a = 0; a < n; a++) {
			double[] c = new double[2 * length];
			for (int f = 0; f < length; f++) {
				double re = spectra[a][2 * f], im = spectra[a][2 * f + 1], mr = mean[2 * f], mi = mean[2 * f + 1];
				c[2 * f] = re * mr + im * mi;
				c[2 * f + 1] = im * mr - re * mi;
			}
			fft.complexInverse(c, true);
			int best = 0;
			for (int k = 1; k < length; k++)
				if (c[2 * k] > c[2 * best])
					best = k;
			double lo = c[2 * Math.floorMod(best - 1, length)], mid = c[2 * best], hi = c[2 * Math.floorMod(best + 1, length)];
			// NB: the correlation peaks at the lag s where p(t + s) matches the mean, the shift that shifted() applies.
			shift[a] = (best <= length / 2 ? best : best - length) + TiltAxisFinder.vertex(lo, mid, hi);
		}
		return shift;
	}

	/**
	 * The spectrum times a Gaussian of standard deviation {@link #LOW_PASS} cycles/px. NB: the profiles' noise is white
	 * and, at 100 counts, set the score's minimum (au-on-support seed 2 at 128 px, -7 deg: 0.48 deg off, 3.5 jackknife errors).
	 */
	private double[] lowPassed(double[] spectrum) {
		for (int f = 0; f < length; f++) {
			double k = FourierShift.frequency(f, length) / lowPass, g = Math.exp(-0.5 * k * k);
			spectrum[2 * f] *= g;
			spectrum[2 * f + 1] *= g;
		}
		return spectrum;
	}

	private double[] meanProfile(double[][] spectra, double[] shift) {
		double[] mean = new double[length];
		for (int a = 0; a < spectra.length; a++) {
			double[] moved = shifted(spectra[a], shift[a], false);
			for (int k = 0; k < length; k++)
				mean[k] += moved[k] / spectra.length;
		}
		return mean;
	}

	private double[] spectrum(double[] profile) {
		double[] c = new double[2 * length];
		for (int k = 0; k < length; k++)
			c[2 * k] = profile[k];
		fft.complexForward(c);
		return c;
	}

	/** {@code p(t + s)} by a Fourier shift (the profile is zero-padded to twice its length), or its derivative in t. */
	private double[] shifted(double[] spectrum, double s, boolean derivative) {
		double[] c = new double[2 * length];
		FourierShift.shift(spectrum, length, s, c);
		if (derivative)
			for (int f = 0; f < length; f++) {
				double k = 2 * Math.PI * FourierShift.frequency(f, length), re = c[2 * f], im = c[2 * f + 1];
				c[2 * f] = -k * im;
				c[2 * f + 1] = k * re;
			}
		fft.complexInverse(c, true);
		double[] out = new double[length];
		for (int k = 0; k < length; k++)
			out[k] = c[2 * k];
		return out;
	}
}
