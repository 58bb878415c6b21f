package org.fusedtomo.projector;

/**
 * The inner loops of the blocked Joseph projector: interpolation along one padded row for a block of
 * {@code B} slices stored innermost ({@code rows[(i * B) + k]} is position i of slice k). A row holds
 * {@code length + 2} positions, bins hold {@code B} values per detector bin. Implementations differ only
 * in how they run the k loop (plain Java or the JDK Vector API); they must trace identical positions.
 */
interface RowKernel {

	/** Slices per block, a multiple of the vector length. */
	int block();

	/** {@code bins[j] += interpolate(row, base + j * step)} for j in [first, end), all B slices at once. */
	void gather(float[] rows, int rowStart, float base, float step, int first, int end, float[] bins);

	/** The exact transpose of {@link #gather}: spreads {@code bins[j]} onto the two neighbouring positions. */
	void scatter(float[] rows, int rowStart, float base, float step, int first, int end, float[] bins);
}
