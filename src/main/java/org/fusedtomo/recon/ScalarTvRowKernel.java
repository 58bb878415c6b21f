package org.fusedtomo.recon;

/** {@link TvRowKernel} in plain Java. */
final class ScalarTvRowKernel implements TvRowKernel {

	static final ScalarTvRowKernel INSTANCE = new ScalarTvRowKernel();

	private ScalarTvRowKernel() {}

	@Override
	public void primal(float[] v, int vAt, float[] px, float[] py, float[] pz, float[] pzBelow, int pAt, int belowAt, float lam, float[] x, int xAt, int nx, int from, int to) {
		for (int i = from; i < to; i++) {
			int a = pAt + i;
			float dtp = px[a - 1] - px[a] + py[a - nx] - py[a] + pzBelow[belowAt + i] - pz[a];
			float value = v[vAt + i] - lam * dtp;
			x[xAt + i] = value > 0 ? value : 0;
		}
	}

	@Override
	public void scaledPrimal(float[] v, int vAt, float[] px, float[] py, float[] pz, float[] pzBelow, int pAt, int belowAt, float lam, float[] scale, float[] x, int xAt,
		int nx, int from, int to) {
		for (int i = from; i < to; i++) {
			int a = pAt + i;
			float dtp = px[a - 1] - px[a] + py[a - nx] - py[a] + pzBelow[belowAt + i] - pz[a];
			float value = v[vAt + i] - (lam * scale[vAt + i]) * dtp;
			x[xAt + i] = value > 0 ? value : 0;
		}
	}

	@Override
	public void divergence(float[] px, float[] py, float[] pz, float[] pzBelow, int pAt, int belowAt, float[] out, int outAt, int nx, int from, int to) {
		for (int i = from; i < to; i++) {
			int a = pAt + i;
			out[outAt + i] = px[a - 1] - px[a] + py[a - nx] - py[a] + pzBelow[belowAt + i] - pz[a];
		}
	}

	@Override
	public void primalFromDivergence(float[] v, int vAt, float[] divergence, float lam, float[] scale, float[] x, int xAt, int from, int to) {
		for (int i = from; i < to; i++) {
			float value = v[vAt + i] - (scale == null ? lam : lam * scale[vAt + i]) * divergence[vAt + i];
			x[xAt + i] = value > 0 ? value : 0;
		}
	}

	@Override
	public void project(float[] px, float[] py, float[] pz, float[] xi, float[] eta, float[] zeta, int at, float[] qx, float[] qy, float[] qz, int qAt, int from, int to) {
		for (int i = from; i < to; i++) {
			int a = at + i;
			float dot = xi[a] * px[a] + eta[a] * py[a] + zeta[a] * pz[a];
			qx[qAt + i] = px[a] - xi[a] * dot;
			qy[qAt + i] = py[a] - eta[a] * dot;
			qz[qAt + i] = pz[a] - zeta[a] * dot;
		}
	}

	@Override
	public void dual(float[] x, float[] xNext, int xi, int nx, float[] rxIn, float[] ryIn, float[] rzIn, float[] rx, float[] ry, float[] rz, float[] px, float[] py,
		float[] pz, int at, float step, float beta, int from, int to) {
		for (int i = from; i < to; i++) {
			int c = xi + i;
			float xv = x[c];
			TvProx.dualUpdate(i < nx - 1 ? x[c + 1] - xv : 0, x[c + nx] - xv, xNext[c] - xv, rxIn, ryIn, rzIn, rx, ry, rz, px, py, pz, at + i, step, beta);
		}
	}

	@Override
	public void guidedDual(float[] x, float[] xNext, int xi, int nx, float[] guideX, float[] guideY, float[] guideZ, float[] rxIn, float[] ryIn, float[] rzIn, float[] rx,
		float[] ry, float[] rz, float[] px, float[] py, float[] pz, int at, float step, float beta, int from, int to) {
		for (int i = from; i < to; i++) {
			int c = xi + i;
			float xv = x[c];
			TvProx.guidedDualUpdate(i < nx - 1 ? x[c + 1] - xv : 0, x[c + nx] - xv, xNext[c] - xv, guideX, guideY, guideZ, rxIn, ryIn, rzIn, rx, ry, rz, px, py, pz, at + i, step, beta);
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

	@Override
	public double guidedMagnitudeSum(float[] x, float[] xi, float[] eta, float[] zeta, int at, int down, int next, int from, int to, double sum) {
		for (int a = at + from; a < at + to; a++) {
			double v = x[a], gx = x[a + 1] - v, gy = x[a + down] - v, gz = x[a + next] - v;
			double u = xi[a], w = eta[a], c = zeta[a];
			double dot = u * gx + w * gy + c * gz;
			double px = gx - u * dot, py = gy - w * dot, pz = gz - c * dot;
			sum += Math.sqrt(px * px + py * py + pz * pz);
		}
		return sum;
	}
}
