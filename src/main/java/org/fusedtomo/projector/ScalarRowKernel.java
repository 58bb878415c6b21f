package org.fusedtomo.projector;

/**
 * {@link RowKernel} in plain Java: a fixed-length inner loop over the slices of a block, with a literal
 * length for the default block of {@link Projectors#SCALAR_BLOCK} slices.
 */
final class ScalarRowKernel implements RowKernel {

	private final int block;

	ScalarRowKernel(int block) {
		if (block < 1)
			throw new IllegalArgumentException("Block size must be at least 1, got " + block);
		this.block = block;
	}

	@Override
	public int block() {
		return block;
	}

	@Override
	public void forward(float[] rows, int origin, int rowStride, int positionStride, JosephRays.Angle angle, int rowFrom, int rowTo, float[] bins) {
		float[] base = angle.base();
		int[] rowFirst = angle.rowFirst(), rowEnd = angle.rowEnd();
		float step = angle.step();
		int b = block;
		for (int j = 0; j < rowFirst.length; j++) {
			float js = j * step;
			int dst = j * b, r1 = Math.min(rowEnd[j], rowTo);
			for (int r = Math.max(rowFirst[j], rowFrom); r < r1; r++) {
				float p = base[r] + js;
				int i = (int) p;
				float f = p - i;
				int src = origin + r * rowStride + i * positionStride, next = src + positionStride;
				// NB: with a literal trip count C2 unrolls the slice loop fully: 10-25 % faster for the default
				// block (docs/benchmarks.md); other block sizes (tests) take the general loop, same operations.
				if (b == 16)
					for (int k = 0; k < 16; k++) {
						float v0 = rows[src + k];
						bins[dst + k] += v0 + f * (rows[next + k] - v0);
					}
				else
					for (int k = 0; k < b; k++) {
						float v0 = rows[src + k];
						bins[dst + k] += v0 + f * (rows[next + k] - v0);
					}
			}
		}
	}

	/** Ray by ray where rows are columns of the grid; row by row where they run along memory, faster in plain Java. */
	@Override
	public void back(float[] rows, int origin, int rowStride, int positionStride, JosephRays.Angle angle, int rowFrom, int rowTo, float[] bins) {
		float[] base = angle.base();
		float step = angle.step();
		int b = block;
		if (positionStride == b) {
			int[] first = angle.first(), end = angle.end();
			for (int r = rowFrom; r < rowTo; r++)
				for (int j = first[r]; j < end[r]; j++)
					spread(rows, origin + r * rowStride, positionStride, base[r] + j * step, bins, j * b);
			return;
		}
		int[] rowFirst = angle.rowFirst(), rowEnd = angle.rowEnd();
		for (int j = 0; j < rowFirst.length; j++) {
			float js = j * step;
			int r1 = Math.min(rowEnd[j], rowTo);
			for (int r = Math.max(rowFirst[j], rowFrom); r < r1; r++)
				spread(rows, origin + r * rowStride, positionStride, base[r] + js, bins, j * b);
		}
	}

	/** Adds one bin's B values to the two positions around {@code p} of the row starting at {@code rowStart}. */
	private void spread(float[] rows, int rowStart, int positionStride, float p, float[] bins, int src) {
		int i = (int) p;
		float f = p - i;
		int dst = rowStart + i * positionStride, next = dst + positionStride;
		// NB: literal trip count for the default block, as in forward.
		if (block == 16)
			for (int k = 0; k < 16; k++) {
				float v = bins[src + k];
				rows[dst + k] += v - f * v;
				rows[next + k] += f * v;
			}
		else
			for (int k = 0; k < block; k++) {
				float v = bins[src + k];
				rows[dst + k] += v - f * v;
				rows[next + k] += f * v;
			}
	}
}
