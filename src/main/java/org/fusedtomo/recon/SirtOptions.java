package org.fusedtomo.recon;

/**
 * Settings of {@link Sirt}.
 *
 * @param nonNegative clip the volume at 0 after each update (a projection onto x ≥ 0)
 * @param relaxation step factor ω of the update {@code x ← x + ω C Aᵀ R (b − Ax)}, in (0, 2); 1 is
 *        the classic SIRT step, values in (0, 2) converge
 */
public record SirtOptions(boolean nonNegative, double relaxation) {

	/** Non-negative SIRT with the classic unit step. */
	public static final SirtOptions DEFAULT = new SirtOptions(true, 1);

	public SirtOptions {
		if (!(relaxation > 0 && relaxation < 2))
			throw new IllegalArgumentException("SIRT relaxation must lie in (0, 2), got " + relaxation);
	}
}
