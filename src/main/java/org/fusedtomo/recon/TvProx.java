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
 * Cost: one walk up the z planes for all iterations (a wavefront, each iteration a plane behind the one
 * before, the threads taking consecutive iterations); x (and, with a guide, P p) is formed plane by plane
 * while the dual step needs it. Memory: six float volumes for the dual and its momentum (three from three
 * iterations on), plus a few planes; the momentum's three are kept between calls (softly, so the GC may reclaim them), since
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
		this(lambda, iterations, parallelism, guide, kernel, new SpareScratch<>());
	}

	private TvProx(double lambda, int iterations, Parallelism parallelism, TvGuide guide, TvRowKernel kernel, SpareScratch<float[][]> spareMomentum) {
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
	}

	/**
	 * This prox with weight {@code lambda}, sharing this one's momentum scratch: for a solver whose weight changes
	 * every step, so that the steps do not allocate that scratch again.
	 */
	public TvProx withLambda(double lambda) {
		return new TvProx(lambda, iterations, parallelism, guide, kernel, spareMomentum);
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

		/**
		 * Its x, y and z parts (x, y, z voxel order), not copies: for an engine that keeps or exchanges the
		 * dual between calls (slabs of y slices with halos).
		 */
		public float[][] arrays() {
			return new float[][] { px, py, pz };
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
		if (guide != null)
			guide.checkFits(g);
		float[] vd = v.data(), od = out.data();
		// NB: FGP's momentum starts at r = p, and its first step has β = 0, so r = p after it too: the first two
		// iterations read r from p itself (no copy of p into r), and the first writes r into p as well. The last
		// iteration's r is never read, so it goes into p too (p = q is stored after it): momentum volumes are
		// needed from three iterations on.
		float[][] momentum = iterations < 3 ? null
			: spareMomentum.take(m -> m[0].length == vd.length, () -> new float[][] { new float[vd.length], new float[vd.length], new float[vd.length] });
		float lam = (float) lambda, step = (float) (1 / (DIFFERENCE_NORM_SQUARED * lambda));
		float[] betas = new float[iterations];
		double t = 1;
		for (int k = 0; k < iterations; k++) {
			double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
			betas[k] = (float) ((t - 1) / tNext);
			t = tNext;
		}
		// NB: a wavefront over z planes: stage k < iterations is FGP iteration k, the last stage writes x of the
		// result into out. Stage k on plane z (x on plane z + 1, then the dual step on z) needs stage k − 1 done up
		// to plane z + 1, and nothing after it reads what it overwrites; so one walk up the planes runs all stages,
		// each one plane behind the last, while a plane's data are in cache. The threads take consecutive groups
		// of stages, each walking behind the group before it: a pipeline, not slabs, so no halo planes.
		int stages = iterations + 1, groups = Math.min(parallelism.threads(), stages);
		Progress[] done = new Progress[groups];
		for (int gr = 0; gr < groups; gr++)
			done[gr] = new Progress();
		parallelism.forEach(groups, (w, gr) -> {
			int first = gr * stages / groups, last = (gr + 1) * stages / groups;
			Stage[] walk = new Stage[last - first];
			for (int k = first; k < last; k++)
				walk[k - first] = new Stage(g, vd, od, lam, step, k < iterations ? betas[k] : 0, k, dual, momentum);
			try {
				int nz = g.depth();
				for (int front = 0; front < nz + walk.length - 1; front++)
					for (int j = 0; j < walk.length; j++) {
						int z = front - j;
						if (z < 0 || z >= nz)
							continue;
						if (j == 0 && gr > 0)
							done[gr - 1].await(first == iterations ? z + 1 : Math.min(nz, z + 2));
						walk[j].plane(z);
						if (j == walk.length - 1)
							done[gr].reach(z + 1);
					}
			}
			finally {
				done[gr].close();
			}
		});
		if (momentum != null)
			spareMomentum.keep(momentum);
	}

	/**
	 * One stage of the wavefront: FGP iteration k, or (k = iterations) x of the result, walking up the planes. An
	 * iteration reads the momentum r from (rxIn, ryIn, rzIn) and writes it into (rx, ry, rz), as {@link TvRowKernel#dual}.
	 */
	private final class Stage {
		private final VolumeGeometry g;
		private final Dual dual;
		private final float[] out;
		private final float step, beta;
		private final boolean result;
		private final float[] rxIn, ryIn, rzIn, rx, ry, rz;
		private final PrimalPlanes primal;
		/** x on planes z (at z &amp; 1) and z + 1 while the dual step works on plane z. */
		private final float[][] x;

		Stage(VolumeGeometry g, float[] v, float[] out, float lam, float step, float beta, int k, Dual dual, float[][] momentum) {
			this.g = g;
			this.dual = dual;
			this.out = out;
			this.step = step;
			this.beta = beta;
			result = k == iterations;
			boolean inP = k < 2 || result, outP = k == 0 || k >= iterations - 1;
			rxIn = inP ? dual.px : momentum[0];
			ryIn = inP ? dual.py : momentum[1];
			rzIn = inP ? dual.pz : momentum[2];
			rx = outP ? dual.px : momentum[0];
			ry = outP ? dual.py : momentum[1];
			rz = outP ? dual.pz : momentum[2];
			primal = new PrimalPlanes(g, v, lam);
			int plane = g.width() * g.height();
			x = result ? null : new float[2][plane];
		}

		void plane(int z) {
			int plane = g.width() * g.height(), nz = g.depth();
			if (result) {
				primal.plane(dual.px, dual.py, dual.pz, out, z * plane, z, z > 0);
				return;
			}
			if (z == 0)
				primal.plane(rxIn, ryIn, rzIn, x[0], 0, 0, false);
			float[] next = z + 1 < nz ? x[(z + 1) & 1] : null;
			if (next != null)
				primal.plane(rxIn, ryIn, rzIn, next, 0, z + 1, true);
			dualPlane(g, x[z & 1], next, rxIn, ryIn, rzIn, rx, ry, rz, dual, step, beta, z);
		}
	}

	/** Planes done by one group of stages, for the group walking behind it; closed when the group ends, done or failed. */
	private static final class Progress {
		private int planes;
		private boolean closed;

		synchronized void reach(int n) {
			planes = n;
			notifyAll();
		}

		synchronized void close() {
			closed = true;
			notifyAll();
		}

		/** Waits until {@code n} planes are done. */
		synchronized void await(int n) {
			boolean interrupted = false;
			// NB: the group before is writing the volumes this group reads; returning early would race with it.
			while (planes < n && !closed) {
				try {
					wait();
				}
				catch (InterruptedException e) {
					interrupted = true;
				}
			}
			if (interrupted)
				Thread.currentThread().interrupt();
			if (planes < n)
				throw new IllegalStateException("TV prox: the stages before this one stopped at plane " + planes);
		}
	}

	/**
	 * One stage's primal planes {@code x = max(0, v − λ Dᵀ q)}, with q = p for plain TV and q = P p with the
	 * guide. The guided q of a plane lives in plane buffers: x on plane z needs q on plane z and the z part of q
	 * on plane z − 1, which the previous call of the same walk up the planes has left here.
	 */
	private final class PrimalPlanes {
		private final VolumeGeometry g;
		private final float[] v;
		private final float lam;
		/** P p on the last plane computed: x and y parts, and the z part in {@code qz[last]}; the other z buffer takes the next plane. */
		private final float[] qx, qy;
		private final float[][] qz;
		private int last;

		PrimalPlanes(VolumeGeometry g, float[] v, float lam) {
			this.g = g;
			this.v = v;
			this.lam = lam;
			int plane = guide == null ? 0 : g.width() * g.height();
			qx = new float[plane];
			qy = new float[plane];
			qz = new float[2][plane];
		}

		/**
		 * Writes x on plane z into {@code x} from {@code xStart}, from the dual (px, py, pz) on planes z and z − 1.
		 * {@code continuing}: the last call on this stage was plane z − 1 with the same, since unchanged, dual
		 * there.
		 */
		void plane(float[] px, float[] py, float[] pz, float[] x, int xStart, int z, boolean continuing) {
			int plane = g.width() * g.height(), at = z * plane;
			if (guide == null) {
				primalPlane(g, v, px, py, pz, pz, at, at - plane, lam, x, xStart, z);
				return;
			}
			if (!continuing && z > 0)
				// NB: only the z part of q below is needed; qx and qy are overwritten next.
				project(px, py, pz, at - plane, qz[last]);
			int here = 1 - last;
			project(px, py, pz, at, qz[here]);
			primalPlane(g, v, qx, qy, qz[here], qz[last], 0, 0, lam, x, xStart, z);
			last = here;
		}

		/** q = P p on the plane starting at voxel {@code at}, into qx, qy and {@code qzPlane}. */
		private void project(float[] px, float[] py, float[] pz, int at, float[] qzPlane) {
			kernel.project(px, py, pz, guide.xi(), guide.eta(), guide.zeta(), at, qx, qy, qzPlane, 0, 0, qx.length);
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
					x[xRow + i] = primalVoxel(v[row + i], px, py, pz, pzBelow, pRow + i, belowRow + i, lam, nx, ny, nz, i, y, z);
				continue;
			}
			x[xRow] = primalVoxel(v[row], px, py, pz, pzBelow, pRow, belowRow, lam, nx, ny, nz, 0, y, z);
			kernel.primal(v, row, px, py, pz, pzBelow, pRow, belowRow, lam, x, xRow, nx, 1, nx - 1);
			x[xRow + nx - 1] = primalVoxel(v[row + nx - 1], px, py, pz, pzBelow, pRow + nx - 1, belowRow + nx - 1, lam, nx, ny, nz, nx - 1, y, z);
		}
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
		int nx = g.width(), ny = g.height(), nz = g.depth();
		float[] px = p.px, py = p.py, pz = p.pz;
		for (int y = 0; y < ny; y++) {
			int row = nx * (y + ny * z), xRow = nx * y;
			// NB: the kernel takes a whole row whose y and z differences are inside, its last voxel with ∂x = 0.
			int interior = y < ny - 1 && z < nz - 1 ? nx : 0;
			if (guide == null)
				kernel.dual(x, xNext, xRow, nx, rxIn, ryIn, rzIn, rx, ry, rz, px, py, pz, row, step, beta, 0, interior);
			else
				kernel.guidedDual(x, xNext, xRow, nx, guide.xi(), guide.eta(), guide.zeta(), rxIn, ryIn, rzIn, rx, ry, rz, px, py, pz, row, step, beta, 0, interior);
			for (int i = interior; i < nx; i++) {
				int at = row + i, xi = xRow + i;
				float xv = x[xi];
				float gx = i < nx - 1 ? x[xi + 1] - xv : 0;
				float gy = y < ny - 1 ? x[xi + nx] - xv : 0;
				float gz = z < nz - 1 ? xNext[xi] - xv : 0;
				if (guide == null)
					dualUpdate(gx, gy, gz, rxIn, ryIn, rzIn, rx, ry, rz, px, py, pz, at, step, beta);
				else
					guidedDualUpdate(gx, gy, gz, guide.xi(), guide.eta(), guide.zeta(), rxIn, ryIn, rzIn, rx, ry, rz, px, py, pz, at, step, beta);
			}
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
