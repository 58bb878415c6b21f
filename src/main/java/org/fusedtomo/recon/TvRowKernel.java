package org.fusedtomo.recon;

import org.fusedtomo.projector.Projectors;

/**
 * The inner loops of {@link TvProx} on the interior of one row, where every neighbour a voxel reads is
 * inside the volume, so there are no boundary tests. Implementations differ only in how they run the
 * loop (plain Java or the JDK Vector API) and give bit-identical results: the same float operations in
 * the same order, without fused multiply-add.
 */
interface TvRowKernel {

	/**
	 * {@code x[xStart + i] = max(0, v[at + i] − λ (Dᵀp)[at + i])} for i in [from, to), with
	 * {@code (Dᵀp)[a] = px[a − 1] − px[a] + py[a − nx] − py[a] + pz[a − plane] − pz[a]}, summed left to right.
	 */
	void primal(float[] v, float[] px, float[] py, float[] pz, float lam, float[] x, int xStart, int at, int nx, int plane, int from, int to);

	/**
	 * The FGP dual step at voxels i in [from, to) of a row: q = r + step·(x[i + 1] − x[i], xRow below −
	 * x[i], xNext[i] − x[i]), scaled into the unit ball, then {@code r = q + β (q − p)} and {@code p = q}.
	 * x and xNext are planes; {@code xi} indexes this row in them, {@code at} in the volume arrays.
	 */
	void dual(float[] x, float[] xNext, int xi, int nx, float[] rx, float[] ry, float[] rz, float[] px, float[] py, float[] pz, int at, float step, float beta,
		int from, int to);

	/** The Vector API kernel when the JVM has the module ({@link Projectors#vectorApiAvailable()}), else plain Java. */
	static TvRowKernel fastest() {
		if (!Projectors.vectorApiAvailable())
			return ScalarTvRowKernel.INSTANCE;
		try {
			// NB: by name, so that a JVM without the module never loads the kernel class.
			return (TvRowKernel) Class.forName("org.fusedtomo.recon.VectorTvRowKernel").getDeclaredConstructor().newInstance();
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException("Cannot load the Vector API TV kernel", e);
		}
	}
}
