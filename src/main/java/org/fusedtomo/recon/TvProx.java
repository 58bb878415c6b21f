package org.fusedtomo.recon;

import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.parallel.SpareScratch;

/**
 * Proximal map of isotropic 3D total variation with non-negativity:
 * {@code prox(v) = argmin_{x ≥ 0} ½‖x − v‖² + λ TV(x)}, TV as in {@link TotalVariation}; with a metric
 * ({@link #withMetric}) {@code argmin_{x ≥ 0} ½ Σ_j (x_j − v_j)² / μ_j + λ TV(x)}, μ_j in (0, 1].
 * <p>
 * Solved by FGP, the fast gradient projection of Beck &amp; Teboulle (IEEE TIP 18(11), 2009), on the
 * dual: with D the forward-difference gradient, {@code x(p) = max(0, v − λ Dᵀp)} and the dual step
 * {@code p ← Π(r + D x(r) / (12λ))}, where Π scales each voxel's 3-vector into the unit ball, 12 bounds
 * ‖D‖² in 3D, and r carries FISTA momentum. The result after a fixed number of iterations is feasible
 * (x ≥ 0) and approaches the minimiser at rate O(1/k²) in the dual.
 * <p>
 * Cost per iteration: one pass over the volume, parallel over slabs of z planes; x (and, with a guide,
 * P p) is formed plane by plane while the dual step needs it. Memory: six float volumes for the dual and
 * its momentum (a seventh with a guide: the dual keeps Dᵀ P p for its next call's first step), plus a few planes; the momentum's three are kept between calls (softly, so the GC may reclaim them), since
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
	private final SpareScratch<float[][]> spareMomentum;
	/** μ per voxel (x, y, z order), in (0, 1]; null for the plain prox (all 1). */
	private final float[] metric;

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
		this(lambda, iterations, parallelism, guide, kernel, new SpareScratch<>(), null);
	}

	private TvProx(double lambda, int iterations, Parallelism parallelism, TvGuide guide, TvRowKernel kernel, SpareScratch<float[][]> spareMomentum, float[] metric) {
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
		this.spareMomentum = spareMomentum;
		this.metric = metric;
	}

	/**
	 * This prox with weight {@code lambda}, sharing this one's momentum scratch: for a solver whose weight changes
	 * every step, so that the steps do not allocate that scratch again.
	 */
	public TvProx withLambda(double lambda) {
		return new TvProx(lambda, iterations, parallelism, guide, kernel, spareMomentum, metric);
	}

	/**
	 * This prox in the metric diag(1/μ): {@code argmin_{x ≥ 0} ½ Σ_j (x_j − v_j)² / μ_j + λ TV(x)}, the prox step
	 * of a gradient method with a step μ_j/L per voxel (a diagonal preconditioner, {@link TvReconstruction}). FGP's
	 * primal step becomes {@code x = max(0, v − λ μ Dᵀp)}; with μ ≤ 1 its dual step 1/(12λ) still holds. {@code mu}
	 * (volume order, the size of the volumes it will get) is used, not copied.
	 *
	 * @throws IllegalArgumentException when a value of mu is not in (0, 1]
	 */
	public TvProx withMetric(float[] mu) {
		for (float m : mu)
			if (!(m > 0 && m <= 1))
				throw new IllegalArgumentException("TV prox metric values must be in (0, 1], got " + m);
		return new TvProx(lambda, iterations, parallelism, guide, kernel, spareMomentum, mu);
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
		/**
		 * Dᵀ P p of this dual with {@link #divergenceGuide}, as the last guided call left them (the next call's first
		 * primal step needs nothing else of p); null when unknown. Never kept once the arrays were handed out
		 * ({@link #arrays}), since their holder may change them.
		 */
		private float[] divergence;
		private TvGuide divergenceGuide;
		private boolean divergenceKnown, keepsNoDivergence;

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

		/**
		 * Its x, y and z parts (x, y, z voxel order), not copies: for an engine that keeps or exchanges the
		 * dual between calls (slabs of y slices with halos).
		 */
		public float[][] arrays() {
			keepsNoDivergence = true;
			divergence = null;
			divergenceKnown = false;
			return new float[][] { px, py, pz };
		}

		/** Back to a zero dual (a cold start), reusing the arrays. */
		public void reset() {
			divergenceKnown = false;
			java.util.Arrays.fill(px, 0f);
			java.util.Arrays.fill(py, 0f);
			java.util.Arrays.fill(pz, 0f);
		}
	}

	/** A new volume holding prox(v), from a cold start. */
	public Volume apply(Volume v) {
		Volume out = v.zerosLike();
		Dual once = new Dual(v.geometry());
		// NB: no later call starts from this dual, so it keeps no divergence (a volume written for nothing).
		once.keepsNoDivergence = true;
		apply(v, once, out);
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
		if (guide != null)
			guide.checkFits(g);
		if (metric != null && metric.length != v.data().length)
			throw new IllegalArgumentException("TV prox metric has " + metric.length + " values for a volume of " + v.data().length + " voxels");
		float[] vd = v.data();
		float[][] momentum = iterations < 2 ? null
			: spareMomentum.take(m -> m[0].length == vd.length, () -> new float[][] { new float[vd.length], new float[vd.length], new float[vd.length] });
		float lam = (float) lambda, step = (float) (1 / (DIFFERENCE_NORM_SQUARED * lambda));
		int nz = g.depth(), plane = g.width() * g.height();
		// NB: one sweep per iteration over slabs of z planes; x lives only as planes, computed just before the
		// dual step needs them. A slab's first plane is computed first, from the momentum r before any slab
		// updates it, because the slab below updates r on the plane under it.
		int slabs = Math.min(nz, 2 * parallelism.threads()), workers = Math.min(parallelism.threads(), slabs);
		// NB: x planes have a row more, which the dual step fills with a copy of the last row (see dualPlane).
		float[][] first = new float[slabs][plane + g.width()];
		float[][][] planes = new float[workers][2][plane + g.width()];
		PrimalPlanes[] primal = new PrimalPlanes[workers];
		for (int w = 0; w < workers; w++)
			primal[w] = new PrimalPlanes(g, vd, lam);
		// NB: the first primal step reads only Dᵀ P p of the warm start, which the last call computed at its end.
		boolean record = guide != null && !dual.keepsNoDivergence;
		float[] known = record && dual.divergenceKnown && dual.divergenceGuide == guide ? dual.divergence : null;
		if (record && dual.divergence == null)
			dual.divergence = new float[vd.length];
		double t = 1;
		for (int k = 0; k < iterations; k++) {
			for (PrimalPlanes planes1 : primal)
				planes1.divergence(k == 0 ? known : null, null);
			// NB: FGP's momentum starts at r = p, and its first step has β = 0, so r = p after it too: the first
			// two iterations read r from p itself (no copy of p into r), and the first writes r into p as well.
			float[] rxIn = k < 2 ? dual.px : momentum[0], ryIn = k < 2 ? dual.py : momentum[1], rzIn = k < 2 ? dual.pz : momentum[2];
			float[] rx = k == 0 ? dual.px : momentum[0], ry = k == 0 ? dual.py : momentum[1], rz = k == 0 ? dual.pz : momentum[2];
			parallelism.forEach(slabs, (w, sl) -> primal[w].plane(rxIn, ryIn, rzIn, first[sl], 0, slabStart(sl, slabs, nz), false));
			double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
			float beta = (float) ((t - 1) / tNext);
			parallelism.forEach(slabs, (w, sl) -> {
				int z0 = slabStart(sl, slabs, nz), z1 = slabStart(sl + 1, slabs, nz);
				float[] x = first[sl];
				for (int z = z0; z < z1; z++) {
					float[] next = null;
					if (z + 1 < z1) {
						next = planes[w][z & 1];
						primal[w].plane(rxIn, ryIn, rzIn, next, 0, z + 1, z > z0);
					}
					else if (z + 1 < nz)
						next = first[sl + 1];
					dualPlane(g, x, next, rxIn, ryIn, rzIn, rx, ry, rz, dual, step, beta, z);
					x = next;
				}
			});
			t = tNext;
		}
		if (momentum != null)
			spareMomentum.keep(momentum);
		for (PrimalPlanes planes1 : primal)
			planes1.divergence(null, record ? dual.divergence : null);
		dual.divergenceKnown = record;
		dual.divergenceGuide = guide;
		float[] od = out.data();
		parallelism.forEach(slabs, (w, sl) -> {
			int z0 = slabStart(sl, slabs, nz);
			for (int z = z0; z < slabStart(sl + 1, slabs, nz); z++)
				primal[w].plane(dual.px, dual.py, dual.pz, od, z * plane, z, z > z0);
		});
	}

	/** First z plane of slab {@code s} of {@code slabs} (s = slabs gives nz). */
	private static int slabStart(int s, int slabs, int nz) {
		return (int) ((long) s * nz / slabs);
	}

	/**
	 * One worker's primal planes {@code x = max(0, v − λ Dᵀ q)}, with q = p for plain TV and q = P p with the
	 * guide. The guided q of a plane lives in plane buffers: x on plane z needs q on plane z and the z part of q
	 * on plane z − 1, which the previous call of the same walk up the planes has left here.
	 * <p>
	 * NB: the buffers hold the plane from {@code pad} on, after a zero row, and q is 0 where Dᵀ drops it (x
	 * part on a row's last voxel, y part on the last row, z part on the last plane; the z part below the first
	 * plane is {@link #zeros}): then {@code Dᵀq} reads the same six terms at every voxel, and the kernel takes the
	 * whole plane as one row, without the boundary voxels and the short rows' partial vectors one at a time.
	 * Adding those zeros leaves every value as it was.
	 */
	private final class PrimalPlanes {
		private final VolumeGeometry g;
		private final float[] v;
		private final float lam;
		/** Where a buffer's plane starts: after one row of zeros, which the y part of the first row reads. */
		private final int pad;
		/** P p on the last plane computed: x and y parts, and the z part in {@code qz[last]}; the other z buffer takes the next plane. */
		private final float[] qx, qy;
		private final float[][] qz;
		/** The z part of q below the first plane. */
		private final float[] zeros;
		private int last;
		/** Dᵀ q of the dual the planes are asked for (volume order), to read instead of q; and where to write it; each null when not. */
		private float[] knownDivergence, divergenceOut;

		void divergence(float[] known, float[] out) {
			knownDivergence = known;
			divergenceOut = out;
		}

		PrimalPlanes(VolumeGeometry g, float[] v, float lam) {
			this.g = g;
			this.v = v;
			this.lam = lam;
			int plane = guide == null ? 0 : g.width() * g.height();
			pad = guide == null ? 0 : g.width();
			qx = new float[pad + plane];
			qy = new float[pad + plane];
			qz = new float[2][pad + plane];
			zeros = new float[pad + plane];
		}

		/**
		 * Writes x on plane z into {@code x} from {@code xStart}, from the dual (px, py, pz) on planes z and z − 1.
		 * {@code continuing}: the last call on this worker was plane z − 1 with the same, since unchanged, dual
		 * there.
		 */
		void plane(float[] px, float[] py, float[] pz, float[] x, int xStart, int z, boolean continuing) {
			int plane = g.width() * g.height(), at = z * plane;
			if (guide == null) {
				primalPlane(g, v, px, py, pz, pz, at, at - plane, lam, x, xStart, z);
				return;
			}
			if (knownDivergence != null) {
				kernel.primalFromDivergence(v, at, knownDivergence, lam, metric, x, xStart, 0, plane);
				return;
			}
			if (!continuing && z > 0)
				// NB: only the z part of q below is needed; qx and qy are overwritten next.
				project(px, py, pz, at - plane, qz[last]);
			int here = 1 - last;
			project(px, py, pz, at, qz[here]);
			int nx = g.width(), ny = g.height();
			for (int y = 0; y < ny; y++)
				qx[pad + y * nx + nx - 1] = 0;
			java.util.Arrays.fill(qy, pad + (ny - 1) * nx, pad + plane, 0f);
			if (z == g.depth() - 1)
				java.util.Arrays.fill(qz[here], 0f);
			float[] below = z == 0 ? zeros : qz[last];
			if (divergenceOut != null) {
				kernel.divergence(qx, qy, qz[here], below, pad, pad, divergenceOut, at, nx, 0, plane);
				kernel.primalFromDivergence(v, at, divergenceOut, lam, metric, x, xStart, 0, plane);
			}
			else if (metric == null)
				kernel.primal(v, at, qx, qy, qz[here], below, pad, pad, lam, x, xStart, nx, 0, plane);
			else
				kernel.scaledPrimal(v, at, qx, qy, qz[here], below, pad, pad, lam, metric, x, xStart, nx, 0, plane);
			last = here;
		}

		/** q = P p on the plane starting at voxel {@code at}, into qx, qy and {@code qzPlane}, from {@code pad} on. */
		private void project(float[] px, float[] py, float[] pz, int at, float[] qzPlane) {
			kernel.project(px, py, pz, guide.xi(), guide.eta(), guide.zeta(), at, qx, qy, qzPlane, pad, 0, qx.length - pad);
		}
	}

	/**
	 * {@code x[xStart + y nx + i] = max(0, v − λ Dᵀp)} on plane z. p on plane z is at {@code pStart + y nx + i}
	 * in (px, py, pz) and its z part on plane z − 1 at {@code belowStart + y nx + i} in {@code pzBelow}: the
	 * volume arrays themselves (plain TV), or plane buffers of P p (guided).
	 */
	private void primalPlane(VolumeGeometry g, float[] v, float[] px, float[] py, float[] pz, float[] pzBelow, int pStart, int belowStart, float lam, float[] x, int xStart,
		int z) {
		int nx = g.width(), ny = g.height(), nz = g.depth();
		for (int y = 0; y < ny; y++) {
			int row = nx * (y + ny * z), pRow = pStart + nx * y, belowRow = belowStart + nx * y, xRow = xStart + nx * y;
			if (nx < 3 || y == 0 || y == ny - 1 || z == 0 || z == nz - 1) {
				for (int i = 0; i < nx; i++)
					x[xRow + i] = primalVoxel(v[row + i], px, py, pz, pzBelow, pRow + i, belowRow + i, voxelLambda(lam, row + i), nx, ny, nz, i, y, z);
				continue;
			}
			x[xRow] = primalVoxel(v[row], px, py, pz, pzBelow, pRow, belowRow, voxelLambda(lam, row), nx, ny, nz, 0, y, z);
			if (metric == null)
				kernel.primal(v, row, px, py, pz, pzBelow, pRow, belowRow, lam, x, xRow, nx, 1, nx - 1);
			else
				kernel.scaledPrimal(v, row, px, py, pz, pzBelow, pRow, belowRow, lam, metric, x, xRow, nx, 1, nx - 1);
			x[xRow + nx - 1] = primalVoxel(v[row + nx - 1], px, py, pz, pzBelow, pRow + nx - 1, belowRow + nx - 1, voxelLambda(lam, row + nx - 1), nx, ny, nz, nx - 1, y, z);
		}
	}

	/** The primal step's weight at voxel {@code at}: λ, or λ μ with a metric (the product as the kernels form it). */
	private float voxelLambda(float lam, int at) {
		return metric == null ? lam : lam * metric[at];
	}

	/** {@code max(0, v − λ (Dᵀp))} at voxel (i, y, z); p at {@code at}, its z part below at {@code belowAt}. Also the joint prox's primal step. */
	static float primalVoxel(float v, float[] px, float[] py, float[] pz, float[] pzBelow, int at, int belowAt, float lam, int nx, int ny, int nz, int i, int y,
		int z) {
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
			dtp += pzBelow[belowAt];
		if (z < nz - 1)
			dtp -= pz[at];
		float value = v - lam * dtp;
		return value > 0 ? value : 0;
	}

	/**
	 * Dual projected-gradient step with momentum on plane z, from x on that plane and the next
	 * ({@code xNext} is null on the last plane): with D x, or with P D x where there is a guide.
	 */
	private void dualPlane(VolumeGeometry g, float[] x, float[] xNext, float[] rxIn, float[] ryIn, float[] rzIn, float[] rx, float[] ry, float[] rz, Dual p, float step,
		float beta, int z) {
		int nx = g.width(), ny = g.height(), plane = nx * ny;
		float[] px = p.px, py = p.py, pz = p.pz;
		// NB: every row in the kernel: the row after the last is a copy of it, and the plane after the last is this
		// one, so that their differences are x − x = 0, the Neumann boundary the plain loop had set.
		System.arraycopy(x, plane - nx, x, plane, nx);
		if (xNext == null)
			xNext = x;
		for (int y = 0; y < ny; y++) {
			int row = nx * (y + ny * z), xRow = nx * y;
			if (guide == null)
				kernel.dual(x, xNext, xRow, nx, rxIn, ryIn, rzIn, rx, ry, rz, px, py, pz, row, step, beta, 0, nx);
			else
				kernel.guidedDual(x, xNext, xRow, nx, guide.xi(), guide.eta(), guide.zeta(), rxIn, ryIn, rzIn, rx, ry, rz, px, py, pz, row, step, beta, 0, nx);
		}
	}

	/** The dual step at voxel {@code at} from its gradient g = D x: q = r_in + step·g, then as {@link #dualUpdate}. */
	static void dualUpdate(float gx, float gy, float gz, float[] rxIn, float[] ryIn, float[] rzIn, float[] rx, float[] ry, float[] rz, float[] px, float[] py, float[] pz,
		int at, float step, float beta) {
		dualUpdate(rxIn[at] + step * gx, ryIn[at] + step * gy, rzIn[at] + step * gz, rx, ry, rz, px, py, pz, at, beta);
	}

	/** The guided dual step at voxel {@code at} from its gradient g = D x: q = r_in + step·P g, then as {@link #dualUpdate}. */
	static void guidedDualUpdate(float gx, float gy, float gz, float[] xi, float[] eta, float[] zeta, float[] rxIn, float[] ryIn, float[] rzIn, float[] rx, float[] ry,
		float[] rz, float[] px, float[] py, float[] pz, int at, float step, float beta) {
		float a = xi[at], b = eta[at], c = zeta[at];
		float dot = a * gx + b * gy + c * gz;
		dualUpdate(rxIn[at] + step * (gx - a * dot), ryIn[at] + step * (gy - b * dot), rzIn[at] + step * (gz - c * dot), rx, ry, rz, px, py, pz, at, beta);
	}

	/** q into the unit ball, then momentum {@code r = q + β (q − p)} and {@code p = q} at voxel {@code at} (r may be p: p ends as q). */
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
