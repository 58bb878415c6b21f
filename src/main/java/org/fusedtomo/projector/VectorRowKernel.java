package org.fusedtomo.projector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernel} on the JDK Vector API ({@code jdk.incubator.vector}): the slices of a block are
 * processed as whole SIMD vectors of the machine's preferred width. Loaded only when the JVM was
 * started with {@code --add-modules jdk.incubator.vector} (see {@link org.fusedtomo.parallel.VectorKernels#available()}).
 */
final class VectorRowKernel implements RowKernel {

	private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
	private static final int LANES = SPECIES.length();

	private final int block;

	/** A kernel for blocks of {@code vectors} SIMD vectors of slices, an even number (the forward takes them in pairs). */
	VectorRowKernel(int vectors) {
		if (vectors < 2 || vectors % 2 != 0)
			throw new IllegalArgumentException("Vectors per block must be even and at least 2, got " + vectors);
		this.block = vectors * LANES;
	}

	static int lanes() {
		return LANES;
	}

	@Override
	public int block() {
		return block;
	}

	/**
	 * Ray by ray, two vectors of slices at a time, so each ray's sum stays in registers over its steps
	 * instead of a load and store of the bin per step.
	 */
	@Override
	public void forward(float[] rows, int origin, int rowStride, int positionStride, JosephRays.Angle angle, int rowFrom, int rowTo, float[] bins) {
		float[] base = angle.base();
		int[] rowFirst = angle.rowFirst(), rowEnd = angle.rowEnd();
		float step = angle.step();
		int b = block;
		for (int j = 0; j < rowFirst.length; j++) {
			int r0 = Math.max(rowFirst[j], rowFrom), r1 = Math.min(rowEnd[j], rowTo), dst = j * b;
			if (r0 >= r1)
				continue;
			float js = j * step;
			// NB: two neighbouring rays at once over the rows they share: a ray's sums are a chain of dependent
			// adds, and two chains more hide their latency. Each sum still adds its rows in order, split into
			// runs whose partial sums go through the bins exactly, so the values are those of one ray at a time.
			int next = j + 1, q0 = next < rowFirst.length ? Math.max(Math.max(rowFirst[next], rowFrom), r0) : r1,
				q1 = next < rowFirst.length ? Math.min(Math.min(rowEnd[next], rowTo), r1) : r0;
			if (q0 < q1) {
				int s0 = Math.max(rowFirst[next], rowFrom), s1 = Math.min(rowEnd[next], rowTo), dstNext = next * b;
				float jsNext = next * step;
				for (int k = 0; k < b; k += 2 * LANES) {
					rayPair(rows, origin + k, rowStride, positionStride, base, js, r0, q0, bins, dst + k);
					rayPair(rows, origin + k, rowStride, positionStride, base, jsNext, s0, q0, bins, dstNext + k);
					twoRayPairs(rows, origin + k, rowStride, positionStride, base, js, jsNext, q0, q1, bins, dst + k, dstNext + k);
					rayPair(rows, origin + k, rowStride, positionStride, base, js, q1, r1, bins, dst + k);
					rayPair(rows, origin + k, rowStride, positionStride, base, jsNext, q1, s1, bins, dstNext + k);
				}
				j = next;
				continue;
			}
			for (int k = 0; k < b; k += 2 * LANES)
				rayPair(rows, origin + k, rowStride, positionStride, base, js, r0, r1, bins, dst + k);
		}
	}

	/** {@link #rayPair} of two rays (positions {@code js} and {@code jsNext} on) over the rows [r0, r1), interleaved. */
	private static void twoRayPairs(float[] rows, int origin, int rowStride, int positionStride, float[] base, float js, float jsNext, int r0, int r1, float[] bins,
		int dst, int dstNext) {
		FloatVector a0 = FloatVector.fromArray(SPECIES, bins, dst), a1 = FloatVector.fromArray(SPECIES, bins, dst + LANES);
		FloatVector c0 = FloatVector.fromArray(SPECIES, bins, dstNext), c1 = FloatVector.fromArray(SPECIES, bins, dstNext + LANES);
		for (int r = r0; r < r1; r++) {
			float p = base[r] + js, pn = base[r] + jsNext;
			int i = (int) p, n = (int) pn;
			float f = p - i, fn = pn - n;
			int src = origin + r * rowStride + i * positionStride, next = src + positionStride;
			int srcN = origin + r * rowStride + n * positionStride, nextN = srcN + positionStride;
			FloatVector fv = FloatVector.broadcast(SPECIES, f), fvn = FloatVector.broadcast(SPECIES, fn);
			FloatVector v00 = FloatVector.fromArray(SPECIES, rows, src);
			FloatVector v01 = FloatVector.fromArray(SPECIES, rows, src + LANES);
			FloatVector v10 = FloatVector.fromArray(SPECIES, rows, next);
			FloatVector v11 = FloatVector.fromArray(SPECIES, rows, next + LANES);
			FloatVector w00 = FloatVector.fromArray(SPECIES, rows, srcN);
			FloatVector w01 = FloatVector.fromArray(SPECIES, rows, srcN + LANES);
			FloatVector w10 = FloatVector.fromArray(SPECIES, rows, nextN);
			FloatVector w11 = FloatVector.fromArray(SPECIES, rows, nextN + LANES);
			a0 = v10.sub(v00).fma(fv, v00).add(a0);
			a1 = v11.sub(v01).fma(fv, v01).add(a1);
			c0 = w10.sub(w00).fma(fvn, w00).add(c0);
			c1 = w11.sub(w01).fma(fvn, w01).add(c1);
		}
		a0.intoArray(bins, dst);
		a1.intoArray(bins, dst + LANES);
		c0.intoArray(bins, dstNext);
		c1.intoArray(bins, dstNext + LANES);
	}

	private static void rayPair(float[] rows, int origin, int rowStride, int positionStride, float[] base, float js, int r0, int r1, float[] bins, int dst) {
		FloatVector a0 = FloatVector.fromArray(SPECIES, bins, dst), a1 = FloatVector.fromArray(SPECIES, bins, dst + LANES);
		for (int r = r0; r < r1; r++) {
			float p = base[r] + js;
			int i = (int) p;
			float f = p - i;
			int src = origin + r * rowStride + i * positionStride, next = src + positionStride;
			FloatVector fv = FloatVector.broadcast(SPECIES, f);
			FloatVector v00 = FloatVector.fromArray(SPECIES, rows, src);
			FloatVector v01 = FloatVector.fromArray(SPECIES, rows, src + LANES);
			FloatVector v10 = FloatVector.fromArray(SPECIES, rows, next);
			FloatVector v11 = FloatVector.fromArray(SPECIES, rows, next + LANES);
			a0 = v10.sub(v00).fma(fv, v00).add(a0);
			a1 = v11.sub(v01).fma(fv, v01).add(a1);
		}
		a0.intoArray(bins, dst);
		a1.intoArray(bins, dst + LANES);
	}

	@Override
	public void back(float[] rows, int origin, int rowStride, int positionStride, JosephRays.Angle angle, int rowFrom, int rowTo, float[] bins) {
		float[] base = angle.base();
		int[] rowFirst = angle.rowFirst(), rowEnd = angle.rowEnd();
		float step = angle.step();
		int b = block;
		for (int j = 0; j < rowFirst.length; j++) {
			int r0 = Math.max(rowFirst[j], rowFrom), r1 = Math.min(rowEnd[j], rowTo);
			if (r0 >= r1)
				continue;
			float js = j * step;
			for (int k = 0; k < b; k += 2 * LANES)
				scatterRayPair(rows, origin + k, rowStride, positionStride, base, js, r0, r1, bins, j * b + k);
		}
	}

	private static void scatterRayPair(float[] rows, int origin, int rowStride, int positionStride, float[] base, float js, int r0, int r1, float[] bins, int src) {
		FloatVector v0 = FloatVector.fromArray(SPECIES, bins, src), v1 = FloatVector.fromArray(SPECIES, bins, src + LANES);
		for (int r = r0; r < r1; r++) {
			float p = base[r] + js;
			int i = (int) p;
			float f = p - i;
			int dst = origin + r * rowStride + i * positionStride, next = dst + positionStride;
			FloatVector f0 = v0.mul(f), f1 = v1.mul(f);
			FloatVector.fromArray(SPECIES, rows, dst).add(v0.sub(f0)).intoArray(rows, dst);
			FloatVector.fromArray(SPECIES, rows, dst + LANES).add(v1.sub(f1)).intoArray(rows, dst + LANES);
			FloatVector.fromArray(SPECIES, rows, next).add(f0).intoArray(rows, next);
			FloatVector.fromArray(SPECIES, rows, next + LANES).add(f1).intoArray(rows, next + LANES);
		}
	}
}
