package org.fusedtomo.tune;

import org.apache.commons.math3.special.Erf;

/**
 * Acquisition functions for minimisation: each scores a GP prediction (higher is more worth
 * evaluating) given the best value observed so far. {@link BayesianOptimizer} runs all three in a
 * GP-Hedge portfolio.
 */
public enum Acquisition {

	/** Expected improvement below {@code best − ξ}. */
	EI,
	/** Probability of improvement below {@code best − ξ}: the greediest of the three. */
	PI,
	/** Lower confidence bound {@code −(μ − κσ)}: the most exploring. */
	UCB;

	/** Exploration margin ξ of EI and PI, in standard deviations of the observed values. */
	public static final double XI = 0.001;

	/** Width κ of the confidence bound, in posterior standard deviations. */
	public static final double KAPPA = 2;

	/**
	 * The score of prediction {@code p} when {@code best} is the lowest observation and {@code scale} the
	 * observations' standard deviation (for ξ).
	 */
	public double score(GaussianProcess.Prediction p, double best, double scale) {
		double sd = p.sd();
		double gain = best - p.mean() - XI * scale;
		switch (this) {
			case UCB:
				return -(p.mean() - KAPPA * sd);
			case EI:
				if (sd <= 0)
					return Math.max(gain, 0);
				double z = gain / sd;
				return gain * normalCdf(z) + sd * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
			default:
				return sd <= 0 ? (gain > 0 ? 1 : 0) : normalCdf(gain / sd);
		}
	}

	private static double normalCdf(double z) {
		return 0.5 * (1 + Erf.erf(z / Math.sqrt(2)));
	}
}
