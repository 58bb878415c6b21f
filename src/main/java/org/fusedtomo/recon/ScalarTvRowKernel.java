package org.fusedtomo.recon;

/** {@link TvRowKernel} in plain Java. */
final class ScalarTvRowKernel implements TvRowKernel {

	static final ScalarTvRowKernel INSTANCE = new ScalarTvRowKernel();

	private ScalarTvRowKernel() {}

	@Override
	public void primal(float[] v, float[] px, float[] py, float[] pz, float lam, float[] x, int xStart, int at, int nx, int plane, int from, int to) {
		for (int i = from; i < to; i++) {
			int a = at + i;
			float dtp = px[a - 1] - px[a] + py[a - nx] - py[a] + pz[a - plane] - pz[a];
			float value = v[a] - lam * dtp;
			x[xStart + i] = value > 0 ? value : 0;
		}
	}

	@Override
	public void dual(float[] x, float[] xNext, int xi, int nx, float[] rx, float[] ry, float[] rz, float[] px, float[] py, float[] pz, int at, float step, float beta,
		int from, int to) {
		for (int i = from; i < to; i++) {
			TvProx.dualVoxel(x, xNext, xi + i, nx, rx, ry, rz, px, py, pz, at + i, step, beta);
		}
	}

	@Override
	public double magnitudeSum(float[] x, int at, int down, int next, int from, int to, double sum) {
		for (int a = at + from; a < at + to; a++) {
			double v = x[a], gx = x[a + 1] - v, gy = x[a + down] - v, gz = x[a + next] - v;
			sum += Math.sqrt(gx * gx + gy * gy + gz * gz);
		}
		return sum;
	}
}
