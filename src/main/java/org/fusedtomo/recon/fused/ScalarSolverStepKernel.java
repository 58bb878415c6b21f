package org.fusedtomo.recon.fused;

/** {@link SolverStepKernel} in plain Java. */
final class ScalarSolverStepKernel implements SolverStepKernel {

	static final ScalarSolverStepKernel INSTANCE = new ScalarSolverStepKernel();

	private ScalarSolverStepKernel() {}

	@Override
	public void gradientStep(float[] y, float[] g, double l, float[] z, int from, int to) {
		for (int i = from; i < to; i++)
			z[i] = (float) (y[i] - g[i] / l);
	}

	@Override
	public void extrapolate(float[] c, float[] z, float[] p, double a, double b, float[] y, int from, int to) {
		for (int i = from; i < to; i++) {
			double v = c[i] + a * (z[i] - c[i]) + b * (c[i] - p[i]);
			y[i] = v > 0 ? (float) v : 0;
		}
	}
}
