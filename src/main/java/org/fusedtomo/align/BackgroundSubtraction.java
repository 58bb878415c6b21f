package org.fusedtomo.align;

import java.util.Arrays;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.progress.Monitor;

/**
 * Subtracts the background of each projection on its own (DESIGN §1 step 1), as {@link BackgroundOptions}
 * says, and optionally clips negatives. The polynomial method finds the background pixels itself: fit
 * to all pixels, keep those below {@code fit + k·σ}, refit to them, and repeat until that set is stable;
 * particles, being brighter, drop out within a few rounds. Pixels not measured (NaN, {@code data.MissingData}: an
 * aligned series) are left out of every estimate and stay NaN.
 * <p>
 * Cost: BORDER and PERCENTILE sort O(pixels) values per projection; POLYNOMIAL is O(pixels · terms²)
 * per round.
 */
public final class BackgroundSubtraction {

	/**
	 * What was done.
	 *
	 * @param series the new, background-subtracted series
	 * @param options the options used
	 * @param coefficients per projection, the background polynomial in the normalised coordinates
	 *        {@code X = 2x/(w-1) − 1}, {@code Y = 2y/(h-1) − 1}, terms in the order 1, X, Y, X², XY, Y²
	 *        (as many as the order needs; one for the constant methods), in input units
	 */
	public record Result(TiltSeries series, BackgroundOptions options, double[][] coefficients) {}

	private final BackgroundOptions options;

	public BackgroundSubtraction(BackgroundOptions options) {
		if (options == null)
			throw new IllegalArgumentException("Background subtraction needs options, got null; use BackgroundOptions.DEFAULT");
		this.options = options;
	}

	public BackgroundOptions options() {
		return options;
	}

	/**
	 * A new series with the background of each projection removed; the input is not modified. Reports
	 * progress and checks for cancellation once per projection.
	 *
	 * @throws java.util.concurrent.CancellationException when the monitor cancels
	 */
	public Result run(TiltSeries series, Monitor monitor) {
		TiltSeries out = series.copy();
		int w = series.width(), h = series.height(), n = w * h;
		double[][] coefficients = new double[series.angleCount()][];
		float[] d = out.data();
		for (int a = 0; a < series.angleCount(); a++) {
			monitor.checkCancelled();
			int off = out.projectionOffset(a);
			double[] c = switch (options.method()) {
				case NONE -> new double[] { 0 };
				case BORDER -> new double[] { borderMedian(d, off, w, h) };
				case PERCENTILE -> new double[] { percentile(measured(Arrays.copyOfRange(d, off, off + n)), options.percentile()) };
				case POLYNOMIAL -> fitPolynomial(d, off, w, h);
			};
			coefficients[a] = c;
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					int i = off + y * w + x;
					float v = (float) (d[i] - evaluate(c, x, y, w, h));
					d[i] = options.clipNegative() && v < 0 ? 0f : v;
				}
			monitor.progress("Background subtraction", a + 1, series.angleCount());
		}
		return new Result(out, options, coefficients);
	}

	private double borderMedian(float[] d, int off, int w, int h) {
		int b = Math.min(options.borderPx(), Math.max(1, Math.min(w, h) / 2));
		float[] values = new float[w * h];
		int k = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if (x < b || y < b || x >= w - b || y >= h - b)
					values[k++] = d[off + y * w + x];
		return percentile(measured(Arrays.copyOf(values, k)), 50);
	}

	/** {@code v} without its NaN values (pixels not measured), or {@code v} itself when it has none. */
	private static float[] measured(float[] v) {
		int k = 0;
		for (float f : v)
			if (!Float.isNaN(f))
				v[k++] = f;
		return k == v.length ? v : Arrays.copyOf(v, k);
	}

	/** The p-th percentile (0..100) by linear interpolation between order statistics; sorts {@code v}. */
	static double percentile(float[] v, double p) {
		if (v.length == 0)
			return Double.NaN;
		Arrays.sort(v);
		double pos = p / 100 * (v.length - 1);
		int i = (int) Math.floor(pos);
		if (i >= v.length - 1)
			return v[v.length - 1];
		return v[i] + (pos - i) * (v[i + 1] - v[i]);
	}

	private int terms() {
		return switch (options.polynomialOrder()) {
			case 0 -> 1;
			case 1 -> 3;
			default -> 6;
		};
	}

	private static double[] basis(int terms, int x, int y, int w, int h, double[] out) {
		double X = w > 1 ? 2.0 * x / (w - 1) - 1 : 0, Y = h > 1 ? 2.0 * y / (h - 1) - 1 : 0;
		out[0] = 1;
		if (terms > 1) {
			out[1] = X;
			out[2] = Y;
		}
		if (terms > 3) {
			out[3] = X * X;
			out[4] = X * Y;
			out[5] = Y * Y;
		}
		return out;
	}

	private static double evaluate(double[] c, int x, int y, int w, int h) {
		double[] b = basis(c.length, x, y, w, h, new double[6]);
		double v = 0;
		for (int t = 0; t < c.length; t++)
			v += c[t] * b[t];
		return v;
	}

	private double[] fitPolynomial(float[] d, int off, int w, int h) {
		int n = w * h, terms = terms();
		boolean[] background = new boolean[n];
		double[] c = null;
		double scale = 0;
		for (int i = 0; i < n; i++) {
			background[i] = !Float.isNaN(d[off + i]);
			if (background[i])
				scale = Math.max(scale, Math.abs(d[off + i]));
		}
		float[] residual = new float[n];
		for (int round = 0; round < options.maxIterations(); round++) {
			double[] next = leastSquares(d, off, w, h, background, terms);
			if (next == null)
				break;
			c = next;
			// Robust spread (MAD) of the residuals of the current background pixels.
			int k = 0;
			for (int i = 0; i < n; i++)
				if (background[i])
					residual[k++] = (float) (d[off + i] - evaluate(c, i % w, i / w, w, h));
			float[] r = Arrays.copyOf(residual, k);
			double med = percentile(r, 50);
			for (int i = 0; i < k; i++)
				r[i] = (float) Math.abs(r[i] - med);
			double sigma = 1.4826 * percentile(r, 50);
			double limit = options.sigmaFactor() * Math.max(sigma, 1e-6 * scale + Float.MIN_NORMAL);
			boolean changed = false;
			for (int i = 0; i < n; i++) {
				boolean keep = d[off + i] - evaluate(c, i % w, i / w, w, h) < limit;
				changed |= keep != background[i];
				background[i] = keep;
			}
			if (!changed)
				break;
		}
		if (c == null)
			c = new double[] { percentile(measured(Arrays.copyOfRange(d, off, off + n)), 50) };
		return c;
	}

	/** Least-squares coefficients over the flagged pixels, or null with fewer pixels than terms. */
	private static double[] leastSquares(float[] d, int off, int w, int h, boolean[] use, int terms) {
		double[][] normal = new double[terms][terms];
		double[] rhs = new double[terms], b = new double[6];
		int count = 0;
		for (int i = 0; i < use.length; i++) {
			if (!use[i])
				continue;
			count++;
			basis(terms, i % w, i / w, w, h, b);
			double v = d[off + i];
			for (int r = 0; r < terms; r++) {
				rhs[r] += b[r] * v;
				for (int s = 0; s < terms; s++)
					normal[r][s] += b[r] * b[s];
			}
		}
		if (count < terms)
			return null;
		RealMatrix m = new Array2DRowRealMatrix(normal, false);
		try {
			return new QRDecomposition(m).getSolver().solve(new ArrayRealVector(rhs, false)).toArray();
		}
		catch (SingularMatrixException e) {
			// NB: background pixels on one line cannot fix a plane; fall back to their mean.
			return count > 0 ? new double[] { rhs[0] / count } : null;
		}
	}
}
