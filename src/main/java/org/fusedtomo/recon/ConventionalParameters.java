package org.fusedtomo.recon;

/**
 * Settings of the single-series methods: iterations (SIRT, EM, TV), the WBP filter and the TV weight
 * λ (in units of the data-term scale: projections ~ ray sums of the volume).
 */
public record ConventionalParameters(int iterations, WbpFilter filter, double lambdaTv) {

	/** Iterations of {@link #DEFAULT}. */
	public static final int ITERATIONS = 50;
	/** λ of {@link #DEFAULT}. */
	public static final double LAMBDA_TV = 1.0;

	public static final ConventionalParameters DEFAULT = new ConventionalParameters(ITERATIONS, WbpFilter.SHEPP_LOGAN, LAMBDA_TV);

	public ConventionalParameters {
		if (iterations < 1)
			throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
		if (filter == null)
			throw new IllegalArgumentException("WBP filter must be given");
		// NB: the solvers compute in floats, where a larger weight is infinite.
		if (!(lambdaTv >= 0) || !(lambdaTv <= Float.MAX_VALUE))
			throw new IllegalArgumentException("lambda-tv must be a non-negative number up to " + Float.MAX_VALUE + ", got " + lambdaTv);
	}
}
