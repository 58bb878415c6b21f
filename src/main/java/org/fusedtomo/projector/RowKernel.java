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
	 * The transpose of {@link #forward}, ray by ray: spreads {@code bins[j]} onto the two positions around
	 * {@code base[r] + j * step} in every row r in [rowFrom, rowTo) that ray j crosses. For rows only
	 * {@code rowStride} = B apart, where the rays run along memory and {@link #scatter} would not.
	 */
	void scatterRays(float[] rows, int origin, int rowStride, int positionStride, JosephRays.Angle angle, int rowFrom, int rowTo, float[] bins);

	/**
	 * Adds, for the row starting at {@code rowStart}, the transpose of the forward interpolation: spreads
	 * {@code bins[j]} onto the two positions around {@code base + j * step}, for j in [first, end).
	 */
	void scatter(float[] rows, int rowStart, int positionStride, float base, float step, int first, int end, float[] bins);
}
