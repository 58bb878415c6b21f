package org.fusedtomo.projector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowKernel} on the JDK Vector API ({@code jdk.incubator.vector}): the slices of a block are
 * processed as whole SIMD vectors of the machine's preferred width. Loaded only when the JVM was
 * started with {@code --add-modules jdk.incubator.vector} (see {@link Projectors#vectorApiAvailable()}).
 */
final class VectorRowKernel implements RowKernel {

	private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

	private final int block;

	/** A kernel for blocks of {@code vectors} SIMD vectors of slices. */
	VectorRowKernel(int vectors) {
		if (vectors < 1)
			throw new IllegalArgumentException("Vectors per block must be at least 1, got " + vectors);
		this.block = vectors * SPECIES.length();
	}

	static int lanes() {
		return SPECIES.length();
	}

	@Override
	public int block() {
		return block;
	}

	@Override
	public void gather(float[] rows, int rowStart, float base, float step, int first, int end, float[] bins) {
		int b = block, lanes = SPECIES.length();
		for (int j = first; j < end; j++) {
			float p = base + j * step;
			int i = (int) p;
			float f = p - i;
			int src = rowStart + i * b, dst = j * b;
			FloatVector fv = FloatVector.broadcast(SPECIES, f);
			for (int k = 0; k < b; k += lanes) {
				FloatVector v0 = FloatVector.fromArray(SPECIES, rows, src + k);
				FloatVector v1 = FloatVector.fromArray(SPECIES, rows, src + b + k);
				FloatVector acc = FloatVector.fromArray(SPECIES, bins, dst + k);
				v1.sub(v0).fma(fv, v0).add(acc).intoArray(bins, dst + k);
			}
		}
	}

	@Override
	public void scatter(float[] rows, int rowStart, float base, float step, int first, int end, float[] bins) {
		int b = block, lanes = SPECIES.length();
		for (int j = first; j < end; j++) {
			float p = base + j * step;
			int i = (int) p;
			float f = p - i;
			int dst = rowStart + i * b, src = j * b;
			for (int k = 0; k < b; k += lanes) {
				FloatVector v = FloatVector.fromArray(SPECIES, bins, src + k);
				FloatVector fv = v.mul(f);
				FloatVector.fromArray(SPECIES, rows, dst + k).add(v.sub(fv)).intoArray(rows, dst + k);
				FloatVector.fromArray(SPECIES, rows, dst + b + k).add(fv).intoArray(rows, dst + b + k);
			}
		}
	}
}
