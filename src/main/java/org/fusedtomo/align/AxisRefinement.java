package org.fusedtomo.align;

import org.apache.commons.math3.stat.regression.SimpleRegression;

import org.fusedtomo.data.Binning;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;

/**
 * Refines the tilt-axis offset of an alignment whose shifts and rotation are already good, by the
 * reprojection residual of the whole series, with its standard error.
 * <p>
 * The series is resampled once with the current alignment ({@link Alignment#apply}); for a candidate offset its
 * rows are moved by the difference with exact Fourier shifts ({@link RowShifts}, so every candidate is smoothed
 * alike), binned to at most
 * {@value #MAX_WIDTH} pixels, reconstructed by non-negative SIRT from zero and reprojected; the score of
 * each projection is its squared residual. The offset is sampled on five points {@value #OFFSET_STEP_PX}
 * px apart around the current value and fitted by a least-squares parabola, whose vertex is the estimate
 * (the grid is moved, up to {@value #MAX_MOVES} times, while the vertex lies outside it).
 * <p>
 * <b>Uncertainty.</b> The residual is a sum over projections, so the vertex can be re-fitted with each
 * projection left out at no extra cost: the jackknife standard error over projections,
 * {@code σ² = (n−1)/n Σ (v₋ᵢ − v̄)²}.
 * <p>
 * NB: the same criterion for the rotation was tried and measured too weak: at 64 px and HAADF 500
 * counts its jackknife error was 0.3–1.5°, with flat minima on a support slab (au-on-support), while
 * the common line's was 0.06–0.13°. An offset error a blurs every row; a rotation error δ only the
 * rows far from the centre, by {@code y·δ}. Cost: about 5 candidates, each one resampling and
 * {@code 3 + 2·sirtIterations} projections of the binned series.
 */
public final class AxisRefinement {

	/**
	 * SIRT iterations per candidate. NB: with 10 (the offset search of {@link TiltAxisFinder}) the
	 * unconverged model dominated the residual and the offset came out 0.3–0.5 px off on blobs and
	 * au-on-support (64 px, HAADF 500); with 30, 0.15 px.
	 */
	public static final int SIRT_ITERATIONS = 30;
	/** The series is binned to at most this width for the candidates, pixels. */
	static final int MAX_WIDTH = 128;
	/** How often the grid may move toward a vertex outside it before the estimate stops at the grid's edge. */
	static final int MAX_MOVES = 4;
	/** Grid step of the offset, full-size pixels. */
	static final double OFFSET_STEP_PX = 0.5;

	/**
	 * One parameter fitted on a grid.
	 *
	 * @param value the estimate (the vertex, or the best grid point when it ran off or had no minimum)
	 * @param sigma its jackknife standard error over projections; infinite where the residual has no minimum
	 * @param atLimit whether the vertex still lay outside the grid after {@value #MAX_MOVES} moves
	 */
	public record Fit(double value, double sigma, boolean atLimit) {}

	private final int sirtIterations;
	private final Parallelism parallelism;

	public AxisRefinement(int sirtIterations, Parallelism parallelism) {
		if (sirtIterations < 1)
			throw new IllegalArgumentException("Axis refinement needs at least one SIRT iteration, got " + sirtIterations);
		if (parallelism == null)
			throw new IllegalArgumentException("Axis refinement needs a Parallelism, got null");
		this.sirtIterations = sirtIterations;
		this.parallelism = parallelism;
	}

	/**
	 * The offset of {@code initial}'s tilt axis refined on the background-subtracted {@code series}
	 * (negatives kept). Checks for cancellation per candidate.
	 *
	 * @throws java.util.concurrent.CancellationException when the monitor cancels
	 */
	public Fit offset(TiltSeries series, Alignment initial, Monitor monitor) {
		if (!initial.matches(series.geometry()))
			throw new IllegalArgumentException("The initial alignment has " + initial.angleCount() + " angles that do not match the series' " + series.geometry());
		int bin = Math.max(1, (int) Math.ceil(Math.max(series.width(), series.height()) / (double) MAX_WIDTH));
		double start = initial.axisOffsetPx();
		// NB: resampled once and moved by exact Fourier shifts: resampled per candidate (Alignment.apply), a series without
		// axis rotation is smoothed by the fractional part of each candidate's shifts, and on noisy data the residual
		// follows the smoothing (128 px, HAADF 100 counts, 0 deg: no minimum, offsets 0.45-0.93 px off, NRMSE +4 to +15 %).
		RowShifts rows = new RowShifts(initial.apply(series));
		return fit(d -> residualsOf(rows.moved(d - start), bin, monitor), start, OFFSET_STEP_PX);
	}

	/**
	 * How much better alignment {@code b} explains the series than {@code a}: the paired t statistic over
	 * projections of the squared reprojection residual, {@code mean(r_a − r_b) / (sd / √n)}. Above 3 the
	 * improvement is more than the scatter over projections explains.
	 */
	public double pairedImprovement(TiltSeries series, Alignment a, Alignment b, Monitor monitor) {
		int bin = Math.max(1, (int) Math.ceil(Math.max(series.width(), series.height()) / (double) MAX_WIDTH));
		double[] ra = residuals(series, a, bin, monitor), rb = residuals(series, b, bin, monitor);
		int n = ra.length;
		double mean = 0, sq = 0;
		for (int i = 0; i < n; i++)
			mean += (ra[i] - rb[i]) / n;
		for (int i = 0; i < n; i++)
			sq += (ra[i] - rb[i] - mean) * (ra[i] - rb[i] - mean);
		double se = Math.sqrt(sq / (n - 1) / n);
		return se > 0 ? mean / se : mean > 0 ? Double.POSITIVE_INFINITY : 0;
	}

	/** Squared reprojection residual per projection of SIRT on the series aligned by {@code a}, binned by {@code bin}. */
	double[] residuals(TiltSeries series, Alignment a, int bin, Monitor monitor) {
		return residualsOf(a.apply(series), bin, monitor);
	}

	/** Squared reprojection residual per projection of SIRT on the aligned series, binned by {@code bin}. */
	private double[] residualsOf(TiltSeries aligned, int bin, Monitor monitor) {
		monitor.checkCancelled();
		TiltSeries data = Binning.bin(aligned, bin);
		double[] out = SirtReprojection.of(data, sirtIterations, parallelism, Monitor.NONE).squaredResiduals();
		monitor.progress("Tilt-axis refinement", 1, 1);
		return out;
	}

	/** Per-projection scores at one candidate. */
	interface Score {
		double[] at(double candidate);
	}

	/** The vertex of the summed score on five points of {@code step} around {@code start}, moved while it lies outside; its jackknife error. */
	static Fit fit(Score score, double start, double step) {
		return estimate(score, start, step, AxisRefinement::vertex);
	}

	/** The root of the summed score (increasing through it) on five points of {@code step} around {@code start}, moved while it lies outside; its jackknife error. */
	static Fit zero(Score score, double start, double step) {
		return estimate(score, start, step, AxisRefinement::root);
	}

	/** What a grid of candidates and their summed scores give: NaN where they give nothing. */
	private interface Estimator {
		double of(double[] x, double[] y);
	}

	private static Fit estimate(Score score, double start, double step, Estimator estimator) {
		double centre = start;
		for (int move = 0;; move++) {
			double[] x = new double[5];
			double[][] s = new double[5][];
			for (int k = 0; k < 5; k++) {
				x[k] = centre + (k - 2) * step;
				s[k] = score.at(x[k]);
			}
			int n = s[0].length;
			double[] total = new double[5];
			for (int k = 0; k < 5; k++)
				for (double v : s[k])
					total[k] += v;
			double vertex = estimator.of(x, total);
			boolean outside = !(Math.abs(vertex - centre) <= 2 * step);
			if (outside && move < MAX_MOVES) {
				centre += Double.isNaN(vertex) ? 0 : Math.signum(vertex - centre) * 2 * step;
				if (!Double.isNaN(vertex))
					continue;
			}
			if (outside || Double.isNaN(vertex)) {
				int best = 0;
				for (int k = 1; k < 5; k++)
					if (total[k] < total[best])
						best = k;
				return new Fit(x[best], Double.POSITIVE_INFINITY, outside && !Double.isNaN(vertex));
			}
			double[] left = new double[5];
			double mean = 0;
			double[] leaveOut = new double[n];
			for (int i = 0; i < n; i++) {
				for (int k = 0; k < 5; k++)
					left[k] = total[k] - s[k][i];
				leaveOut[i] = estimator.of(x, left);
				mean += leaveOut[i] / n;
			}
			double var = 0;
			for (double v : leaveOut)
				var += Double.isNaN(v) ? Double.POSITIVE_INFINITY : (v - mean) * (v - mean);
			return new Fit(vertex, Math.sqrt(var * (n - 1) / n), false);
		}
	}

	/** The root of the least-squares line through (x, y); NaN when it does not rise. */
	static double root(double[] x, double[] y) {
		SimpleRegression line = new SimpleRegression();
		for (int i = 0; i < x.length; i++)
			line.addData(x[i], y[i]);
		return line.getSlope() > 0 ? -line.getIntercept() / line.getSlope() : Double.NaN;
	}

	/** The vertex of the least-squares parabola through (x, y); NaN when it opens downward or is flat. */
	static double vertex(double[] x, double[] y) {
		int n = x.length;
		double mx = 0, my = 0;
		for (int i = 0; i < n; i++) {
			mx += x[i] / n;
			my += y[i] / n;
		}
		// Normal equations of y = a + b t + c t² in t = x − mean, which keeps them well conditioned.
		double s2 = 0, s3 = 0, s4 = 0, sy1 = 0, sy2 = 0;
		for (int i = 0; i < n; i++) {
			double t = x[i] - mx, t2 = t * t, dy = y[i] - my;
			s2 += t2;
			s3 += t2 * t;
			s4 += t2 * t2;
			sy1 += t * dy;
			sy2 += t2 * dy;
		}
		// In t and u = t² − mean(t²), both of zero sum, the constant drops out: a 2x2 system for b and c.
		double m2 = s2 / n;
		double c22 = s4 - n * m2 * m2, c12 = s3, c11 = s2;
		double det = c11 * c22 - c12 * c12;
		if (det == 0)
			return Double.NaN;
		double b = (sy1 * c22 - sy2 * c12) / det, c = (c11 * sy2 - c12 * sy1) / det;
		return c > 0 ? mx - b / (2 * c) : Double.NaN;
	}
}
