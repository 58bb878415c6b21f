package org.fusedtomo.recon;

/**
 * Settings of the single-series methods: iterations (SIRT, EM, TV), the WBP filter and the TV weight
 * λ (in units of the data-term scale: projections ~ ray sums of the volume).
 */
public record ConventionalParameters(int iterations, WbpFilter filter, double lambdaTv) {

	public static final ConventionalParameters DEFAULT = new ConventionalParameters(50, WbpFilter.SHEPP_LOGAN, 1.0);

	public ConventionalParameters {
		if (iterations < 1)
			throw new IllegalArgumentException("iterations must be at least 1, got " + iterations);
		if (filter == null)
			throw new IllegalArgumentException("WBP filter must be given");
		if (!(lambdaTv >= 0) || !Double.isFinite(lambdaTv))
			throw new IllegalArgumentException("lambda-tv must be a non-negative number, got " + lambdaTv);
	}
}
