package org.fusedtomo.recon;

import org.fusedtomo.parallel.VectorKernels;

/**
 * The inner loops of {@link TvProx} and {@link TotalVariation} on the interior of one row, where every
 * neighbour a voxel reads is inside the volume, so there are no boundary tests. Implementations differ
 * only in how they run the loop (plain Java or the JDK Vector API). The prox steps give bit-identical
 * results: the same float operations in the same order, without fused multiply-add; the TV value is
 * summed in a different order and precision (see {@link #magnitudeSum}).
 */
interface TvRowKernel {

	/**
	 * {@code x[xAt + i] = max(0, v[vAt + i] − λ (Dᵀp)[i])} for i in [from, to), with
	 * {@code (Dᵀp)[i] = px[a − 1] − px[a] + py[a − nx] − py[a] + pzBelow[belowAt + i] − pz[a]}, a = pAt + i,
	 * summed left to right. p is the dual itself (pzBelow = pz one plane back) or, with a guide, plane buffers of P p.
	 */
	void primal(float[] v, int vAt, float[] px, float[] py, float[] pz, float[] pzBelow, int pAt, int belowAt, float lam, float[] x, int xAt, int nx, int from, int to);

	/**
	 * {@link #primal} with a weight per voxel: {@code x[xAt + i] = max(0, v[vAt + i] − (λ scale[vAt + i]) (Dᵀp)[i])},
	 * the prox in a diagonal metric ({@link TvProx#withMetric}).
	 */
	void scaledPrimal(float[] v, int vAt, float[] px, float[] py, float[] pz, float[] pzBelow, int pAt, int belowAt, float lam, float[] scale, float[] x, int xAt, int nx,
		int from, int to);

	/**
	 * {@code out[outAt + i] = (Dᵀp)[i]} for i in [from, to), summed as {@link #primal} sums it: the divergence that
	 * {@link #primalFromDivergence} turns into the primal step's values.
	 */
	void divergence(float[] px, float[] py, float[] pz, float[] pzBelow, int pAt, int belowAt, float[] out, int outAt, int nx, int from, int to);

	/**
	 * {@code x[xAt + i] = max(0, v[vAt + i] − λ d)} with {@code d = divergence[vAt + i]}, or with λ scale[vAt + i]
	 * where {@code scale} is not null: {@link #primal} and {@link #scaledPrimal} from their divergence, the same values.
	 */
	void primalFromDivergence(float[] v, int vAt, float[] divergence, float lam, float[] scale, float[] x, int xAt, int from, int to);

	/**
	 * The guide's projection {@code q = p − ξ (ξ · p)} ({@link TvGuide}, ξ = (xi, eta, zeta)) at voxels
	 * at + i of p and ξ into q at qAt + i, for i in [from, to); {@code ξ · p} summed left to right.
	 */
	void project(float[] px, float[] py, float[] pz, float[] xi, float[] eta, float[] zeta, int at, float[] qx, float[] qy, float[] qz, int qAt, int from, int to);

	/**
	 * The FGP dual step at voxels i in [from, to) of a row: q = r_in + step·(x[i + 1] − x[i], xRow below −
	 * x[i], xNext[i] − x[i]), scaled into the unit ball, then {@code r = q + β (q − p)} and {@code p = q}.
	 * to ≤ nx: the row's last voxel (i = nx − 1) has the x difference 0 (its y and z differences are read).
	 * x and xNext are planes; {@code xi} indexes this row in them, {@code at} in the volume arrays. The
	 * momentum is read from (rxIn, ryIn, rzIn): r itself, or p where r equals p (FGP's first two iterations,
	 * which so need no copy of p); r may be p where its value is not needed again (β = 0).
	 */
	void dual(float[] x, float[] xNext, int xi, int nx, float[] rxIn, float[] ryIn, float[] rzIn, float[] rx, float[] ry, float[] rz, float[] px, float[] py, float[] pz,
		int at, float step, float beta, int from, int to);

	/**
	 * {@link #dual} with the guide's projection of the gradient: q = r + step·P g with g the forward
	 * differences and {@code P g = g − ξ (ξ · g)}, as {@link TvProx#guidedDualUpdate}.
	 */
	void guidedDual(float[] x, float[] xNext, int xi, int nx, float[] guideX, float[] guideY, float[] guideZ, float[] rxIn, float[] ryIn, float[] rzIn, float[] rx,
		float[] ry, float[] rz, float[] px, float[] py, float[] pz, int at, float step, float beta, int from, int to);

	/**
	 * {@code sum + Σ √(∂x² + ∂y² + ∂z²)} over voxels i in [from, to) of the row starting at {@code at},
	 * with {@code ∂x = x[a + 1] − x[a]}, {@code ∂y = x[a + down] − x[a]}, {@code ∂z = x[a + next] − x[a]}
	 * and a = at + i; to ≤ nx − 1, so that x[a + 1] is in the row. An offset of 0 makes its difference 0:
	 * the Neumann boundary of a last row or plane. The plain kernel works in double voxel by voxel (as the
	 * definition); the vector kernel in float per lane, adding each lane's sum to {@code sum} at the end,
	 * which agrees to about 1e-7 relative (all terms are non-negative).
	 */
	double magnitudeSum(float[] x, int at, int down, int next, int from, int to, double sum);

	/**
	 * {@link #magnitudeSum} of the guide's projected gradients {@code |P g|}, {@code P g = g − ξ (ξ · g)} with
	 * ξ = (xi, eta, zeta) at voxel a ({@link TvGuide}): the guided TV of a row. Double per voxel in the plain
	 * kernel, float per lane in the vector kernel (about 1e-7 relative).
	 */
	double guidedMagnitudeSum(float[] x, float[] xi, float[] eta, float[] zeta, int at, int down, int next, int from, int to, double sum);

	/** The Vector API kernel when the JVM has the module ({@link VectorKernels#available()}), else plain Java. */
	static TvRowKernel fastest() {
		if (!VectorKernels.available())
			return ScalarTvRowKernel.INSTANCE;
		return VectorKernels.create(TvRowKernel.class, "org.fusedtomo.recon.VectorTvRowKernel", new Class<?>[0]);
	}
}
