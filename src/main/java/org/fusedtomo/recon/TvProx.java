package org.fusedtomo.recon;

import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.parallel.SpareScratch;

/**
 * Proximal map of isotropic 3D total variation with non-negativity:
 * {@code prox(v) = argmin_{x ≥ 0} ½‖x − v‖² + λ TV(x)}, TV as in {@link TotalVariation}.
 * <p>
 * Solved by FGP, the fast gradient projection of Beck &amp; Teboulle (IEEE TIP 18(11), 2009), on the
 * dual: with D the forward-difference gradient, {@code x(p) = max(0, v − λ Dᵀp)} and the dual step
 * {@code p ← Π(r + D x(r) / (12λ))}, where Π scales each voxel's 3-vector into the unit ball, 12 bounds
 * ‖D‖² in 3D, and r carries FISTA momentum. The result after a fixed number of iterations is feasible
 * (x ≥ 0) and approaches the minimiser at rate O(1/k²) in the dual.
 * <p>
 * Cost per iteration: one pass over the volume, parallel over slabs of z planes; x is formed plane by
 * plane while the dual step needs it. Memory: six float volumes for the dual and its momentum, plus a
 * few planes; the momentum's three are kept between calls (softly, so the GC may reclaim them), since
 * allocating them per call made most of a fused run's garbage. λ is in the units of the voxel values
 * (voxel size 1). Instances are immutable but for that scratch, which a concurrent call does not share;
 * a {@link Dual} carries a warm start between calls and belongs to one caller.
 */
public final class TvProx {

	/** The row kernel every instance uses unless a test gives another. */
	private static final TvRowKernel FASTEST_KERNEL = TvRowKernel.fastest();

	/** Bound on ‖D‖² for 3D forward differences (4 per axis). */
	private static final float DIFFERENCE_NORM_SQUARED = 12;

	private final double lambda;
	private final int iterations;
	private final Parallelism parallelism;
	private final TvGuide guide;
	private final TvRowKernel kernel;
	/** Momentum scratch (three volumes) of the last finished call; a concurrent call takes it or allocates its own. */
	private final SpareScratch<float[][]> spareMomentum = new SpareScratch<>();

	/**
	 * @param lambda TV weight λ ≥ 0; 0 makes the map a clip at 0
	 * @param iterations FGP iterations, at least 1
	 * @param parallelism threads over z planes
	 */
	public TvProx(double lambda, int iterations, Parallelism parallelism) {
		this(lambda, iterations, parallelism, null);
	}

	/**
	 * The prox of directional TV {@code Σ |P ∇x|} ({@link TvGuide}): FGP with D replaced by P D, whose norm
	 * ‖P D‖² ≤ 12 keeps the step.
	 *
	 * @param guide edge directions; null for plain isotropic TV
	 */
	public TvProx(double lambda, int iterations, Parallelism parallelism, TvGuide guide) {
		this(lambda, iterations, parallelism, guide, FASTEST_KERNEL);
	}

	/** The same prox with the plain-Java row kernel whatever the JVM has: the baseline of the TV benchmark. */
	public static TvProx plainJava(double lambda, int iterations, Parallelism parallelism) {
		return new TvProx(lambda, iterations, parallelism, null, ScalarTvRowKernel.INSTANCE);
	}

	/** With a given row kernel, for tests that compare kernels. */
	TvProx(double lambda, int iterations, Parallelism parallelism, TvGuide guide, TvRowKernel kernel) {
		if (!(lambda >= 0) || !Double.isFinite(lambda))
			throw new IllegalArgumentException("TV weight lambda must be a non-negative number, got " + lambda);
		if (iterations < 1)
			throw new IllegalArgumentException("TV prox iterations must be at least 1, got " + iterations);
		if (parallelism == null)
			throw new IllegalArgumentException("TV prox needs a Parallelism, got null; use Parallelism.available()");
		this.lambda = lambda;
		this.iterations = iterations;
		this.parallelism = parallelism;
		this.guide = guide;
		this.kernel = kernel;
	}

	public double lambda() {
		return lambda;
	}

	public int iterations() {
		return iterations;
	}

	/**
	 * The dual variable p (one 3-vector per voxel, each in the unit ball) of an FGP run. Passing the
	 * same Dual to successive calls on slowly changing inputs (as inside a proximal-gradient loop)
	 * starts each call where the last one ended. Mutable; not for concurrent use.
	 */
	public static final class Dual {
		private final VolumeGeometry geometry;
		private final float[] px, py, pz;

		/** A zero dual (a cold start) for volumes of the given size. */
		public Dual(VolumeGeometry geometry) {
			this.geometry = geometry;
			int n = (int) geometry.voxelCount();
			px = new float[n];
			py = new float[n];
			pz = new float[n];
		}

		public VolumeGeometry geometry() {
			return geometry;
		}

		/** Back to a zero dual (a cold start), reusing the arrays. */
		public void reset() {
			java.util.Arrays.fill(px, 0f);
			java.util.Arrays.fill(py, 0f);
			java.util.Arrays.fill(pz, 0f);
		}
	}

	/** A new volume holding prox(v), from a cold start. */
	public Volume apply(Volume v) {
		Volume out = v.zerosLike();
		apply(v, new Dual(v.geometry()), out);
		return out;
	}

	/**
	 * Writes prox(v) into {@code out}, starting from and updating {@code dual}. {@code out} may be
	 * {@code v}.
	 *
	 * @throws IllegalArgumentException when the sizes of v, dual and out differ
	 */
	public void apply(Volume v, Dual dual, Volume out) {
		VolumeGeometry g = v.geometry();
		if (!g.equals(out.geometry()) || !g.equals(dual.geometry()))
			throw new IllegalArgumentException("TV prox needs one size for input " + g + ", dual " + dual.geometry() + " and output " + out.geometry());
		if (lambda == 0) {
			System.arraycopy(v.data(), 0, out.data(), 0, v.data().length);
			org.fusedtomo.data.FloatArrays.clampNonNegative(out.data());
			return;
		}
		if (guide != null) {
			guide.checkFits(g);
			applyGuided(v, dual, out);
			return;
		}
		float[] vd = v.data();
		float[][] momentum = momentumAt(dual);
		float[] rx = momentum[0], ry = momentum[1], rz = momentum[2];
		float lam = (float) lambda, step = (float) (1 / (DIFFERENCE_NORM_SQUARED * lambda));
		int nz = g.depth(), plane = g.width() * g.height();
		// NB: one sweep per iteration over slabs of z planes; x lives only as planes, computed just before the
		// dual step needs them. A slab's first plane is computed first, from the momentum r before any slab
		// updates it, because the slab below updates r on the plane under it.
		int slabs = Math.min(nz, 2 * parallelism.threads()), workers = Math.min(parallelism.threads(), slabs);
		float[][] first = new float[slabs][plane];
		float[][][] planes = new float[workers][2][plane];
		double t = 1;
		for (int k = 0; k < iterations; k++) {
			parallelism.forEach(slabs, (w, sl) -> primalPlane(g, vd, rx, ry, rz, lam, first[sl], 0, slabStart(sl, slabs, nz)));
			double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
			float beta = (float) ((t - 1) / tNext);
			parallelism.forEach(slabs, (w, sl) -> {
				int z1 = slabStart(sl + 1, slabs, nz);
				float[] x = first[sl];
				for (int z = slabStart(sl, slabs, nz); z < z1; z++) {
					float[] next = null;
					if (z + 1 < z1) {
						next = planes[w][z & 1];
						primalPlane(g, vd, rx, ry, rz, lam, next, 0, z + 1);
					}
					else if (z + 1 < nz)
						next = first[sl + 1];
					dualPlane(g, x, next, rx, ry, rz, dual, step, beta, z);
					x = next;
				}
			});
			t = tNext;
		}
		spareMomentum.keep(momentum);
		float[] od = out.data();
		parallelism.forEach(nz, (w, z) -> primalPlane(g, vd, dual.px, dual.py, dual.pz, lam, od, z * plane, z));
	}

	/** FGP's momentum r, starting at the dual p, in reused scratch where there is some of the right size. */
	private float[][] momentumAt(Dual dual) {
		int n = dual.px.length;
		float[][] r = spareMomentum.take(m -> m[0].length == n, () -> new float[][] { new float[n], new float[n], new float[n] });
		System.arraycopy(dual.px, 0, r[0], 0, n);
		System.arraycopy(dual.py, 0, r[1], 0, n);
		System.arraycopy(dual.pz, 0, r[2], 0, n);
		return r;
	}

	/**
	 * FGP for directional TV, in three passes per iteration over whole volumes (simpler than the plain
	 * path's single sweep; four more float volumes): q = P r, x = max(0, v − λ Dᵀq), then the dual step
	 * with P D x.
	 */
	private void applyGuided(Volume v, Dual dual, Volume out) {
		VolumeGeometry g = v.geometry();
		float[] vd = v.data();
		int n = vd.length, nz = g.depth();
		float[][] momentum = momentumAt(dual);
		float[] rx = momentum[0], ry = momentum[1], rz = momentum[2];
		float[] qx = new float[n], qy = new float[n], qz = new float[n], x = new float[n];
		float lam = (float) lambda, step = (float) (1 / (DIFFERENCE_NORM_SQUARED * lambda));
		double t = 1;
		for (int k = 0; k < iterations; k++) {
			guidedPrimal(g, vd, rx, ry, rz, qx, qy, qz, lam, x);
			double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
			float beta = (float) ((t - 1) / tNext);
			parallelism.forEach(nz, (w, z) -> guidedDualPlane(g, x, rx, ry, rz, dual, step, beta, z));
			t = tNext;
		}
		spareMomentum.keep(momentum);
		guidedPrimal(g, vd, dual.px, dual.py, dual.pz, qx, qy, qz, lam, out.data());
	}

	/** {@code x = max(0, v − λ Dᵀ P p)}, with q as scratch for P p. */
	private void guidedPrimal(VolumeGeometry g, float[] v, float[] px, float[] py, float[] pz, float[] qx, float[] qy, float[] qz, float lam, float[] x) {
		int plane = g.width() * g.height();
		parallelism.forRanges(qx.length, (from, to) -> {
			float[] d = new float[3];
			for (int at = from; at < to; at++) {
				guide.project(px[at], py[at], pz[at], at, d);
				qx[at] = d[0];
				qy[at] = d[1];
				qz[at] = d[2];
			}
		});
		parallelism.forEach(g.depth(), (w, z) -> primalPlane(g, v, qx, qy, qz, lam, x, z * plane, z));
	}

	/** The dual step of {@link #dualPlane} with P D x in place of D x; x is the whole volume. */
	private void guidedDualPlane(VolumeGeometry g, float[] x, float[] rx, float[] ry, float[] rz, Dual p, float step, float beta, int z) {
		int nx = g.width(), ny = g.height(), nz = g.depth(), plane = nx * ny;
		float[] px = p.px, py = p.py, pz = p.pz;
		float[] d = new float[3];
		for (int y = 0; y < ny; y++)
			for (int i = 0, at = nx * (y + ny * z); i < nx; i++, at++) {
				float xv = x[at];
				float gx = i < nx - 1 ? x[at + 1] - xv : 0;
				float gy = y < ny - 1 ? x[at + nx] - xv : 0;
				float gz = z < nz - 1 ? x[at + plane] - xv : 0;
				guide.project(gx, gy, gz, at, d);
				dualUpdate(rx[at] + step * d[0], ry[at] + step * d[1], rz[at] + step * d[2], rx, ry, rz, px, py, pz, at, beta);
			}
	}

	/** First z plane of slab {@code s} of {@code slabs} (s = slabs gives nz). */
	private static int slabStart(int s, int slabs, int nz) {
		return (int) ((long) s * nz / slabs);
	}

	/** {@code x[xStart + y nx + i] = max(0, v − λ Dᵀp)} on plane z; reads p on planes z and z − 1 only. */
	private void primalPlane(VolumeGeometry g, float[] v, float[] px, float[] py, float[] pz, float lam, float[] x, int xStart, int z) {
		int nx = g.width(), ny = g.height(), nz = g.depth(), plane = nx * ny;
		for (int y = 0; y < ny; y++) {
			int row = nx * (y + ny * z), xRow = xStart + nx * y;
			if (nx < 3 || y == 0 || y == ny - 1 || z == 0 || z == nz - 1) {
				for (int i = 0; i < nx; i++)
					x[xRow + i] = primalVoxel(v, px, py, pz, lam, nx, ny, nz, plane, i, y, z, row + i);
				continue;
			}
			x[xRow] = primalVoxel(v, px, py, pz, lam, nx, ny, nz, plane, 0, y, z, row);
			kernel.primal(v, px, py, pz, lam, x, xRow, row, nx, plane, 1, nx - 1);
			x[xRow + nx - 1] = primalVoxel(v, px, py, pz, lam, nx, ny, nz, plane, nx - 1, y, z, row + nx - 1);
		}
	}

	private static float primalVoxel(float[] v, float[] px, float[] py, float[] pz, float lam, int nx, int ny, int nz, int plane, int i, int y, int z, int at) {
		// (Dᵀp)[i] = p[i − e] − p[i] per axis, with p = 0 before the first and on the last face.
		float dtp = 0;
		if (i > 0)
			dtp += px[at - 1];
		if (i < nx - 1)
			dtp -= px[at];
		if (y > 0)
			dtp += py[at - nx];
		if (y < ny - 1)
			dtp -= py[at];
		if (z > 0)
			dtp += pz[at - plane];
		if (z < nz - 1)
			dtp -= pz[at];
		float value = v[at] - lam * dtp;
		return value > 0 ? value : 0;
	}

	/**
	 * Dual projected-gradient step with momentum on plane z, from x on that plane and the next
	 * ({@code xNext} is null on the last plane).
	 */
	private void dualPlane(VolumeGeometry g, float[] x, float[] xNext, float[] rx, float[] ry, float[] rz, Dual p, float step, float beta, int z) {
		int nx = g.width(), ny = g.height(), nz = g.depth();
		float[] px = p.px, py = p.py, pz = p.pz;
		for (int y = 0; y < ny; y++) {
			int row = nx * (y + ny * z), xRow = nx * y;
			int interior = y < ny - 1 && z < nz - 1 ? nx - 1 : 0;
			kernel.dual(x, xNext, xRow, nx, rx, ry, rz, px, py, pz, row, step, beta, 0, interior);
			for (int i = interior; i < nx; i++) {
				int at = row + i, xi = xRow + i;
				float xv = x[xi];
				float qx = rx[at] + step * (i < nx - 1 ? x[xi + 1] - xv : 0);
				float qy = ry[at] + step * (y < ny - 1 ? x[xi + nx] - xv : 0);
				float qz = rz[at] + step * (z < nz - 1 ? xNext[xi] - xv : 0);
				dualUpdate(qx, qy, qz, rx, ry, rz, px, py, pz, at, beta);
			}
		}
	}

	/** The dual step at an interior voxel: all three forward differences inside the volume. */
	static void dualVoxel(float[] x, float[] xNext, int xi, int nx, float[] rx, float[] ry, float[] rz, float[] px, float[] py, float[] pz, int at, float step, float beta) {
		float xv = x[xi];
		float qx = rx[at] + step * (x[xi + 1] - xv);
		float qy = ry[at] + step * (x[xi + nx] - xv);
		float qz = rz[at] + step * (xNext[xi] - xv);
		dualUpdate(qx, qy, qz, rx, ry, rz, px, py, pz, at, beta);
	}

	/** q into the unit ball, then momentum {@code r = q + β (q − p)} and {@code p = q} at voxel {@code at}. */
	private static void dualUpdate(float qx, float qy, float qz, float[] rx, float[] ry, float[] rz, float[] px, float[] py, float[] pz, int at, float beta) {
		float norm = (float) Math.sqrt(qx * qx + qy * qy + qz * qz);
		if (norm > 1) {
			qx /= norm;
			qy /= norm;
			qz /= norm;
		}
		rx[at] = qx + beta * (qx - px[at]);
		ry[at] = qy + beta * (qy - py[at]);
		rz[at] = qz + beta * (qz - pz[at]);
		px[at] = qx;
		py[at] = qy;
		pz[at] = qz;
	}
}
