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
	public void momentum(float[] px, float[] py, float[] pz, float[] oldX, float[] oldY, float[] oldZ, float beta, int at, float[] qx, float[] qy, float[] qz, int qAt,
		int from, int to) {
		int i = from;
		for (; i + LANES <= to; i += LANES) {
			int a = at + i, q = qAt + i;
			FloatVector rx = FloatVector.fromArray(SPECIES, px, a), ry = FloatVector.fromArray(SPECIES, py, a), rz = FloatVector.fromArray(SPECIES, pz, a);
			rx.add(rx.sub(FloatVector.fromArray(SPECIES, oldX, a)).mul(beta)).intoArray(qx, q);
			ry.add(ry.sub(FloatVector.fromArray(SPECIES, oldY, a)).mul(beta)).intoArray(qy, q);
			rz.add(rz.sub(FloatVector.fromArray(SPECIES, oldZ, a)).mul(beta)).intoArray(qz, q);
		}
		ScalarTvRowKernel.INSTANCE.momentum(px, py, pz, oldX, oldY, oldZ, beta, at, qx, qy, qz, qAt, i, to);
	}

	@Override
	public void projectMomentum(float[] px, float[] py, float[] pz, float[] oldX, float[] oldY, float[] oldZ, float beta, float[] xi, float[] eta, float[] zeta, int at,
		float[] qx, float[] qy, float[] qz, int qAt, int from, int to) {
		int i = from;
		for (; i + LANES <= to; i += LANES) {
			int a = at + i, q = qAt + i;
			FloatVector rx = FloatVector.fromArray(SPECIES, px, a), ry = FloatVector.fromArray(SPECIES, py, a), rz = FloatVector.fromArray(SPECIES, pz, a);
			rx = rx.add(rx.sub(FloatVector.fromArray(SPECIES, oldX, a)).mul(beta));
			ry = ry.add(ry.sub(FloatVector.fromArray(SPECIES, oldY, a)).mul(beta));
			rz = rz.add(rz.sub(FloatVector.fromArray(SPECIES, oldZ, a)).mul(beta));
			FloatVector a1 = FloatVector.fromArray(SPECIES, xi, a), a2 = FloatVector.fromArray(SPECIES, eta, a), a3 = FloatVector.fromArray(SPECIES, zeta, a);
			FloatVector dot = a1.mul(rx).add(a2.mul(ry)).add(a3.mul(rz));
			rx.sub(a1.mul(dot)).intoArray(qx, q);
			ry.sub(a2.mul(dot)).intoArray(qy, q);
			rz.sub(a3.mul(dot)).intoArray(qz, q);
		}
		ScalarTvRowKernel.INSTANCE.projectMomentum(px, py, pz, oldX, oldY, oldZ, beta, xi, eta, zeta, at, qx, qy, qz, qAt, i, to);
	}

	// NB: the dual steps have one loop with the momentum and one without, each free of branches and calls and in
	// a method of its own: JDK 17's C2 boxes a vector assigned on two paths (a phi) or passed to a call it does not
	// inline (a helper already compiled big is not), and the boxes made these loops allocate and run slower.

	@Override
	public void dual(float[] x, float[] xNext, int xi, int nx, float[] px, float[] py, float[] pz, float[] oldX, float[] oldY, float[] oldZ, float beta, float[] destX,
		float[] destY, float[] destZ, int at, float step, int from, int to) {
		int rowEnd = nx - 1;
		int i = oldX == null ? dualLoop(x, xNext, xi, nx, px, py, pz, destX, destY, destZ, at, step, from, to)
			: dualLoop(x, xNext, xi, nx, px, py, pz, oldX, oldY, oldZ, beta, destX, destY, destZ, at, step, from, to);
		if (i < to && to - from >= LANES) {
			// NB: the last vector ends at `to`; its lanes below i were updated above and keep those values.
			int start = to - LANES;
			dualVector(x, xNext, xi + start, nx, null, null, null, px, py, pz, oldX, oldY, oldZ, beta, destX, destY, destZ, at + start, step, i - start, rowEnd - start);
		}
		else
			ScalarTvRowKernel.INSTANCE.dual(x, xNext, xi, nx, px, py, pz, oldX, oldY, oldZ, beta, destX, destY, destZ, at, step, i, to);
	}

	/** {@link #dual}'s whole vectors with r = p; returns the first voxel not done. */
	private static int dualLoop(float[] x, float[] xNext, int xi, int nx, float[] px, float[] py, float[] pz, float[] destX, float[] destY, float[] destZ, int at, float step,
		int from, int to) {
		int i = from, rowEnd = nx - 1;
		for (; i + LANES <= to; i += LANES) {
			int c = xi + i, a = at + i;
			FloatVector xv = FloatVector.fromArray(SPECIES, x, c);
			FloatVector gx = FloatVector.fromArray(SPECIES, x, c + 1).sub(xv).blend(0f, LANE_INDEX.compare(VectorOperators.GE, rowEnd - i));
			FloatVector qx = FloatVector.fromArray(SPECIES, px, a).add(gx.mul(step));
			FloatVector qy = FloatVector.fromArray(SPECIES, py, a).add(FloatVector.fromArray(SPECIES, x, c + nx).sub(xv).mul(step));
			FloatVector qz = FloatVector.fromArray(SPECIES, pz, a).add(FloatVector.fromArray(SPECIES, xNext, c).sub(xv).mul(step));
			FloatVector norm = qx.mul(qx).add(qy.mul(qy)).add(qz.mul(qz)).sqrt().max(1f);
			qx.div(norm).intoArray(destX, a);
			qy.div(norm).intoArray(destY, a);
			qz.div(norm).intoArray(destZ, a);
		}
		return i;
	}

	/** {@link #dual}'s whole vectors with r = p + β (p − old); returns the first voxel not done. */
	private static int dualLoop(float[] x, float[] xNext, int xi, int nx, float[] px, float[] py, float[] pz, float[] oldX, float[] oldY, float[] oldZ, float beta,
		float[] destX, float[] destY, float[] destZ, int at, float step, int from, int to) {
		int i = from, rowEnd = nx - 1;
		for (; i + LANES <= to; i += LANES) {
			int c = xi + i, a = at + i;
			FloatVector xv = FloatVector.fromArray(SPECIES, x, c);
			FloatVector gx = FloatVector.fromArray(SPECIES, x, c + 1).sub(xv).blend(0f, LANE_INDEX.compare(VectorOperators.GE, rowEnd - i));
			FloatVector rx = FloatVector.fromArray(SPECIES, px, a), ry = FloatVector.fromArray(SPECIES, py, a), rz = FloatVector.fromArray(SPECIES, pz, a);
			FloatVector qx = rx.add(rx.sub(FloatVector.fromArray(SPECIES, oldX, a)).mul(beta)).add(gx.mul(step));
			FloatVector qy = ry.add(ry.sub(FloatVector.fromArray(SPECIES, oldY, a)).mul(beta)).add(FloatVector.fromArray(SPECIES, x, c + nx).sub(xv).mul(step));
			FloatVector qz = rz.add(rz.sub(FloatVector.fromArray(SPECIES, oldZ, a)).mul(beta)).add(FloatVector.fromArray(SPECIES, xNext, c).sub(xv).mul(step));
			FloatVector norm = qx.mul(qx).add(qy.mul(qy)).add(qz.mul(qz)).sqrt().max(1f);
			qx.div(norm).intoArray(destX, a);
			qy.div(norm).intoArray(destY, a);
			qz.div(norm).intoArray(destZ, a);
		}
		return i;
	}

	@Override
	public void guidedDual(float[] x, float[] xNext, int xi, int nx, float[] guideX, float[] guideY, float[] guideZ, float[] px, float[] py, float[] pz, float[] oldX,
		float[] oldY, float[] oldZ, float beta, float[] destX, float[] destY, float[] destZ, int at, float step, int from, int to) {
		int rowEnd = nx - 1;
		int i = oldX == null ? guidedDualLoop(x, xNext, xi, nx, guideX, guideY, guideZ, px, py, pz, destX, destY, destZ, at, step, from, to)
			: guidedDualLoop(x, xNext, xi, nx, guideX, guideY, guideZ, px, py, pz, oldX, oldY, oldZ, beta, destX, destY, destZ, at, step, from, to);
		if (i < to && to - from >= LANES) {
			int start = to - LANES;
			dualVector(x, xNext, xi + start, nx, guideX, guideY, guideZ, px, py, pz, oldX, oldY, oldZ, beta, destX, destY, destZ, at + start, step, i - start, rowEnd - start);
		}
		else
			ScalarTvRowKernel.INSTANCE.guidedDual(x, xNext, xi, nx, guideX, guideY, guideZ, px, py, pz, oldX, oldY, oldZ, beta, destX, destY, destZ, at, step, i, to);
	}

	/** {@link #guidedDual}'s whole vectors with r = p; returns the first voxel not done. */
	private static int guidedDualLoop(float[] x, float[] xNext, int xi, int nx, float[] guideX, float[] guideY, float[] guideZ, float[] px, float[] py, float[] pz,
		float[] destX, float[] destY, float[] destZ, int at, float step, int from, int to) {
		int i = from, rowEnd = nx - 1;
		for (; i + LANES <= to; i += LANES) {
			int c = xi + i, a = at + i;
			FloatVector xv = FloatVector.fromArray(SPECIES, x, c);
			FloatVector gx = FloatVector.fromArray(SPECIES, x, c + 1).sub(xv).blend(0f, LANE_INDEX.compare(VectorOperators.GE, rowEnd - i)),
				gy = FloatVector.fromArray(SPECIES, x, c + nx).sub(xv),
				gz = FloatVector.fromArray(SPECIES, xNext, c).sub(xv);
			FloatVector a1 = FloatVector.fromArray(SPECIES, guideX, a), a2 = FloatVector.fromArray(SPECIES, guideY, a), a3 = FloatVector.fromArray(SPECIES, guideZ, a);
			FloatVector dot = a1.mul(gx).add(a2.mul(gy)).add(a3.mul(gz));
			FloatVector qx = FloatVector.fromArray(SPECIES, px, a).add(gx.sub(a1.mul(dot)).mul(step));
			FloatVector qy = FloatVector.fromArray(SPECIES, py, a).add(gy.sub(a2.mul(dot)).mul(step));
			FloatVector qz = FloatVector.fromArray(SPECIES, pz, a).add(gz.sub(a3.mul(dot)).mul(step));
			FloatVector norm = qx.mul(qx).add(qy.mul(qy)).add(qz.mul(qz)).sqrt().max(1f);
			qx.div(norm).intoArray(destX, a);
			qy.div(norm).intoArray(destY, a);
			qz.div(norm).intoArray(destZ, a);
		}
		return i;
	}

	/** {@link #guidedDual}'s whole vectors with r = p + β (p − old); returns the first voxel not done. */
	private static int guidedDualLoop(float[] x, float[] xNext, int xi, int nx, float[] guideX, float[] guideY, float[] guideZ, float[] px, float[] py, float[] pz,
		float[] oldX, float[] oldY, float[] oldZ, float beta, float[] destX, float[] destY, float[] destZ, int at, float step, int from, int to) {
		int i = from, rowEnd = nx - 1;
		for (; i + LANES <= to; i += LANES) {
			int c = xi + i, a = at + i;
			FloatVector xv = FloatVector.fromArray(SPECIES, x, c);
			FloatVector gx = FloatVector.fromArray(SPECIES, x, c + 1).sub(xv).blend(0f, LANE_INDEX.compare(VectorOperators.GE, rowEnd - i)),
				gy = FloatVector.fromArray(SPECIES, x, c + nx).sub(xv),
				gz = FloatVector.fromArray(SPECIES, xNext, c).sub(xv);
			FloatVector a1 = FloatVector.fromArray(SPECIES, guideX, a), a2 = FloatVector.fromArray(SPECIES, guideY, a), a3 = FloatVector.fromArray(SPECIES, guideZ, a);
			FloatVector dot = a1.mul(gx).add(a2.mul(gy)).add(a3.mul(gz));
			FloatVector rx = FloatVector.fromArray(SPECIES, px, a), ry = FloatVector.fromArray(SPECIES, py, a), rz = FloatVector.fromArray(SPECIES, pz, a);
			FloatVector qx = rx.add(rx.sub(FloatVector.fromArray(SPECIES, oldX, a)).mul(beta)).add(gx.sub(a1.mul(dot)).mul(step));
			FloatVector qy = ry.add(ry.sub(FloatVector.fromArray(SPECIES, oldY, a)).mul(beta)).add(gy.sub(a2.mul(dot)).mul(step));
			FloatVector qz = rz.add(rz.sub(FloatVector.fromArray(SPECIES, oldZ, a)).mul(beta)).add(gz.sub(a3.mul(dot)).mul(step));
			FloatVector norm = qx.mul(qx).add(qy.mul(qy)).add(qz.mul(qz)).sqrt().max(1f);
			qx.div(norm).intoArray(destX, a);
			qy.div(norm).intoArray(destY, a);
			qz.div(norm).intoArray(destZ, a);
		}
		return i;
	}

	/**
	 * The dual step on one vector of voxels, guided where {@code guideX} is not null; only lanes from
	 * {@code firstLane} on change dest, and lanes from {@code rowEndLane} on (the row's last voxel) have the x
	 * difference 0. Once per row, so the branches on the guide and momentum cost nothing.
	 */
	private static void dualVector(float[] x, float[] xNext, int c, int nx, float[] guideX, float[] guideY, float[] guideZ, float[] px, float[] py, float[] pz, float[] oldX,
		float[] oldY, float[] oldZ, float beta, float[] destX, float[] destY, float[] destZ, int a, float step, int firstLane, int rowEndLane) {
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
		// NB: the lanes below firstLane keep what dest holds now (written by the row's loop, or not to be touched).
		FloatVector dx = FloatVector.fromArray(SPECIES, destX, a), dy = FloatVector.fromArray(SPECIES, destY, a), dz = FloatVector.fromArray(SPECIES, destZ, a);
		// NB: without the momentum, r = p + 0 (p − p), which is p (a zero's sign aside): no vector assigned on two paths (see above).
		boolean momentum = oldX != null;
		float b = momentum ? beta : 0;
		FloatVector pxv = FloatVector.fromArray(SPECIES, px, a), pyv = FloatVector.fromArray(SPECIES, py, a), pzv = FloatVector.fromArray(SPECIES, pz, a);
		FloatVector rx = pxv.add(pxv.sub(FloatVector.fromArray(SPECIES, momentum ? oldX : px, a)).mul(b));
		FloatVector ry = pyv.add(pyv.sub(FloatVector.fromArray(SPECIES, momentum ? oldY : py, a)).mul(b));
		FloatVector rz = pzv.add(pzv.sub(FloatVector.fromArray(SPECIES, momentum ? oldZ : pz, a)).mul(b));
		FloatVector qx = rx.add(gx.mul(step));
		FloatVector qy = ry.add(gy.mul(step));
		FloatVector qz = rz.add(gz.mul(step));
		FloatVector norm = qx.mul(qx).add(qy.mul(qy)).add(qz.mul(qz)).sqrt().max(1f);
		dx.blend(qx.div(norm), lanes).intoArray(destX, a);
		dy.blend(qy.div(norm), lanes).intoArray(destY, a);
		dz.blend(qz.div(norm), lanes).intoArray(destZ, a);
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
