package org.fusedtomo.metrics;

/**
 * Where a Fourier shell correlation curve is read as the resolution limit. Both are functions of the
 * number of Fourier voxels in the shell; {@link #FIXED_0143} ignores it.
 */
public enum FscCriterion {

	/** The fixed 0.143 threshold (Rosenthal &amp; Henderson 2003), for half-set FSC. */
	FIXED_0143("0.143"),
	/**
	 * The half-bit curve of van Heel &amp; Schatz (J. Struct. Biol. 151, 2005), eq. 17 with n the
	 * number of voxels in the shell: {@code (0.2071 + 1.9102/√n) / (1.2071 + 0.9102/√n)}. It rises
	 * towards 1 for sparse shells (low frequencies, narrow cones), where chance correlation is large.
	 */
	HALF_BIT("half-bit");

	private final String key;

	FscCriterion(String key) {
		this.key = key;
	}

	/** The name used in reports and plots: "0.143" or "half-bit". */
	public String key() {
		return key;
	}

	/** The threshold for a shell of {@code voxels} Fourier voxels (≥ 1). */
	public double threshold(long voxels) {
		if (this == FIXED_0143)
			return 0.143;
		double s = Math.sqrt(Math.max(1, voxels));
		return (0.2071 + 1.9102 / s) / (1.2071 + 0.9102 / s);
	}
}
