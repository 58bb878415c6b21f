package org.fusedtomo.recon.fused;

/**
 * Settings that only the reference solver ({@link FusedSolver#REFERENCE}, the tomo_TV scheme) has: the
 * cost F has no λ_H, and the proximal solver takes no SIRT step.
 *
 * @param lambdaHaadf step factor λ_H of the SIRT-preconditioned HAADF step (&gt; 0); {@value #LAMBDA_HAADF}
 * @param sirtIterations SIRT iterations inside each HAADF step (≥ 1); {@value #SIRT_ITERATIONS}
 * @param tvIterations FGP iterations of each TV prox, cold-started as in the reference (≥ 1); {@value #TV_ITERATIONS}
 */
public record ReferenceSolverSettings(double lambdaHaadf, int sirtIterations, int tvIterations) implements java.io.Serializable {

	public static final double LAMBDA_HAADF = 10;
	public static final int SIRT_ITERATIONS = 5;
	public static final int TV_ITERATIONS = 5;

	/** The reference code's: λ_H 10, 5 SIRT iterations, 5 TV prox iterations. */
	public static final ReferenceSolverSettings DEFAULT = new ReferenceSolverSettings(LAMBDA_HAADF, SIRT_ITERATIONS, TV_ITERATIONS);

	public ReferenceSolverSettings {
		if (!(lambdaHaadf > 0) || !Double.isFinite(lambdaHaadf))
			throw new IllegalArgumentException("--lambda-haadf must be a positive number, got " + lambdaHaadf);
		if (sirtIterations < 1)
			throw new IllegalArgumentException("--sirt-iterations must be at least 1, got " + sirtIterations);
		if (tvIterations < 1)
			throw new IllegalArgumentException("--tv-iterations must be at least 1, got " + tvIterations);
	}
}
