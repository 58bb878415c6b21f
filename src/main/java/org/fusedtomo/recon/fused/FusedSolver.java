package org.fusedtomo.recon.fused;

/** The algorithm that minimises the fused cost (DESIGN §4). */
public enum FusedSolver {
	/**
	 * The tomo_TV / tomofusion scheme, step by step: SIRT-preconditioned HAADF step, scaled Poisson
	 * gradient step, a few TV prox iterations, and λ_C decay. Compares with published results; its cost
	 * need not decrease monotonically.
	 */
	REFERENCE,
	/**
	 * Monotone accelerated proximal gradient (MFISTA with backtracking) on the same cost: never raises it.
	 */
	PROXIMAL_GRADIENT
}
