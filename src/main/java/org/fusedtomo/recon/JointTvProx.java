package org.fusedtomo.recon;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.parallel.SpareScratch;

/**
 * Proximal map of joint (vectorial, "Frobenius") total variation over several element volumes, with
 * non-negativity and an optional HAADF guide ({@link TvGuide}, P = I without one):
 *
 * <pre>
 * prox(v) = argmin_{x_e ≥ 0} Σ_e (l_e/2)‖x_e − v_e‖² + λ R(x),   R(x) = Σ_voxels √(Σ_e t_e² |P ∇x_e|²)
 * </pre>
 *
 * with per-element metric weights l_e (the curvatures of a proximal-gradient step) and TV scales t_e.
 * Unlike Σ_e t_e TV(x_e), R couples the elements: a voxel pays for its total edge strength over all
 * elements, so edges that several elements share cost less than the same edges apart, and noise that is
 * independent per element is removed as before. R is the TV that {@link TotalVariation#joint} computes.
 * <p>
 * Solved by FGP (Beck &amp; Teboulle, IEEE TIP 18(11), 2009) on the dual: R(x) = max Σ_e ⟨p_e, t_e P D x_e⟩
 * over duals whose per-voxel stack (p_1 .. p_E) lies in the unit ball of R^{3E}, so
 * {@code x_e(p) = max(0, v_e − (λ t_e / l_e) Dᵀ P p_e)} and the dual step is
 * {@code p_e ← Π(r_e + σ_e P D x_e(r))}, Π scaling each voxel's whole stack into the unit ball.
 * <b>Step.</b> The dual's gradient in block e is {@code λ t_e P D x_e(p)}, and x_e(p) moves by at most
 * {@code (λ t_e / l_e) ‖P D‖} per unit of p_e (the clip at 0 does not expand), so block e is
 * {@code L_e = λ² t_e² ‖P D‖² / l_e}-Lipschitz with ‖P D‖² ≤ ‖P‖²‖D‖² ≤ 12 (‖P‖ ≤ 1, 4 per axis in 3D).
 * The blocks interact only through the joint projection, which needs one Euclidean step for all of them:
 * {@code 1/L} with {@code L = 12 λ² max_e t_e²/l_e}, that is {@code σ_e = λ t_e / L}. For E = 1 this is
 * {@link TvProx} with weight λ t/l, iterate for iterate.
 * <p>
 * Cost per iteration: two passes over the E volumes, parallel over slabs of z planes; with a guide, two
 * projections by P per voxel and element (P r is formed a plane at a time rather than stored). Memory:
 * the dual (3E float volumes) and, kept between calls like {@link TvProx}'s, its momentum (3E) and the
 * primal x (E). Instances are immutable but for that scratch, which a concurrent call does not share; a
 * {@link Dual} carries a warm start between calls and belongs to one caller.
 */
public final class JointTvProx {

	/** Bound on ‖P D‖² for 3D forward differences (4 per axis, ‖P‖ ≤ 1). */
	private static final double DIFFERENCE_NORM_SQUARED = 12;

	private final double lambda;
	private final double[] scales;
	private final int iterations;
	private final Parallelism parallelism;
	private final TvGuide guide;
	/** Momentum (3E volumes: x, y, z components per element) then the primal x (E volumes) of the last finished call. */
	private final SpareScratch<float[][]> spareScratch = new SpareScratch<>();

	/**
	 * @param lambda weight λ ≥ 0 of R; 0 makes the map a clip at 0
	 * @param scales t_e &gt; 0, one per element
	 * @param iterations FGP iterations, at least 1
	 * @param parallelism threads over z planes
	 * @param guide edge directions shared by all elements; null for plain joint TV
	 */
	public JointTvProx(double lambda, double[] scales, int iterations, Parallelism parallelism, TvGuide guide) {
		if (!(lambda >= 0) || !Double.isFinite(lambda))
			throw new IllegalArgumentException("Joint TV weight lambda must be a non-negative number, got " + lambda);
		checkPositive(scales, "TV scale");
		if (iterations < 1)
			throw new IllegalArgumentException("Joint TV prox iterations must be at least 1, got " + iterations);
		if (parallelism == null)
			throw new IllegalArgumentException("Joint TV prox needs a Parallelism, got null; use Parallelism.available()");
		this.lambda = lambda;
		this.scales = scales.clone();
		this.iterations = iterations;
		this.parallelism = parallelism;
		this.guide = guide;
	}

	public int elementCount() {
		return scales.length;
	}

	/** R(x) of the class comment (without λ), as {@link TotalVariation#joint}. */
	public double value(List<Volume> x) {
		return TotalVariation.joint(x, scales, guide, parallelism);
	}

	/** The dual: one 3-vector per voxel and element, each voxel's stack in the unit ball. Mutable; not for concurrent use. */
	public static final class Dual {
		private final VolumeGeometry geometry;
		private final float[][] px, py, pz;

		/** A zero dual (a cold start) for {@code elements} volumes of the given size. */
		public Dual(VolumeGeometry geometry, int elements) {
			this.geometry = geometry;
			int n = (int) geometry.voxelCount();
			px = new float[elements][n];
			py = new float[elements][n];
			pz = new float[elements][n];
		}

		public VolumeGeometry geometry() {
			return geometry;
		}

		public int elementCount() {
			return px.length;
		}

		/**
		 * Its x, y and z parts per element (x parts of every element, then y, then z; not copies): for an engine
		 * that exchanges the dual between calls, as {@link TvProx.Dual#arrays}.
		 */
		public float[][] arrays() {
			float[][] a = new float[3 * px.length][];
			for (int e = 0; e < px.length; e++) {
				a[e] = px[e];
				a[px.length + e] = py[e];
				a[2 * px.length + e] = pz[e];
			}
			return a;
		}

		/** Back to a zero dual, reusing the arrays. */
		public void reset() {
			for (int e = 0; e < px.length; e++) {
				Arrays.fill(px[e], 0f);
				Arrays.fill(py[e], 0f);
				Arrays.fill(pz[e], 0f);
			}
		}
	}

	/** New volumes holding prox(v) for metric weights {@code metric} (the l_e), from a cold start. */
	public List<Volume> apply(List<Volume> v, double[] metric) {
		List<Volume> out = new ArrayList<>(v.size());
		for (Volume ve : v)
			out.add(ve.zerosLike());
		apply(v, metric, new Dual(v.get(0).geometry(), v.size()), out);
		return out;
	}

	/**
	 * Writes prox(v) into {@code out} for metric weights {@code metric} (the l_e &gt; 0), starting from and
	 * updating {@code dual}. {@code out} may be {@code v}.
	 *
	 * @throws IllegalArgumentException when the element counts or sizes of v, metric, dual and out differ
	 */
	public void apply(List<Volume> v, double[] metric, Dual dual, List<Volume> out) {
		int elements = scales.length;
		if (v.size() != elements || out.size() != elements || metric.length != elements || dual.elementCount() != elements)
			throw new IllegalArgumentException("Joint TV prox has " + elements + " TV scales but got " + v.size() + " inputs, " + metric.length + " metric weights, "
				+ dual.elementCount() + " dual elements and " + out.size() + " outputs");
		checkPositive(metric, "Metric weight");
		VolumeGeometry g = dual.geometry();
		for (int e = 0; e < elements; e++)
			if (!g.equals(v.get(e).geometry()) || !g.equals(out.get(e).geometry()))
				throw new IllegalArgumentException("Joint TV prox needs one size for dual " + g + ", input " + v.get(e).geometry() + " and output " + out.get(e).geometry());
		if (guide != null)
			guide.checkFits(g);
		float[][] vd = data(v), od = data(out);
		if (lambda == 0) {
			for (int e = 0; e < elements; e++)
				for (int i = 0; i < vd[e].length; i++)
					od[e][i] = Math.max(0, vd[e][i]);
			return;
		}
		float[] primalFactor = new float[elements], dualFactor = new float[elements];
		double worst = 0;
		for (int e = 0; e < elements; e++)
			worst = Math.max(worst, scales[e] * scales[e] / metric[e]);
		double lipschitz = DIFFERENCE_NORM_SQUARED * lambda * lambda * worst;
		for (int e = 0; e < elements; e++) {
			primalFactor[e] = (float) (lambda * scales[e] / metric[e]);
			dualFactor[e] = (float) (lambda * scales[e] / lipschitz);
		}
		int n = (int) g.voxelCount(), nz = g.depth();
		float[][] scratch = spareScratch.take(s -> s[0].length == n && s.length == 4 * elements, () -> new float[4 * elements][n]);
		float[][] rx = Arrays.copyOfRange(scratch, 0, elements), ry = Arrays.copyOfRange(scratch, elements, 2 * elements),
			rz = Arrays.copyOfRange(scratch, 2 * elements, 3 * elements), x = Arrays.copyOfRange(scratch, 3 * elements, 4 * elements);
		for (int e = 0; e < elements; e++) {
			System.arraycopy(dual.px[e], 0, rx[e], 0, n);
			System.arraycopy(dual.py[e], 0, ry[e], 0, n);
			System.arraycopy(dual.pz[e], 0, rz[e], 0, n);
		}
		double t = 1;
		for (int k = 0; k < iterations; k++) {
			primal(g, vd, rx, ry, rz, primalFactor, x);
			double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
			float beta = (float) ((t - 1) / tNext);
			parallelism.forEach(nz, (w, z) -> dualPlane(g, x, rx, ry, rz, dual, dualFactor, beta, z));
			t = tNext;
		}
		spareScratch.keep(scratch);
		primal(g, vd, dual.px, dual.py, dual.pz, primalFactor, od);
	}

	/**
	 * {@code x_e = max(0, v_e − a_e Dᵀ P r_e)} for every element, over slabs of z planes in parallel. Each slab
	 * forms P r one plane at a time (one projection per voxel), keeping the z component of the plane below.
	 */
	void primal(VolumeGeometry g, float[][] v, float[][] rx, float[][] ry, float[][] rz, float[] factor, float[][] x) {
		int nz = g.depth(), plane = g.width() * g.height();
		int slabs = Math.min(nz, 2 * parallelism.threads());
		parallelism.forEach(slabs, (w, sl) -> {
			float[][] planes = new float[4][plane];
			for (int e = 0; e < v.length; e++)
				primalSlab(g, v[e], rx[e], ry[e], rz[e], factor[e], x[e], (int) ((long) sl * nz / slabs), (int) ((long) (sl + 1) * nz / slabs), planes);
		});
	}

	/** {@link #primal} of one element on planes [z0, z1); {@code planes} holds P r on a plane (x, y, z) and the z component below it. */
	private void primalSlab(VolumeGeometry g, float[] v, float[] rx, float[] ry, float[] rz, float factor, float[] x, int z0, int z1, float[][] planes) {
		int nx = g.width(), ny = g.height(), nz = g.depth(), plane = nx * ny;
		float[] qx = planes[0], qy = planes[1], qz = planes[2], below = planes[3];
		if (z0 > 0)
			projectPlane(rx, ry, rz, z0 - 1, plane, qx, qy, below);
		for (int z = z0; z < z1; z++) {
			projectPlane(rx, ry, rz, z, plane, qx, qy, qz);
			for (int y = 0, k = 0, at = plane * z; y < ny; y++)
				for (int i = 0; i < nx; i++, k++, at++)
					x[at] = TvProx.primalVoxel(v[at], qx, qy, qz, below, k, k, factor, nx, ny, nz, i, y, z);
			float[] swap = below;
			below = qz;
			qz = swap;
		}
	}

	/** P r on plane z into (qx, qy, qz), indexed within the plane. */
	private void projectPlane(float[] rx, float[] ry, float[] rz, int z, int plane, float[] qx, float[] qy, float[] qz) {
		int offset = plane * z;
		if (guide == null) {
			System.arraycopy(rx, offset, qx, 0, plane);
			System.arraycopy(ry, offset, qy, 0, plane);
			System.arraycopy(rz, offset, qz, 0, plane);
			return;
		}
		float[] d = new float[3];
		for (int k = 0; k < plane; k++) {
			guide.project(rx[offset + k], ry[offset + k], rz[offset + k], offset + k, d);
			qx[k] = d[0];
			qy[k] = d[1];
			qz[k] = d[2];
		}
	}

	/** {@code P D x} at voxel (i, y, z) into d: forward differences, 0 across the last face. */
	void projectedDifference(VolumeGeometry g, float[] x, int i, int y, int z, int at, float[] d) {
		int nx = g.width(), ny = g.height(), nz = g.depth();
		float xv = x[at];
		float gx = i < nx - 1 ? x[at + 1] - xv : 0;
		float gy = y < ny - 1 ? x[at + nx] - xv : 0;
		float gz = z < nz - 1 ? x[at + nx * ny] - xv : 0;
		if (guide == null) {
			d[0] = gx;
			d[1] = gy;
			d[2] = gz;
		}
		else
			guide.project(gx, gy, gz, at, d);
	}

	/**
	 * The dual step with momentum on plane z: {@code q_e = r_e + σ_e P D x_e} for every element, the stack
	 * scaled jointly into the unit ball, then {@code r = q + β (q − p)} and {@code p = q}.
	 */
	private void dualPlane(VolumeGeometry g, float[][] x, float[][] rx, float[][] ry, float[][] rz, Dual p, float[] factor, float beta, int z) {
		int nx = g.width(), ny = g.height(), elements = x.length;
		float[] d = new float[3], q = new float[3 * elements];
		for (int y = 0, at = nx * ny * z; y < ny; y++)
			for (int i = 0; i < nx; i++, at++) {
				float squared = 0;
				for (int e = 0; e < elements; e++) {
					projectedDifference(g, x[e], i, y, z, at, d);
					float qx = rx[e][at] + factor[e] * d[0], qy = ry[e][at] + factor[e] * d[1], qz = rz[e][at] + factor[e] * d[2];
					q[3 * e] = qx;
					q[3 * e + 1] = qy;
					q[3 * e + 2] = qz;
					squared += qx * qx + qy * qy + qz * qz;
				}
				float shrink = squared > 1 ? (float) (1 / Math.sqrt(squared)) : 1;
				for (int e = 0; e < elements; e++) {
					float qx = q[3 * e] * shrink, qy = q[3 * e + 1] * shrink, qz = q[3 * e + 2] * shrink;
					rx[e][at] = qx + beta * (qx - p.px[e][at]);
					ry[e][at] = qy + beta * (qy - p.py[e][at]);
					rz[e][at] = qz + beta * (qz - p.pz[e][at]);
					p.px[e][at] = qx;
					p.py[e][at] = qy;
					p.pz[e][at] = qz;
				}
			}
	}

	private static float[][] data(List<Volume> volumes) {
		float[][] d = new float[volumes.size()][];
		for (int e = 0; e < d.length; e++)
			d[e] = volumes.get(e).data();
		return d;
	}

	private static void checkPositive(double[] values, String what) {
		if (values == null || values.length == 0)
			throw new IllegalArgumentException(what + "s: need one per element, got none");
		for (int e = 0; e < values.length; e++)
			if (!(values[e] > 0) || !Double.isFinite(values[e]))
				throw new IllegalArgumentException(what + " of element " + e + " must be a positive number, got " + values[e]);
	}
}
