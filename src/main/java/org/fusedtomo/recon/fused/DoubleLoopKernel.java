package org.fusedtomo.recon.fused;

import org.fusedtomo.parallel.VectorKernels;

/**
 * The element-wise loops of {@link ProximalGradientSolver} and {@link FusedCost} that compute in double on
 * float volumes: in plain Java, or on the JDK Vector API when the JVM has the module, chosen at run time as
 * the power kernel is. Both give the same floats bit for bit (the same operations in the same order, without
 * fused multiply-add). NB: C2 does not vectorise Java loops that mix float and double; run scalar, these loops
 * took about 11 % of a fused run's samples (7 % the gradient step's double division alone).
 */
interface DoubleLoopKernel {

	/** {@code z[i] = (float) (y[i] − g[i] / l)} for i in [from, to): the gradient step of size 1/l. */
	void gradientStep(float[] y, float[] g, double l, float[] z, int from, int to);

	/**
	 * FISTA's extrapolation {@code y[i] = max(0, c + a (z − c) + b (c − p))} for i in [from, to), the two
	 * differences in float, the rest in double, then rounded to float; 0 where the sum is not positive (NaN
	 * included).
	 */
	void extrapolate(float[] c, float[] z, float[] p, double a, double b, float[] y, int from, int to);

	/**
	 * The HAADF gradient's chain rule {@code h = (float) (c · factors[k] · back[at + k])} for k in [0, count), into
	 * {@code gradient[at + k]} as h, or with {@code addChemical} as {@code h + (float) (λ_C · gradient[at + k])}.
	 * The factors are scratch: a kernel may overwrite them.
	 */
	void chainRule(double[] factors, double c, float[] back, float[] gradient, double lambdaChem, boolean addChemical, int at, int count);

	/** The Vector API kernel when the JVM has the module ({@link VectorKernels#available()}), else plain Java. */
	static DoubleLoopKernel fastest() {
		if (!VectorKernels.available())
			return ScalarDoubleLoopKernel.INSTANCE;
		return VectorKernels.create(DoubleLoopKernel.class, "org.fusedtomo.recon.fused.VectorDoubleLoopKernel", new Class<?>[0]);
	}
}
