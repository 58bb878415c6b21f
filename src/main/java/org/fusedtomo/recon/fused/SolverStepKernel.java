package org.fusedtomo.recon.fused;

import org.fusedtomo.parallel.VectorKernels;

/**
 * The element-wise steps of {@link ProximalGradientSolver} on float volumes, computed in double: in plain
 * Java, or on the JDK Vector API when the JVM has the module, chosen at run time as the power kernel is.
 * Both give the same floats bit for bit (the same operations in the same order, without fused multiply-add).
 * NB: C2 does not vectorise Java's loops that mix float and double, and their scalar double division took
 * 7 % of a fused run.
 */
interface SolverStepKernel {

	/** {@code z[i] = (float) (y[i] − g[i] / l)} for i in [from, to): the gradient step of size 1/l. */
	void gradientStep(float[] y, float[] g, double l, float[] z, int from, int to);

	/**
	 * FISTA's extrapolation {@code y[i] = max(0, c + a (z − c) + b (c − p))} for i in [from, to), the two
	 * differences in float, the rest in double, then rounded to float; 0 where the sum is not positive (NaN
	 * included).
	 */
	void extrapolate(float[] c, float[] z, float[] p, double a, double b, float[] y, int from, int to);

	/** The Vector API kernel when the JVM has the module ({@link VectorKernels#available()}), else plain Java. */
	static SolverStepKernel fastest() {
		if (!VectorKernels.available())
			return ScalarSolverStepKernel.INSTANCE;
		return VectorKernels.create(SolverStepKernel.class, "org.fusedtomo.recon.fused.VectorSolverStepKernel", new Class<?>[0]);
	}
}
