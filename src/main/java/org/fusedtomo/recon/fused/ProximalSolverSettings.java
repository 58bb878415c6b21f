package org.fusedtomo.recon.fused;

/**
 * Settings of the proximal-gradient solver ({@link FusedSolver#PROXIMAL_GRADIENT}, monotone FISTA).
 *
 * @param tvIterations FGP iterations of each TV prox, warm-started from the last dual (≥ 1); {@value #TV_ITERATIONS}
 */
public record ProximalSolverSettings(int tvIterations) {

	public static final int TV_ITERATIONS = 5;

	public static final ProximalSolverSettings DEFAULT = new ProximalSolverSettings(TV_ITERATIONS);

	public ProximalSolverSettings {
		if (tvIterations < 1)
			throw new IllegalArgumentException("--tv-iterations must be at least 1, got " + tvIterations);
	}
}
