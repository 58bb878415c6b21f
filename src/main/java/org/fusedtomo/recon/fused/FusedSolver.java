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
	 * The default ({@link FusedParameters#DEFAULT}).
	 */
	PROXIMAL_GRADIENT;

	/** The command-line and macro name: "reference" or "proximal". */
	public String key() {
		return this == REFERENCE ? "reference" : "proximal";
	}

	/** The solver named {@code name} ("reference" or "proximal", any case). */
	public static FusedSolver parse(String name) {
		if (name == null)
			throw new IllegalArgumentException("--solver must be given: proximal or reference");
		for (FusedSolver s : values())
			if (s.key().equalsIgnoreCase(name.trim()) || s.name().equalsIgnoreCase(name.trim()))
				return s;
		throw new IllegalArgumentException("--solver '" + name + "' is not a fused solver; use proximal (the default) or reference (the tomo_TV scheme)");
	}
}
