package org.fusedtomo.recon;

/**
 * Settings of {@link Mlem}.
 *
 * @param epsilon offset ε &gt; 0 in the recorded negative log-likelihood {@code 1ᵀAx − bᵀ log(Ax + ε)},
 *        in the units of the data (counts); it keeps the log finite where a ray sum is 0 and should be
 *        far below one count, so that the recorded value is the likelihood that EM decreases
 */
public record MlemOptions(double epsilon) {

	/** ε = 1e-6 counts. */
	public static final MlemOptions DEFAULT = new MlemOptions(1e-6);

	public MlemOptions {
		if (!(epsilon > 0) || !Double.isFinite(epsilon))
			throw new IllegalArgumentException("MLEM epsilon must be a positive number, got " + epsilon);
	}
}
