package org.fusedtomo.align;

import java.util.HashMap;
import java.util.Map;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.Reconstruction;
import org.fusedtomo.recon.Sirt;
import org.fusedtomo.recon.SirtOptions;

/**
 * Finds the in-plane rotation (degrees) and horizontal offset (pixels) of the tilt axis, in two steps.
 * <ul>
 * <li><b>Rotation, by the common line</b> (as tomviz' auto tilt-axis rotation): by the Fourier slice
 * theorem every projection's 2D spectrum is a central section of the object's 3D spectrum, and all of
 * them contain the line along the tilt axis. Shifts change only phases, so the spectral magnitudes of
 * all projections agree on that line, and only there. The rotation is the direction through the origin
 * along which the magnitudes vary least across projections (variance over mean square, each summed
 * over radius).
 * It needs no reconstruction and no resampling of the data, whose smoothing would bias a search. Give it
 * background-subtracted data with negatives kept; the edges of each projection are tapered (a Tukey window
 * over {@value CommonLine#TAPER} of the size at each end), as the frame's edges put a cross on the spectral
 * axes. When the series holds projections 180° apart,
 * {@link MirrorPairs} replaces it: those are mirror images about the axis, a direct estimate (on the
 * real needle of docs/real-data.md the common line ran to the edge of its range, 10° off).
 * {@link #searchRotation} widens the search while the minimum lies at its edge, uses only radii where
 * the spectrum stands above its noise floor, then refines the estimate by {@link AxisProfiles} (the profiles
 * along the axis themselves, phases included, on the data as they are: the frame's spectral cross at 0° pulls
 * the common line toward it; a second root at a milder low-pass, {@link #refined}) with the first root's jackknife
 * standard error over projections; where the profiles have
 * no minimum nearby, by the common line again on the series turned by the first estimate.
 * {@link #supported} says whether the data support a rotation other than 0.</li>
 * <li><b>Offset, by reprojection error</b> (as TomoPy's centre search, with SIRT): for each candidate a
 * few detector rows of the series are resampled with it ({@link Alignment#apply}), reconstructed by
 * non-negative SIRT, and scored by {@code ‖Ax − b‖² / ‖b‖²}; data around the wrong axis is inconsistent,
 * so the error rises. A scan, halving three-point refinements, then a parabola through the last three.</li>
 * </ul>
 * After centre-of-mass alignment the offset is already fixed (the object's centre of mass is put on the
 * axis), and a search would only add the error of the remaining shifts: then call {@link #findRotation}
 * alone. The offset search is for series aligned by cross-correlation, or after projection matching.
 * <p>
 * The rotation found is the one that brings the data to our convention (axis parallel to y); see
 * {@link Alignment} for the model. Cost: one FFT per projection and {@code O(angles · radius)} per
 * rotation candidate; about {@code 2·maxOffset/offsetStep + 2 log2(step/tolerance) + 3} offset candidates,
 * each {@code 2 + 2·sirtIterations} projections of {@code slices} rows.
 */
public final class TiltAxisFinder {

	/** Half-width of the rotation scan by mirror pairs, degrees: past the ±45° that a quarter turn leaves. */
	static final double MIRROR_RANGE_DEG = 45;

	private final TiltAxisOptions options;
	private final Parallelism parallelism;

	public TiltAxisFinder(TiltAxisOptions options, Parallelism parallelism) {
		if (options == null)
			throw new IllegalArgumentException("Tilt-axis finder needs options, got null; use TiltAxisOptions.DEFAULT");
		if (parallelism == null)
			throw new IllegalArgumentException("Tilt-axis finder needs a Parallelism, got null");
		this.options = options;
		this.parallelism = parallelism;
	}

	public TiltAxisOptions options() {
		return options;
	}

	/**
	 * The initial alignment with the tilt axis (rotation and offset) that best explains the raw
	 * {@code series}; its shifts are kept. Checks for cancellation and reports progress per candidate.
	 *
	 * @throws java.util.concurrent.CancellationException when the monitor cancels
	 */
	public Alignment run(TiltSeries series, Alignment initial, Monitor monitor) {
		if (!initial.matches(series.geometry()))
			throw new IllegalArgumentException("The initial alignment has " + initial.angleCount() + " angles that do not match the series' " + series.geometry());
		return run(series, initial, findRotation(series, initial.axisRotationDeg(), monitor), rotationCriterion(series.anglesDeg()), monitor);
	}

	/** {@link #run(TiltSeries, Alignment, Monitor)} with the rotation already found (by {@code how}, for the method list): the offset search alone. */
	Alignment run(TiltSeries series, Alignment initial, double rot, String how, Monitor monitor) {
		if (!initial.matches(series.geometry()))
			throw new IllegalArgumentException("The initial alignment has " + initial.angleCount() + " angles that do not match the series' " + series.geometry());
		double off0 = initial.axisOffsetPx();
		Search search = new Search(new OffsetScore(series, initial.withAxis(rot, off0, null)), monitor);
		double delta = search.scan(-options.maxOffsetPx(), options.maxOffsetPx(), options.offsetStepPx());
		double step = options.offsetStepPx() / 2;
		for (; step >= options.offsetTolerancePx(); step /= 2)
			delta = search.scan(delta - step, delta + step, step);
		delta = search.vertexAt(delta, 2 * step);
		// NB: a further δ in aligned x is δ·R(1, 0) in raw pixels; its y part (δ sin φ) is negligible here.
		double off = off0 + delta;
		return initial.withAxis(rot, off, String.format("tilt-axis(%s; offset by sirt %d, %d slices)", how, options.sirtIterations(),
			options.slices()));
	}

	/**
	 * The tilt-axis rotation in degrees near {@code aroundDeg}. When the series holds projections 180°
	 * apart, by {@link MirrorPairs} within ±max({@code maxRotationDeg}, {@value #MIRROR_RANGE_DEG}):
	 * its criterion has one clear minimum. Otherwise by the common line (see the class comment) within
	 * ±{@code maxRotationDeg}. Checks for cancellation per projection or candidate.
	 */
	public double findRotation(TiltSeries series, double aroundDeg, Monitor monitor) {
		return searchRotation(series, aroundDeg, monitor).rotationDeg();
	}

	/**
	 * A rotation search: the minimum found, the half-width searched last, and whether the minimum still
	 * lay at its edge.
	 */
	public record RotationSearch(double rotationDeg, double rangeDeg, boolean atLimit, double sigmaDeg) {}

	/** Half-width of the common line's second pass on the turned series, degrees. */
	static final double SECOND_PASS_RANGE_DEG = 1.5;
	/**
	 * Grid step of the second pass by {@link AxisProfiles}, degrees (five points, a least-squares line through the criterion's root).
	 * NB: on the 64 px grid of docs/real-data.md 0.25 and 0.5 were alike at 100 and 5000 counts; 1.0 lost its minimum once.
	 */
	static final double PROFILE_STEP_DEG = 0.5;
	/** Grid step of the jackknife error of the common line, degrees. */
	static final double JACKKNIFE_STEP_DEG = 0.5;
	/** A rotation is kept when it lies more than this many (total) standard errors from 0. */
	public static final double SIGNIFICANCE = 3;
	/**
	 * Systematic error of the common line beyond its jackknife error, degrees, added in quadrature: on
	 * simulated series (64 px, HAADF 100–5000 counts, 0°, 2° and −7°) its errors reached 2–3 jackknife
	 * errors (up to 0.3° where the jackknife said 0.09°).
	 */
	public static final double SYSTEMATIC_DEG = 0.1;

	/**
	 * Whether {@code search} supports a rotation other than 0: its distance from 0 exceeds
	 * {@value #SIGNIFICANCE} standard errors (jackknife and systematic in quadrature), i.e. the criterion's
	 * improvement over 0 is more than the scatter over projections explains. Mirror pairs (no error
	 * estimate from one pair) are a direct measurement and always count.
	 */
	public static boolean supported(RotationSearch search) {
		if (Double.isNaN(search.sigmaDeg()))
			return true;
		return Math.abs(search.rotationDeg()) > SIGNIFICANCE * Math.hypot(search.sigmaDeg(), SYSTEMATIC_DEG);
	}

	/**
	 * {@link #findRotation}, saying how far it searched. A minimum within one coarse step of the edge of
	 * the search is no minimum: the search is widened (doubled, up to ±{@value #MIRROR_RANGE_DEG}°) until
	 * the minimum lies inside, or {@code atLimit} is set.
	 */
	public RotationSearch searchRotation(TiltSeries series, double aroundDeg, Monitor monitor) {
		java.util.function.DoubleUnaryOperator score;
		double range;
		CommonLine line = null;
		if (MirrorPairs.find(series.anglesDeg()).length > 0) {
			MirrorPairs pairs = new MirrorPairs(series);
			score = r -> pairs.score(r, monitor);
			range = Math.max(options.maxRotationDeg(), MIRROR_RANGE_DEG);
		}
		else {
			line = new CommonLine(series, monitor);
			score = line::score;
			range = options.maxRotationDeg();
		}
		while (true) {
			double r = minimise(score, aroundDeg, range);
			boolean atEdge = Math.abs(r - aroundDeg) > range - options.rotationStepDeg();
			if (!atEdge || range >= MIRROR_RANGE_DEG) {
				if (line == null)
					return new RotationSearch(r, range, atEdge, Double.NaN);
				if (atEdge || r == 0)
					return new RotationSearch(r, range, atEdge, line.jackknifeSigma(r));
				// Second pass by the axis profiles, on the data as they are (no taper, no resampling), where the frame is high enough.
				double profileRange = Math.abs(r) + 2 * PROFILE_STEP_DEG;
				if (AxisProfiles.fits(series, profileRange)) {
					AxisProfiles profiles = new AxisProfiles(series, r, profileRange, true, AxisProfiles.LOW_PASS, parallelism);
					AxisRefinement.Fit fit = profiles.rotation(r, PROFILE_STEP_DEG, monitor);
					if (!fit.atLimit() && Double.isFinite(fit.sigma()))
						return new RotationSearch(refined(series, fit, monitor), range, false, fit.sigma());
				}
				// Where the profiles have no minimum near r: a second pass on the series turned by r: the frame's own spectral cross lies at 0 and pulls
				// the minimum toward it (measured: 2 deg found as 1.65-1.89); turned, the axis sits on it.
				TiltSeries turned = new Alignment(series.anglesDeg(), new double[series.angleCount()], new double[series.angleCount()], r, 0, null).apply(series);
				CommonLine second = new CommonLine(turned, monitor);
				double r2 = minimise(second::score, 0, SECOND_PASS_RANGE_DEG);
				return new RotationSearch(r + r2, range, false, second.jackknifeSigma(r2));
			}
			range = Math.min(2 * range, MIRROR_RANGE_DEG);
		}
	}

	/**
	 * The profiles' root {@code fit} refined by a second root at the milder low-pass {@link AxisProfiles#REFINE_LOW_PASS},
	 * started at it, and kept when within {@link #REFINE_SIGMAS} of its errors (else, or where the milder profiles have no
	 * minimum, {@code fit}'s). NB: the first root's low-pass of 0.2 cycles/px keeps its gate (the squared residuals' minimum)
	 * and its jackknife error steady but drops the high frequencies where a fine object holds its information; a milder
	 * low-pass throughout lost the minimum more often (docs/real-data.md, helper axis11). Held out at 100 counts,
	 * shell-cap-rod s2 missed 0.3° in 9 of 34 draws against 16 without (21 with the split profiles before), and no cell at
	 * 500 or 5000 counts got worse by more than 0.014° on average; tuned on au-on-support s1 and shell-cap-rod s1 among 0.35,
	 * 0.5 and 1.0 (docs/real-data.md, helper axis13).
	 */
	private double refined(TiltSeries series, AxisRefinement.Fit fit, Monitor monitor) {
		double c = fit.value(), range = Math.abs(c) + 2 * PROFILE_STEP_DEG;
		if (!AxisProfiles.fits(series, range))
			return c;
		AxisRefinement.Fit second = new AxisProfiles(series, c, range, true, AxisProfiles.REFINE_LOW_PASS, parallelism).rotation(c, PROFILE_STEP_DEG, monitor);
		boolean kept = !second.atLimit() && Double.isFinite(second.sigma()) && Math.abs(second.value() - c) <= REFINE_SIGMAS * fit.sigma();
		return kept ? second.value() : c;
	}

	/** How many of the first root's standard errors the refined root may lie from it. NB: axis11's choice, not tuned. */
	static final double REFINE_SIGMAS = 2;

	/** Which criterion {@link #findRotation} uses on these angles, for the alignment's method list. */
	static String rotationCriterion(double[] anglesDeg) {
		int pairs = MirrorPairs.find(anglesDeg).length;
		return pairs > 0 ? "mirror pairs (" + pairs + " at 180 deg)" : "common line";
	}

	/** A scan of {@code around ± range} at the rotation step, halving refinements, then a parabola through the last three. */
	private double minimise(java.util.function.DoubleUnaryOperator score, double around, double range) {
		double best = around, bestScore = Double.POSITIVE_INFINITY;
		double step = options.rotationStepDeg();
		for (double r = around - range; r <= around + range + 1e-9; r += step) {
			double sc = score.applyAsDouble(r);
			if (sc < bestScore) {
				bestScore = sc;
				best = r;
			}
		}
		for (step /= 2; step >= options.rotationToleranceDeg(); step /= 2) {
			double lo = score.applyAsDouble(best - step), hi = score.applyAsDouble(best + step);
			if (lo < bestScore && lo <= hi) {
				best -= step;
				bestScore = lo;
			}
			else if (hi < bestScore) {
				best += step;
				bestScore = hi;
			}
		}
		return best + 2 * step * vertex(score.applyAsDouble(best - 2 * step), bestScore, score.applyAsDouble(best + 2 * step));
	}

	/** Spectral magnitudes of all projections, zero-padded {@value #PAD}x and fftshifted, and the common-line score. */
	private static final class CommonLine {

		/** NB: padding samples the spectrum densely, so interpolating it along a slanted line is unbiased. */
		static final int PAD = 4;
		/** Radii of the criterion, as fractions of min(w, h) cycles: at least and at most. */
		static final double MIN_RADIUS = 0.1;
		static final double MAX_RADIUS = 0.4;
		/** Noise floor from frequencies beyond this in both axes, cycles per pixel. */
		static final double NOISE_FREQUENCY = 0.4;
		/** The criterion uses radii whose mean power is at least this multiple of the noise floor. */
		static final double SIGNAL_TO_NOISE = 3;
		/**
		 * Fraction of the width (height) over which each edge of a projection is tapered to 0 by a half cosine.
		 * NB: without it the frame edges put a cross on the spectral axes that pulls the estimate toward 0°
		 * (clipped noise or a support reaching the edge leave them far from 0). On 64 px series at 100 counts
		 * (docs/real-data.md) the largest error of the 12 rotations was 0.84° with 0.2, against 2° with 0.1 and 7°
		 * without (a rotation the data did not support, kept at 0).
		 */
		static final double TAPER = 0.2;

		private final double maxRadius;

		private final int w;
		private final int h;
		private final int pw;
		private final int ph;
		private final float[][] magnitude;

		CommonLine(TiltSeries series, Monitor monitor) {
			w = series.width();
			h = series.height();
			pw = PAD * w;
			ph = PAD * h;
			magnitude = new float[series.angleCount()][];
			double[] taperX = taper(w), taperY = taper(h);
			org.jtransforms.fft.DoubleFFT_2D fft = new org.jtransforms.fft.DoubleFFT_2D(ph, pw);
			for (int a = 0; a < magnitude.length; a++) {
				monitor.checkCancelled();
				double[] c = new double[2 * pw * ph];
				int off = series.projectionOffset(a);
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++)
						c[2 * (y * pw + x)] = series.data()[off + y * w + x] * taperX[x] * taperY[y];
				fft.complexForward(c);
				float[] m = new float[pw * ph];
				for (int y = 0; y < ph; y++)
					for (int x = 0; x < pw; x++) {
						int i = 2 * (y * pw + x);
						m[Math.floorMod(y + ph / 2, ph) * pw + Math.floorMod(x + pw / 2, pw)] = (float) Math.hypot(c[i], c[i + 1]);
					}
				magnitude[a] = m;
				monitor.progress("Tilt-axis rotation", a + 1, magnitude.length);
			}
			maxRadius = signalRadius();
		}

		/** Weights of a Tukey window of {@code n} samples: 1 inside, a half cosine over {@value #TAPER} of {@code n} at each end. */
		static double[] taper(int n) {
			double[] t = new double[n];
			double ramp = TAPER * n;
			for (int i = 0; i < n; i++) {
				double d = Math.min(i + 0.5, n - i - 0.5);
				t[i] = d >= ramp ? 1 : 0.5 - 0.5 * Math.cos(Math.PI * d / ramp);
			}
			return t;
		}

		/**
		 * The largest radius (cycles per {@code min(w, h)} pixels) where the spectrum, averaged over
		 * directions and projections, still holds {@value #SIGNAL_TO_NOISE} times the power of the noise
		 * floor (the spectral corners beyond {@value #NOISE_FREQUENCY} cycles per pixel in both axes,
		 * where white noise is all there is); within [{@value #MIN_RADIUS}, {@value #MAX_RADIUS}] of the
		 * size. Beyond it the magnitudes are noise, which only adds scatter to the criterion.
		 */
		private double signalRadius() {
			int n = Math.min(w, h);
			double noise = 0;
			long count = 0;
			for (float[] m : magnitude)
				for (int y = 0; y < ph; y++)
					for (int x = 0; x < pw; x++)
						if (Math.abs(x - pw / 2) > NOISE_FREQUENCY * pw && Math.abs(y - ph / 2) > NOISE_FREQUENCY * ph) {
							noise += (double) m[y * pw + x] * m[y * pw + x];
							count++;
						}
			noise = count > 0 ? noise / count : 0;
			for (double r = MIN_RADIUS * n; r <= MAX_RADIUS * n; r += 1) {
				double power = 0;
				int samples = 0;
				for (int k = 0; k < 32; k++) {
					double t = Math.PI * k / 32;
					double fx = r / n * Math.cos(t) * pw + pw / 2, fy = r / n * Math.sin(t) * ph + ph / 2;
					for (float[] m : magnitude) {
						double v = bilinear(m, fx, fy);
						power += v * v;
						samples++;
					}
				}
				if (power / samples < SIGNAL_TO_NOISE * noise)
					return r;
			}
			return MAX_RADIUS * n;
		}

		/**
		 * The jackknife standard error over projections of the vertex of the score on five points of
		 * {@code step} around {@code centre}: the score is re-computed with each projection left out.
		 * The step is {@value TiltAxisFinder#JACKKNIFE_STEP_DEG}°, doubled (up to twice) while the score
		 * has no minimum on the grid; infinite when it never has.
		 */
		double jackknifeSigma(double centre) {
			// NB: a criterion that is rough on the scale of the grid has no parabola there; a wider grid may have one.
			for (double step = JACKKNIFE_STEP_DEG; step <= 4 * JACKKNIFE_STEP_DEG; step *= 2) {
				double sigma = jackknifeSigma(centre, step);
				if (Double.isFinite(sigma))
					return sigma;
			}
			return Double.POSITIVE_INFINITY;
		}

		double jackknifeSigma(double centre, double step) {
			int n = magnitude.length;
			double[] x = new double[5];
			double[][][] values = new double[5][][];
			for (int k = 0; k < 5; k++) {
				x[k] = centre + (k - 2) * step;
				values[k] = lineValues(x[k]);
			}
			double[] all = new double[5];
			for (int k = 0; k < 5; k++)
				all[k] = score(x[k]);
			double full = AxisRefinement.vertex(x, all);
			if (!(Math.abs(full - centre) <= 2 * step))
				return Double.POSITIVE_INFINITY; // no minimum near the estimate: no error can be given
			double[] leaveOut = new double[n];
			double mean = 0;
			for (int left = 0; left < n; left++) {
				double[] y = new double[5];
				for (int k = 0; k < 5; k++) {
					double variance = 0, power = 0;
					for (double[] v : values[k]) {
						double sum = 0, sum2 = 0;
						for (int a = 0; a < n; a++)
							if (a != left) {
								sum += v[a];
								sum2 += v[a] * v[a];
							}
						double m = sum / (n - 1);
						variance += sum2 / (n - 1) - m * m;
						power += m * m;
					}
					y[k] = power > 0 ? variance / power : 0;
				}
				// NB: at low counts a leave-one-out criterion can lose its minimum or put it far outside the
				// grid, and one such value would make the error infinite: each counts at most at the grid's edge.
				double v = AxisRefinement.vertex(x, y);
				leaveOut[left] = Double.isNaN(v) ? x[4] : Math.max(x[0], Math.min(x[4], v));
				mean += leaveOut[left] / n;
			}
			double var = 0;
			for (double v : leaveOut)
				var += (v - mean) * (v - mean);
			return Math.sqrt(var * (n - 1) / n);
		}

		/** |F| of every projection along the line at rotation r: [radius][projection]. */
		private double[][] lineValues(double rotationDeg) {
			double phi = Math.toRadians(rotationDeg);
			double ux = -Math.sin(phi), uy = Math.cos(phi);
			int n = Math.min(w, h);
			java.util.List<double[]> out = new java.util.ArrayList<>();
			for (double r = 2; r <= maxRadius; r += 0.25) {
				double fx = r / n * ux * pw + pw / 2, fy = r / n * uy * ph + ph / 2;
				double[] v = new double[magnitude.length];
				for (int a = 0; a < v.length; a++)
					v[a] = bilinear(magnitude[a], fx, fy);
				out.add(v);
			}
			return out.toArray(double[][]::new);
		}

		/** Variance across projections of |F| along the line at rotation r, summed over radius, over its mean square. */
		double score(double rotationDeg) {
			double phi = Math.toRadians(rotationDeg);
			double ux = -Math.sin(phi), uy = Math.cos(phi);
			int n = Math.min(w, h);
			double variance = 0, power = 0;
			for (double r = 2; r <= maxRadius; r += 0.25) {
				// Frequency r/n cycles per pixel along the axis direction, in padded index units.
				double fx = r / n * ux * pw + pw / 2, fy = r / n * uy * ph + ph / 2;
				double sum = 0, sum2 = 0;
				for (float[] m : magnitude) {
					double v = bilinear(m, fx, fy);
					sum += v;
					sum2 += v * v;
				}
				double mean = sum / magnitude.length;
				// NB: summed before dividing, so that weak high frequencies (noise) weigh little.
				variance += sum2 / magnitude.length - mean * mean;
				power += mean * mean;
			}
			return power > 0 ? variance / power : 0;
		}

		private double bilinear(float[] m, double x, double y) {
			int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
			if (x0 < 0 || y0 < 0 || x0 + 1 >= pw || y0 + 1 >= ph)
				return 0;
			double ax = x - x0, ay = y - y0;
			int i = y0 * pw + x0;
			double top = m[i] + ax * (m[i + 1] - m[i]), bottom = m[i + pw] + ax * (m[i + pw + 1] - m[i + pw]);
			return top + ay * (bottom - top);
		}
	}

	/**
	 * The score of offset candidates at one rotation: the chosen rows of the series, resampled once by
	 * the alignment at offset 0 of the search, then moved by {@code δ} with an exact Fourier shift (each
	 * row zero-padded to twice its length), so that every candidate is smoothed alike; a bilinear shift
	 * would favour half-pixel candidates, whose smoothing SIRT fits more easily.
	 */
	private final class OffsetScore {

		private final RowShifts rows;
		private final int w;
		private final int k;

		OffsetScore(TiltSeries series, Alignment atZero) {
			w = series.width();
			int h = series.height();
			k = Math.min(options.slices(), h);
			TiltSeries aligned = atZero.apply(series);
			TiltSeries chosen = new TiltSeries(new TiltGeometry(w, k, series.anglesDeg()), Calibration.PIXEL);
			double span = options.rowFraction() * (h - 1);
			for (int a = 0; a < series.angleCount(); a++)
				for (int r = 0; r < k; r++) {
					int y = (int) Math.round((h - 1) / 2.0 - span / 2 + span * r / (k - 1));
					System.arraycopy(aligned.data(), aligned.projectionOffset(a) + y * w, chosen.data(), chosen.projectionOffset(a) + r * w, w);
				}
			rows = new RowShifts(chosen);
		}

		/** Relative reprojection error ‖Ax − b‖²/‖b‖² of SIRT on the rows moved by δ: {@code b(x) = rows(x + δ)}. */
		double at(double delta) {
			TiltSeries moved = rows.moved(delta);
			Projector projector = Projectors.create(new VolumeGeometry(w, k, w), moved.geometry(), parallelism);
			Reconstruction rec = new Sirt(projector, SirtOptions.DEFAULT).run(moved, null, options.sirtIterations(), Monitor.NONE);
			double[] history = rec.history().values("data");
			double norm = 0;
			for (float v : moved.data())
				norm += 0.5 * v * v;
			return norm > 0 ? history[history.length - 1] / norm : 0;
		}
	}

	/** Memoised offset scores and the moves of the offset search. */
	private final class Search {

		private final OffsetScore score;
		private final Monitor monitor;
		private final Map<Double, Double> cache = new HashMap<>();
		private final int expected;

		Search(OffsetScore score, Monitor monitor) {
			this.score = score;
			this.monitor = monitor;
			int levels = (int) Math.ceil(Math.log(options.offsetStepPx() / options.offsetTolerancePx()) / Math.log(2));
			this.expected = (int) (2 * options.maxOffsetPx() / options.offsetStepPx()) + 2 * Math.max(1, levels) + 4;
		}

		double at(double delta) {
			Double key = Math.rint(delta * 1e6) / 1e6;
			Double s = cache.get(key);
			if (s == null) {
				monitor.checkCancelled();
				s = score.at(delta);
				cache.put(key, s);
				monitor.progress("Tilt-axis offset", Math.min(cache.size(), expected - 1), expected);
			}
			return s;
		}

		double scan(double from, double to, double step) {
			double best = from, bestScore = Double.POSITIVE_INFINITY;
			for (double d = from; d <= to + 1e-9; d += step) {
				double s = at(d);
				if (s < bestScore) {
					bestScore = s;
					best = d;
				}
			}
			return best;
		}

		double vertexAt(double d, double step) {
			return d + step * vertex(at(d - step), at(d), at(d + step));
		}
	}

	/** Vertex of the parabola through (−1, a), (0, b), (1, c), clamped to [−1, 1]; 0 without a minimum. */
	static double vertex(double a, double b, double c) {
		double den = a - 2 * b + c;
		return den > 0 ? Math.max(-1, Math.min(1, 0.5 * (a - c) / den)) : 0;
	}
}
