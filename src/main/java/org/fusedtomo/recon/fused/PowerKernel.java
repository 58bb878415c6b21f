package org.fusedtomo.recon.fused;

import org.fusedtomo.parallel.VectorKernels;

/**
 * The powers {@code max(x, 0)^p} of a run of voxels, for the HAADF model {@code Σ_e w_e x_e^γ} and its
 * derivative ({@link FusedCost}): in plain Java with {@link Math#pow}, or on the JDK Vector API when the JVM
 * has the module, chosen at run time as the TV and projector row kernels are.
 */
interface PowerKernel {

	/**
	 * {@code out[k] = x^exponent} of {@code x = x[from + k]} for k in [0, to − from), 0 where x is not
	 * positive (NaN included). The plain kernel uses {@link Math#pow}; the vector kernel, on SIMD of 256 bits
	 * or more and for exponents other than 1 up to 6, polynomials within 1e-13 relative of it, so that the
	 * values agree after rounding to float but for rare last bits.
	 */
	void powers(float[] x, int from, int to, double exponent, double[] out);

	/** The Vector API kernel when the JVM has the module ({@link VectorKernels#available()}), else plain Java. */
	static PowerKernel fastest() {
		if (!VectorKernels.available())
			return ScalarPowerKernel.INSTANCE;
		return VectorKernels.create(PowerKernel.class, "org.fusedtomo.recon.fused.VectorPowerKernel", new Class<?>[0]);
	}
}
