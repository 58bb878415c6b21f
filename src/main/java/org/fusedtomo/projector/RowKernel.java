package org.fusedtomo.projector;

/**
 * The inner loops of the blocked Joseph projector, for a block of {@code B} slices stored innermost
 * ({@code rows[rowStart + i * B + k]} is position i of slice k in one padded row). A row holds
 * {@code length + 2} positions, bins hold {@code B} values per detector bin. Implementations differ only
 * in how they run the k loop (plain Java or the JDK Vector API); they must trace the rays of
 * {@link JosephRays}.
 */
interface RowKernel {

	/** Slices per block, a multiple of the vector length. */
	int block();

	/**
	 * Adds to {@code bins[j]}, for every bin j of the angle and all B slices, the sum over the rows r in
	 * [rowFrom, rowTo) that ray j crosses of {@code interpolate(row r, base[r] + j * step)}, adding in
	 * increasing r. Rows are {@code stride} floats apart.
	 */
	void forward(float[] rows, int stride, JosephRays.Angle angle, int rowFrom, int rowTo, float[] bins);

	/**
	 * Adds, for one row, the transpose of the forward interpolation: spreads {@code bins[j]} onto the two
	 * positions around {@code base + j * step}, for j in [first, end).
	 */
	void scatter(float[] rows, int rowStart, float base, float step, int first, int end, float[] bins);
}
