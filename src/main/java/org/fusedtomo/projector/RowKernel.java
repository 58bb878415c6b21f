package org.fusedtomo.projector;

/**
 * The inner loops of the blocked Joseph projector, for a block of {@code B} slices stored innermost: the
 * B values at position i of row r start at {@code origin + r * rowStride + i * positionStride}. A row holds
 * {@code length + 2} positions, bins hold {@code B} values per detector bin. Implementations differ only
 * in how they run the slice loop (plain Java or the JDK Vector API); they must trace the rays of
 * {@link JosephRays}.
 */
interface RowKernel {

	/** Slices per block, a multiple of the vector length. */
	int block();

	/**
	 * Adds to {@code bins[j]}, for every bin j of the angle and all B slices, the sum over the rows r in
	 * [rowFrom, rowTo) that ray j crosses of {@code interpolate(row r, base[r] + j * step)}, adding in
	 * increasing r.
	 */
	void forward(float[] rows, int origin, int rowStride, int positionStride, JosephRays.Angle angle, int rowFrom, int rowTo, float[] bins);

	/**
	 * The transpose of {@link #forward}: spreads {@code bins[j]} onto the two positions around
	 * {@code base[r] + j * step} in every row r in [rowFrom, rowTo) that ray j crosses. The order of the adds
	 * is the kernel's, whichever is fastest for it (docs/benchmarks.md): the Vector API kernel goes ray by
	 * ray, the plain-Java one row by row, merging the two adds that neighbouring rays make to one position.
	 */
	void back(float[] rows, int origin, int rowStride, int positionStride, JosephRays.Angle angle, int rowFrom, int rowTo, float[] bins);
}
