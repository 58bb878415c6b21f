package org.fusedtomo.recon.fused;

/** {@link PowerKernel} in plain Java. */
final class ScalarPowerKernel implements PowerKernel {

	static final ScalarPowerKernel INSTANCE = new ScalarPowerKernel();

	private ScalarPowerKernel() {}

	@Override
	public void powers(float[] x, int from, int to, double exponent, double[] out) {
		for (int i = from; i < to; i++)
			out[i - from] = power(x[i], exponent);
	}

	/** {@code v^exponent}, 0 where v is not positive. */
	static double power(float v, double exponent) {
		return v > 0 ? Math.pow(v, exponent) : 0;
	}
}
