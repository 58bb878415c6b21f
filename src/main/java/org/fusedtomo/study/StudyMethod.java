package org.fusedtomo.study;

/** A reconstruction compared in the simulation study. */
public enum StudyMethod {
	/** Fused, tomo_TV reference scheme, fixed parameters. */
	FUSED_REFERENCE("fused (reference)", true),
	/** Fused, monotone proximal gradient, fixed parameters. */
	FUSED_PROXIMAL("fused (proximal)", true),
	/** Fused, proximal gradient with HAADF-guided directional TV, fixed parameters; the headline method. */
	FUSED_GUIDED("fused (guided TV)", true),
	/** Poisson-EM on each chemical series alone, stopped at its best iteration (oracle). */
	EM("EM, best iteration", false),
	/** SIRT on each chemical series alone, stopped at its best iteration (oracle). */
	SIRT("SIRT, best iteration", false),
	/** TV-regularised least squares on each chemical series alone, best λ of a grid (oracle). */
	TV("TV, best lambda", false);

	private final String label;
	private final boolean fused;

	StudyMethod(String label, boolean fused) {
		this.label = label;
		this.fused = fused;
	}

	public String label() {
		return label;
	}

	public boolean isFused() {
		return fused;
	}
}
