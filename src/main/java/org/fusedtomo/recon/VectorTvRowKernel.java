package org.fusedtomo.recon;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TvRowKernel} on the JDK Vector API, whole SIMD vectors of voxels along a row and the plain-Java
 * loop for the rest. Float sqrt and division are correctly rounded like their scalar forms, and
 * {@code q / max(|q|, 1)} divides by 1 exactly where the scalar code leaves q alone, so results are
 * bit-identical. The TV value ({@link #magnitudeSum}) is summed in float lanes instead. Loaded only when
 * the JVM was started with {@code --add-modules jdk.incubator.vector}.
 */
final class VectorTvRowKernel implements TvRowKernel {

	private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
	private static final int LANES = SPECIES.length();
	/** Lane numbers 0, 1, .., LANES − 1, for the masks of a row's last, partial vector. */
	private static final FloatVector LANE_INDEX = FloatVector.fromArray(SPECIES, laneIndices(), 0);

	private static float[] laneIndices() {
		float[] a = new float[LANES];
		for (int i = 0; i < LANES; i++)
			a[i] = i;
		return a;
	}

	@Override
	public void primal(float[] v, int vAt, float[] px, float[] py, float[] pz, float[] pzBelow, int pAt, int belowAt, float lam, float[] x, int xAt, int nx, int from, int to) {
		int i = from;
		// NB: the full vectors inline, not through primalVector: C2 does not inline that (too big), and in
		// the loop itself it removes the bounds checks.
		for (; i + LANES <= to; i += LANES) {
			int a = pAt + i;
			FloatVector dtp = FloatVector.fromArray(SPECIES, px, a - 1).sub(FloatVector.fromArray(SPECIES, px, a)).add(FloatVector.fromArray(SPECIES, py, a - nx))
				.sub(FloatVector.fromArray(SPECIES, py, a)).add(FloatVector.fromArray(SPECIES, pzBelow, belowAt + i)).sub(FloatVector.fromArray(SPECIES, pz, a));
			FloatVector.fromArray(SPECIES, v, vAt + i).sub(dtp.mul(lam)).max(0f).intoArray(x, xAt + i);
		}
		if (i < to && to - from >= LANES) {
			// NB: the last vector ends at `to`; its lanes below i keep the values written above (x may be v).
			int start = to - LANES;
			primalVector(v, vAt + start, px, py, pz, pzBelow, pAt + start, belowAt + start, lam, x, xAt + start, nx, i - start);
		}
		else
			ScalarTvRowKernel.INSTANCE.primal(v, vAt, px, py, pz, pzBelow, pAt, belowAt, lam, x, xAt, nx, i, to);
	}

	/**
	 * The primal step on one vector of voxels; only lanes from {@code firstLane} on change x. The mask is made
	 * here: passed into a call that C2 does not inline, it was boxed (a fifth of a fused run's garbage).
	 */
	private static void primalVector(float[] v, int vAt, float[] px, float[] py, float[] pz, float[] pzBelow, int a, int belowAt, float lam, float[] x, int xAt, int nx,
		int firstLane) {
		VectorMask<Float> lanes = LANE_INDEX.compare(VectorOperators.GE, firstLane);
		FloatVector dtp = FloatVector.fromArray(SPECIES, px, a - 1).sub(FloatVector.fromArray(SPECIES, px, a)).add(FloatVector.fromArray(SPECIES, py, a - nx))
			.sub(FloatVector.fromArray(SPECIES, py, a)).add(FloatVector.fromArray(SPECIES, pzBelow, belowAt)).sub(FloatVector.fromArray(SPECIES, pz, a));
		FloatVector value = FloatVector.fromArray(SPECIES, v, vAt).sub(dtp.mul(lam)).max(0f);
		FloatVector.fromArray(SPECIES, x, xAt).blend(value, lanes).intoArray(x, xAt);
	}

	@Override
	public void scaledPrimal(float[] v, int vAt, float[] px, float[] py, float[] pz, float[] pzBelow, int pAt, int belowAt, float lam, float[] scale, float[] x, int xAt,
		int nx, int from, int to) {
		int i = from;
		for (; i + LANES <= to; i += LANES) {
			int a = pAt + i;
			FloatVector dtp = FloatVector.fromArray(SPECIES, px, a - 1).sub(FloatVector.fromArray(SPECIES, px, a)).add(FloatVector.fromArray(SPECIES, py, a - nx))
				.sub(FloatVector.fromArray(SPECIES, py, a)).add(FloatVector.fromArray(SPECIES, pzBelow, belowAt + i)).sub(FloatVector.fromArray(SPECIES, pz, a));
			FloatVector weight = FloatVector.fromArray(SPECIES, scale, vAt + i).mul(lam);
			FloatVector.fromArray(SPECIES, v, vAt + i).sub(dtp.mul(weight)).max(0f).intoArray(x, xAt + i);
		}
		if (i < to && to - from >= LANES) {
			// NB: as in primal, the last vector ends at `to` and keeps its lanes below i.
			int start = to - LANES;
			scaledPrimalVector(v, vAt + start, px, py, pz, pzBelow, pAt + start, belowAt + start, lam, scale, x, xAt + start, nx, i - start);
		}
		else
			ScalarTvRowKernel.INSTANCE.scaledPrimal(v, vAt, px, py, pz, pzBelow, pAt, belowAt, lam, scale, x, xAt, nx, i, to);
	}

	/** {@link #primalVector} with the weight per voxel of {@link #scaledPrimal}. */
	private static void scaledPrimalVector(float[] v, int vAt, float[] px, float[] py, float[] pz, float[] pzBelow, int a, int belowAt, float lam, float[] scale, float[] x,
		int xAt, int nx, int firstLane) {
		VectorMask<Float> lanes = LANE_INDEX.compare(VectorOperators.GE, firstLane);
		FloatVector dtp = FloatVector.fromArray(SPECIES, px, a - 1).sub(FloatVector.fromArray(SPECIES, px, a)).add(FloatVector.fromArray(SPECIES, py, a - nx))
			.sub(FloatVector.fromArray(SPECIES, py, a)).add(FloatVector.fromArray(SPECIES, pzBelow, belowAt)).sub(FloatVector.fromArray(SPECIES, pz, a));
		FloatVector weight = FloatVector.fromArray(SPECIES, scale, vAt).mul(lam);
		FloatVector value = FloatVector.fromArray(SPECIES, v, vAt).sub(dtp.mul(weight)).max(0f);
		FloatVector.fromArray(SPECIES, x, xAt).blend(value, lanes).intoArray(x, xAt);
	}

	@Override
	public void divergence(float[] px, float[] py, float[] pz, float[] pzBelow, int pAt, int belowAt, float[] out, int outAt, int nx, int from, int to) {
		int i = from;
		for (; i + LANES <= to; i += LANES) {
			int a = pAt + i;
			FloatVector.fromArray(SPECIES, px, a - 1).sub(FloatVector.fromArray(SPECIES, px, a)).add(FloatVector.fromArray(SPECIES, py, a - nx))
				.sub(FloatVector.fromArray(SPECIES, py, a)).add(FloatVector.fromArray(SPECIES, pzBelow, belowAt + i)).sub(FloatVector.fromArray(SPECIES, pz, a))
				.intoArray(out, outAt + i);
		}
		ScalarTvRowKernel.INSTANCE.divergence(px, py, pz, pzBelow, pAt, belowAt, out, outAt, nx, i, to);
	}

	@Override
	public void primalFromDivergence(float[] v, int vAt, float[] divergence, float lam, float[] scale, float[] x, int xAt, int from, int to) {
		int i = from;
		if (scale == null)
			for (; i + LANES <= to; i += LANES)
				FloatVector.fromArray(SPECIES, v, vAt + i).sub(FloatVector.fromArray(SPECIES, divergence, vAt + i).mul(lam)).max(0f).intoArray(x, xAt + i);
		else
			for (; i + LANES <= to; i += LANES) {
				FloatVector weight = FloatVector.fromArray(SPECIES, scale, vAt + i).mul(lam);
				FloatVector.fromArray(SPECIES, v, vAt + i).sub(FloatVector.fromArray(SPECIES, divergence, vAt + i).mul(weight)).max(0f).intoArray(x, xAt + i);
			}
		ScalarTvRowKernel.INSTANCE.primalFromDivergence(v, vAt, divergence, lam, scale, x, xAt, i, to);
	}

	@Override
	public void project(float[] px, float[] py, float[] pz, float[] xi, float[] eta, float[] zeta, int at, float[] qx, float[] qy, float[] qz, int qAt, int from, int to) {
		int i = from;
		for (; i + LANES <= to; i += LANES) {
			int a = at + i, q = qAt + i;
			FloatVector pxv = FloatVector.fromArray(SPECIES, px, a), pyv = FloatVector.fromArray(SPECIES, py, a), pzv = FloatVector.fromArray(SPECIES, pz, a);
			FloatVector a1 = FloatVector.fromArray(SPECIES, xi, a), a2 = FloatVector.fromArray(SPECIES, eta, a), a3 = FloatVector.fromArray(SPECIES, zeta, a);
			FloatVector dot = a1.mul(pxv).add(a2.mul(pyv)).add(a3.mul(pzv));
			pxv.sub(a1.mul(dot)).intoArray(qx, q);
			pyv.sub(a2.mul(dot)).intoArray(qy, q);
			pzv.sub(a3.mul(dot)).intoArray(qz, q);
		}
		ScalarTvRowKernel.INSTANCE.project(px, py, pz, xi, eta, zeta, at, qx, qy, qz, qAt, i, to);
	}

	@Override
	public void dual(float[] x, float[] xNext, int xi, int nx, float[] rxIn, float[] ryIn, float[] rzIn, float[] rx, float[] ry, float[] rz, float[] px, float[] py,
		float[] pz, int at, float step, float beta, int from, int to) {
		int i = from, rowEnd = nx - 1;
		for (; i + LANES <= to; i += LANES) {
			int c = xi + i, a = at + i;
			FloatVector xv = FloatVector.fromArray(SPECIES, x, c);
			FloatVector gx = FloatVector.fromArray(SPECIES, x, c + 1).sub(xv).blend(0f, LANE_INDEX.compare(VectorOperators.GE, rowEnd - i));
			FloatVector qx = FloatVector.fromArray(SPECIES, rxIn, a).add(gx.mul(step));
			FloatVector qy = FloatVector.fromArray(SPECIES, ryIn, a).add(FloatVector.fromArray(SPECIES, x, c + nx).sub(xv).mul(step));
			FloatVector qz = FloatVector.fromArray(SPECIES, rzIn, a).add(FloatVector.fromArray(SPECIES, xNext, c).sub(xv).mul(step));
			ballAndMomentum(qx, qy, qz, rx, ry, rz, px, py, pz, a, beta);
		}
		if (i < to && to - from >= LANES) {
			// NB: the last vector ends at `to`; its lanes below i were updated above and keep those values.
			int start = to - LANES;
			dualVector(x, xNext, xi + start, nx, null, null, null, rxIn, ryIn, rzIn, rx, ry, rz, px, py, pz, at + start, step, beta, i - start, rowEnd - start);
		}
		else
			ScalarTvRowKernel.INSTANCE.dual(x, xNext, xi, nx, rxIn, ryIn, rzIn, rx, ry, rz, px, py, pz, at, step, beta, i, to);
	}

	@Override
	public void guidedDual(float[] x, float[] xNext, int xi, int nx, float[] guideX, float[] guideY, float[] guideZ, float[] rxIn, float[] ryIn, float[] rzIn, float[] rx,
		float[] ry, float[] rz, float[] px, float[] py, float[] pz, int at, float step, float beta, int from, int to) {
		int i = from, rowEnd = nx - 1;
		for (; i + LANES <= to; i += LANES) {
			int c = xi + i, a = at + i;
			FloatVector xv = FloatVector.fromArray(SPECIES, x, c);
			FloatVector gx = FloatVector.fromArray(SPECIES, x, c + 1).sub(xv).blend(0f, LANE_INDEX.compare(VectorOperators.GE, rowEnd - i)),
				gy = FloatVector.fromArray(SPECIES, x, c + nx).sub(xv),
				gz = FloatVector.fromArray(SPECIES, xNext, c).sub(xv);
			FloatVector a1 = FloatVector.fromArray(SPECIES, guideX, a), a2 = FloatVector.fromArray(SPECIES, guideY, a), a3 = FloatVector.fromArray(SPECIES, guideZ, a);
			FloatVector dot = a1.mul(gx).add(a2.mul(gy)).add(a3.mul(gz));
			FloatVector qx = FloatVector.fromArray(SPECIES, rxIn, a).add(gx.sub(a1.mul(dot)).mul(step));
			FloatVector qy = FloatVector.fromArray(SPECIES, ryIn, a).add(gy.sub(a2.mul(dot)).mul(step));
			FloatVector qz = FloatVector.fromArray(SPECIES, rzIn, a).add(gz.sub(a3.mul(dot)).mul(step));
			ballAndMomentum(qx, qy, qz, rx, ry, rz, px, py, pz, a, beta);
		}
		if (i < to && to - from >= LANES) {
			int start = to - LANES;
			dualVector(x, xNext, xi + start, nx, guideX, guideY, guideZ, rxIn, ryIn, rzIn, rx, ry, rz, px, py, pz, at + start, step, beta, i - start, rowEnd - start);
		}
		else
			ScalarTvRowKernel.INSTANCE.guidedDual(x, xNext, xi, nx, guideX, guideY, guideZ, rxIn, ryIn, rzIn, rx, ry, rz, px, py, pz, at, step, beta, i, to);
	}

	/** q into the unit ball, then {@code r = q + β (q − p)} and {@code p = q} on the vector of voxels from {@code a}. */
	private static void ballAndMomentum(FloatVector qx, FloatVector qy, FloatVector qz, float[] rx, float[] ry, float[] rz, float[] px, float[] py, float[] pz, int a,
		float beta) {
		FloatVector norm = qx.mul(qx).add(qy.mul(qy)).add(qz.mul(qz)).sqrt().max(1f);
		qx = qx.div(norm);
		qy = qy.div(norm);
		qz = qz.div(norm);
		qx.add(qx.sub(FloatVector.fromArray(SPECIES, px, a)).mul(beta)).intoArray(rx, a);
		qy.add(qy.sub(FloatVector.fromArray(SPECIES, py, a)).mul(beta)).intoArray(ry, a);
		qz.add(qz.sub(FloatVector.fromArray(SPECIES, pz, a)).mul(beta)).intoArray(rz, a);
		qx.intoArray(px, a);
		qy.intoArray(py, a);
		qz.intoArray(pz, a);
	}

	/**
	 * The dual step on one vector of voxels, guided where {@code guideX} is not null; only lanes from
	 * {@code firstLane} on change r and p, and lanes from {@code rowEndLane} on (the row's last voxel) have the x
	 * difference 0. Once per row, so the branch on the guide costs nothing.
	 */
	private static void dualVector(float[] x, float[] xNext, int c, int nx, float[] guideX, float[] guideY, float[] guideZ, float[] rxIn, float[] ryIn, float[] rzIn,
		float[] rx, float[] ry, float[] rz, float[] px, float[] py, float[] pz, int a, float step, float beta, int firstLane, int rowEndLane) {
		VectorMask<Float> lanes = LANE_INDEX.compare(VectorOperators.GE, firstLane);
		FloatVector xv = FloatVector.fromArray(SPECIES, x, c);
		FloatVector gx = FloatVector.fromArray(SPECIES, x, c + 1).sub(xv).blend(0f, LANE_INDEX.compare(VectorOperators.GE, rowEndLane)), gy = FloatVector.fromArray(SPECIES, x, c + nx).sub(xv),
			gz = FloatVector.fromArray(SPECIES, xNext, c).sub(xv);
		if (guideX != null) {
			FloatVector a1 = FloatVector.fromArray(SPECIES, guideX, a), a2 = FloatVector.fromArray(SPECIES, guideY, a), a3 = FloatVector.fromArray(SPECIES, guideZ, a);
			FloatVector dot = a1.mul(gx).add(a2.mul(gy)).add(a3.mul(gz));
			gx = gx.sub(a1.mul(dot));
			gy = gy.sub(a2.mul(dot));
			gz = gz.sub(a3.mul(dot));
		}
		// NB: the lanes below firstLane keep what r and p hold now (rx may differ from rxIn, and either may be px).
		FloatVector rxv = FloatVector.fromArray(SPECIES, rx, a), ryv = FloatVector.fromArray(SPECIES, ry, a), rzv = FloatVector.fromArray(SPECIES, rz, a);
		FloatVector pxv = FloatVector.fromArray(SPECIES, px, a), pyv = FloatVector.fromArray(SPECIES, py, a), pzv = FloatVector.fromArray(SPECIES, pz, a);
		FloatVector qx = FloatVector.fromArray(SPECIES, rxIn, a).add(gx.mul(step));
		FloatVector qy = FloatVector.fromArray(SPECIES, ryIn, a).add(gy.mul(step));
		FloatVector qz = FloatVector.fromArray(SPECIES, rzIn, a).add(gz.mul(step));
		FloatVector norm = qx.mul(qx).add(qy.mul(qy)).add(qz.mul(qz)).sqrt().max(1f);
		qx = qx.div(norm);
		qy = qy.div(norm);
		qz = qz.div(norm);
		rxv.blend(qx.add(qx.sub(pxv).mul(beta)), lanes).intoArray(rx, a);
		ryv.blend(qy.add(qy.sub(pyv).mul(beta)), lanes).intoArray(ry, a);
		rzv.blend(qz.add(qz.sub(pzv).mul(beta)), lanes).intoArray(rz, a);
		pxv.blend(qx, lanes).intoArray(px, a);
		pyv.blend(qy, lanes).intoArray(py, a);
		pzv.blend(qz, lanes).intoArray(pz, a);
	}

	@Override
	public double magnitudeSum(float[] x, int at, int down, int next, int from, int to, double sum) {
		FloatVector lanes = FloatVector.zero(SPECIES);
		int i = from;
		for (; i + LANES <= to; i += LANES)
			lanes = lanes.add(magnitudes(x, at + i, down, next));
		if (i < to && to - from >= LANES) {
			// NB: the last vector ends at `to`; only its lanes from i on are added.
			int start = to - LANES;
			lanes = lanes.add(magnitudes(x, at + start, down, next), LANE_INDEX.compare(VectorOperators.GE, i - start));
		}
		else
			sum = ScalarTvRowKernel.INSTANCE.magnitudeSum(x, at, down, next, i, to, sum);
		return sum + lanes.reduceLanes(VectorOperators.ADD);
	}

	@Override
	public double guidedMagnitudeSum(float[] x, float[] xi, float[] eta, float[] zeta, int at, int down, int next, int from, int to, double sum) {
		FloatVector lanes = FloatVector.zero(SPECIES);
		int i = from;
		for (; i + LANES <= to; i += LANES)
			lanes = lanes.add(guidedMagnitudes(x, xi, eta, zeta, at + i, down, next));
		if (i < to && to - from >= LANES) {
			int start = to - LANES;
			lanes = lanes.add(guidedMagnitudes(x, xi, eta, zeta, at + start, down, next), LANE_INDEX.compare(VectorOperators.GE, i - start));
		}
		else
			sum = ScalarTvRowKernel.INSTANCE.guidedMagnitudeSum(x, xi, eta, zeta, at, down, next, i, to, sum);
		return sum + lanes.reduceLanes(VectorOperators.ADD);
	}

	/** |P g| of one vector of voxels from {@code a}. */
	private static FloatVector guidedMagnitudes(float[] x, float[] xi, float[] eta, float[] zeta, int a, int down, int next) {
		FloatVector v = FloatVector.fromArray(SPECIES, x, a);
		FloatVector gx = FloatVector.fromArray(SPECIES, x, a + 1).sub(v);
		FloatVector gy = FloatVector.fromArray(SPECIES, x, a + down).sub(v);
		FloatVector gz = FloatVector.fromArray(SPECIES, x, a + next).sub(v);
		FloatVector u = FloatVector.fromArray(SPECIES, xi, a), w = FloatVector.fromArray(SPECIES, eta, a), c = FloatVector.fromArray(SPECIES, zeta, a);
		FloatVector dot = u.mul(gx).add(w.mul(gy)).add(c.mul(gz));
		FloatVector px = gx.sub(u.mul(dot)), py = gy.sub(w.mul(dot)), pz = gz.sub(c.mul(dot));
		return px.mul(px).add(py.mul(py)).add(pz.mul(pz)).sqrt();
	}

	/** The gradient magnitudes of one vector of voxels from {@code a}. */
	private static FloatVector magnitudes(float[] x, int a, int down, int next) {
		FloatVector v = FloatVector.fromArray(SPECIES, x, a);
		FloatVector gx = FloatVector.fromArray(SPECIES, x, a + 1).sub(v);
		FloatVector gy = FloatVector.fromArray(SPECIES, x, a + down).sub(v);
		FloatVector gz = FloatVector.fromArray(SPECIES, x, a + next).sub(v);
		return gx.mul(gx).add(gy.mul(gy)).add(gz.mul(gz)).sqrt();
	}
}
