package org.fusedtomo.tune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleValueChecker;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Gaussian-process regression with a constant mean and a {@link Matern52Kernel} plus Gaussian noise
 * (Rasmussen &amp; Williams 2006, algorithm 2.1). Observed values are standardised (mean 0, standard
 * deviation 1) before conditioning, so the kernel's signal variance and the noise variance are in units
 * of the data's variance; predictions are returned in the original units.
 * <p>
 * Cost: an O(n³) Cholesky factorisation at construction, O(n·d) for a predicted mean and O(n²) for a
 * variance, n observations of d inputs. Immutable: {@link #withObservation} returns a new model.
 */
public final class GaussianProcess {

	/** Added to the diagonal for numerical stability, in standardised variance units. */
	static final double JITTER = 1e-10;

	/** Bounds of the fitted hyperparameters, in standardised units (inputs in the unit cube). */
	/** Likelihood evaluations per start of the hyperparameter fit. */
	static final int FIT_EVALUATIONS = 200;

	static final double MIN_SIGNAL = 1e-2, MAX_SIGNAL = 1e2, MIN_LENGTH = 1e-2, MAX_LENGTH = 1e1, MIN_NOISE = 1e-8, MAX_NOISE = 1;

	/** A predictive distribution at one point, in the units of the observations. */
	public record Prediction(double mean, double variance) {
		/** The standard deviation, √variance. */
		public double sd() {
			return Math.sqrt(variance);
		}
	}

	private final double[][] x;
	private final double[] y;
	private final Matern52Kernel kernel;
	private final double noiseVariance;
	private final double yMean, yScale;
	private final CholeskyDecomposition cholesky;
	private final double[] alpha;
	private final double logMarginalLikelihood;

	/**
	 * Conditions the GP with fixed hyperparameters on the observations {@code y} at {@code x}.
	 *
	 * @param x n ≥ 1 points, each with {@code kernel.dimension()} coordinates; copied
	 * @param y n finite values; copied
	 * @param kernel covariance of the standardised values
	 * @param noiseVariance observation noise variance of the standardised values (≥ 0)
	 */
	public GaussianProcess(double[][] x, double[] y, Matern52Kernel kernel, double noiseVariance) {
		this(x, y, kernel, noiseVariance, mean(y), scale(y));
	}

	private GaussianProcess(double[][] x, double[] y, Matern52Kernel kernel, double noiseVariance, double yMean, double yScale) {
		if (x.length == 0 || x.length != y.length)
			throw new IllegalArgumentException("A GP needs n >= 1 points and as many values, got " + x.length + " points and " + y.length + " values");
		for (int i = 0; i < x.length; i++) {
			if (x[i].length != kernel.dimension())
				throw new IllegalArgumentException("Point " + i + " has " + x[i].length + " coordinates but the kernel has " + kernel.dimension());
			if (!Double.isFinite(y[i]))
				throw new IllegalArgumentException("Observation " + i + " is not finite: " + y[i]);
		}
		if (!(noiseVariance >= 0) || !Double.isFinite(noiseVariance))
			throw new IllegalArgumentException("noiseVariance must be a non-negative number, got " + noiseVariance);
		this.x = deepCopy(x);
		this.y = y.clone();
		this.kernel = kernel;
		this.noiseVariance = noiseVariance;
		this.yMean = yMean;
		this.yScale = yScale;
		int n = x.length;
		double[] z = new double[n];
		for (int i = 0; i < n; i++)
			z[i] = (y[i] - yMean) / yScale;
		this.cholesky = factor(covariance(this.x, kernel, noiseVariance));
		this.alpha = cholesky.getSolver().solve(new ArrayRealVector(z, false)).toArray();
		double fit = 0;
		for (int i = 0; i < n; i++)
			fit += z[i] * alpha[i];
		double logDet = 0;
		for (int i = 0; i < n; i++)
			logDet += Math.log(cholesky.getL().getEntry(i, i));
		this.logMarginalLikelihood = -0.5 * fit - logDet - 0.5 * n * Math.log(2 * Math.PI);
	}

	/**
	 * A GP on {@code x, y} whose hyperparameters (signal variance, length scales, noise) maximise the log
	 * marginal likelihood, by Nelder-Mead on their logarithms within fixed bounds, from a default start, the
	 * hyperparameters of {@code warmStartOrNull} (e.g. the previous round's model) and {@code restarts}
	 * random starts drawn with {@code seed}. Inputs should lie in the unit cube. Cost: up to
	 * {@value #FIT_EVALUATIONS} factorisations per start.
	 */
	public static GaussianProcess fit(double[][] x, double[] y, int restarts, long seed, GaussianProcess warmStartOrNull) {
		List<double[]> starts = new ArrayList<>();
		if (x.length == 0)
			throw new IllegalArgumentException("A GP fit needs at least one observation");
		if (restarts < 0)
			throw new IllegalArgumentException("restarts must be >= 0, got " + restarts);
		int d = x[0].length, p = d + 2;
		double[] lo = new double[p], hi = new double[p];
		lo[0] = Math.log(MIN_SIGNAL);
		hi[0] = Math.log(MAX_SIGNAL);
		for (int i = 1; i <= d; i++) {
			lo[i] = Math.log(MIN_LENGTH);
			hi[i] = Math.log(MAX_LENGTH);
		}
		lo[p - 1] = Math.log(MIN_NOISE);
		hi[p - 1] = Math.log(MAX_NOISE);
		double yMean = mean(y), yScale = scale(y);
		SplittableRandom random = new SplittableRandom(seed);
		double[] first = new double[p];
		for (int i = 0; i < p; i++)
			first[i] = defaultStart(i, d);
		starts.add(first);
		if (warmStartOrNull != null && warmStartOrNull.kernel.dimension() == d)
			starts.add(warmStartOrNull.theta(lo, hi));
		for (int s = 0; s < restarts; s++) {
			double[] start = new double[p];
			for (int i = 0; i < p; i++)
				start[i] = lo[i] + random.nextDouble() * (hi[i] - lo[i]);
			starts.add(start);
		}
		double[] bestTheta = null;
		double bestValue = Double.NEGATIVE_INFINITY;
		for (double[] start : starts) {
			PointValuePair best;
			try {
				best = new SimplexOptimizer(new SimpleValueChecker(1e-6, 1e-6)).optimize(new MaxEval(FIT_EVALUATIONS), GoalType.MAXIMIZE,
					new InitialGuess(start), new NelderMeadSimplex(p, 1.0), new ObjectiveFunction(theta -> likelihoodOrPenalty(x, y, clamp(theta, lo, hi), yMean, yScale)));
				best = new PointValuePair(clamp(best.getPoint(), lo, hi), best.getValue());
			}
			catch (TooManyEvaluationsException e) {
				// NB: the budget ran out before convergence; keep the start, which is still a valid candidate.
				best = new PointValuePair(start, likelihoodOrPenalty(x, y, start, yMean, yScale));
			}
			if (best.getValue() > bestValue) {
				bestValue = best.getValue();
				bestTheta = best.getPoint();
			}
		}
		return of(x, y, bestTheta, yMean, yScale);
	}

	/**
	 * θ clamped into [lo, hi]. NB: Nelder-Mead is unbounded; outside the box the likelihood is that of the
	 * nearest point, so the simplex cannot gain by leaving it.
	 */
	private static double[] clamp(double[] theta, double[] lo, double[] hi) {
		double[] t = theta.clone();
		for (int i = 0; i < t.length; i++)
			t[i] = Math.min(hi[i], Math.max(lo[i], t[i]));
		return t;
	}

	/** log(σ², ℓ…, noise), clamped into the fit's bounds. */
	private double[] theta(double[] lo, double[] hi) {
		int d = kernel.dimension();
		double[] t = new double[d + 2];
		t[0] = Math.log(kernel.signalVariance());
		for (int i = 0; i < d; i++)
			t[1 + i] = Math.log(kernel.lengthScales()[i]);
		t[d + 1] = Math.log(Math.max(noiseVariance, MIN_NOISE));
		for (int i = 0; i < t.length; i++)
			t[i] = Math.min(hi[i], Math.max(lo[i], t[i]));
		return t;
	}

	/** This model with one more observation, the same hyperparameters and the same standardisation. */
	public GaussianProcess withObservation(double[] point, double value) {
		double[][] nx = Arrays.copyOf(x, x.length + 1);
		nx[x.length] = point.clone();
		double[] ny = Arrays.copyOf(y, y.length + 1);
		ny[y.length] = value;
		return new GaussianProcess(nx, ny, kernel, noiseVariance, yMean, yScale);
	}

	/** The posterior of the latent function at {@code p} (without observation noise). */
	public Prediction predict(double[] p) {
		int n = x.length;
		double[] k = new double[n];
		double mean = 0;
		for (int i = 0; i < n; i++) {
			k[i] = kernel.value(p, x[i]);
			mean += k[i] * alpha[i];
		}
		RealVector v = new ArrayRealVector(k, false);
		MatrixUtils.solveLowerTriangularSystem(cholesky.getL(), v);
		double variance = kernel.signalVariance() - v.dotProduct(v);
		return new Prediction(yMean + yScale * mean, yScale * yScale * Math.max(variance, 0));
	}

	/** log p(y | x, θ) of the standardised observations. */
	public double logMarginalLikelihood() {
		return logMarginalLikelihood;
	}

	/** The kernel, on the standardised values. */
	public Matern52Kernel kernel() {
		return kernel;
	}

	/** The noise variance, on the standardised values. */
	public double noiseVariance() {
		return noiseVariance;
	}

	/** The standard deviation used to standardise the observations. */
	public double valueScale() {
		return yScale;
	}

	public int size() {
		return x.length;
	}

	private static GaussianProcess of(double[][] x, double[] y, double[] theta, double yMean, double yScale) {
		int d = theta.length - 2;
		double[] lengths = new double[d];
		for (int i = 0; i < d; i++)
			lengths[i] = Math.exp(theta[1 + i]);
		return new GaussianProcess(x, y, new Matern52Kernel(Math.exp(theta[0]), lengths), Math.exp(theta[d + 1]), yMean, yScale);
	}

	private static double likelihoodOrPenalty(double[][] x, double[] y, double[] theta, double yMean, double yScale) {
		try {
			return of(x, y, theta, yMean, yScale).logMarginalLikelihood;
		}
		catch (ArithmeticException e) {
			return -1e300;
		}
	}

	/** Start of the fit: unit signal variance, length scale 0.3 of the unit cube, small noise. */
	private static double defaultStart(int i, int d) {
		if (i == 0)
			return 0;
		return i <= d ? Math.log(0.3) : Math.log(1e-4);
	}

	private static double[][] covariance(double[][] x, Matern52Kernel kernel, double noise) {
		int n = x.length;
		double[][] k = new double[n][n];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < i; j++)
				k[i][j] = k[j][i] = kernel.value(x[i], x[j]);
			k[i][i] = kernel.signalVariance() + noise + JITTER * kernel.signalVariance();
		}
		return k;
	}

	/** The Cholesky factorisation A = LLᵀ; an ArithmeticException when A is not positive definite. */
	static CholeskyDecomposition factor(double[][] a) {
		try {
			// Any positive pivot is accepted (the jitter keeps them so); the library's default refuses pivots below 1e-10.
			return new CholeskyDecomposition(new Array2DRowRealMatrix(a, false), CholeskyDecomposition.DEFAULT_RELATIVE_SYMMETRY_THRESHOLD, 0);
		}
		catch (NonPositiveDefiniteMatrixException e) {
			throw new ArithmeticException("Covariance matrix is not positive definite: " + e.getMessage());
		}
	}

	private static double mean(double[] y) {
		double s = 0;
		for (double v : y)
			s += v;
		return s / y.length;
	}

	/** Standard deviation of y, or 1 when it is 0 (one observation or all equal). */
	private static double scale(double[] y) {
		double m = mean(y), s = 0;
		for (double v : y)
			s += (v - m) * (v - m);
		double sd = Math.sqrt(s / y.length);
		return sd > 0 ? sd : 1;
	}

	private static double[][] deepCopy(double[][] a) {
		double[][] c = new double[a.length][];
		for (int i = 0; i < a.length; i++)
			c[i] = a[i].clone();
		return c;
	}
}
