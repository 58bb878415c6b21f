package org.fusedtomo.recon.fused;

/** {@link DoubleLoopKernel} in plain Java. */
final class ScalarDoubleLoopKernel implements DoubleLoopKernel {

	static final ScalarDoubleLoopKernel INSTANCE = new ScalarDoubleLoopKernel();

	private ScalarDoubleLoopKernel() {}

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

	@Override
	public void chainRule(double[] factors, double c, float[] back, float[] gradient, double lambdaChem, boolean addChemical, int at, int count) {
		chainRule(factors, c, back, gradient, lambdaChem, addChemical, at, 0, count);
	}

	/** {@link #chainRule} for k in [from, count) only. */
	void chainRule(double[] factors, double c, float[] back, float[] gradient, double lambdaChem, boolean addChemical, int at, int from, int count) {
		for (int k = from; k < count; k++) {
			float haadfPart = (float) (c * factors[k] * back[at + k]);
			gradient[at + k] = addChemical ? haadfPart + (float) (lambdaChem * gradient[at + k]) : haadfPart;
		}
	}
}
