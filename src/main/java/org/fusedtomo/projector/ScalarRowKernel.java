package org.fusedtomo.projector;

import org.fusedtomo.parallel.VectorKernels;

/**
 * {@link RowKernel} in plain Java. For the default block of {@link Projectors#SCALAR_BLOCK} slices the
 * slice loop is written out with 16 named locals, which C2 keeps in registers (an array element would go
 * through memory at every step; Java 17's C2 vectorises neither): forward ray by ray with the ray's sums
 * in locals (two loads and two fused multiply-adds per slice and row), back row by row with the share
 * for the next position in locals (mostly one store per slice and position). Other block sizes, CPUs
 * without FMA, and the kernel made with {@code writtenOut} false take the general, slower loops over the
 * slices, ray by ray. The written-out copies stay while {@code fusedtomo bench --suite scalar-loops} shows
 * them faster than the general loops (docs/benchmarks.md).
 */
final class ScalarRowKernel implements RowKernel {

	private final int block;
	/** Whether this kernel takes the 16-slice forms. */
	private final boolean sixteen;

	ScalarRowKernel(int block) {
		this(block, true);
	}

	/** @param writtenOut whether a block of 16 slices takes the written-out forms (where the CPU has FMA) */
	ScalarRowKernel(int block, boolean writtenOut) {
		if (block < 1)
			throw new IllegalArgumentException("Block size must be at least 1, got " + block);
		this.block = block;
		this.sixteen = writtenOut && block == 16 && VectorKernels.HARDWARE_FMA;
	}

	@Override
	public int block() {
		return block;
	}

	@Override
	public void forward(float[] rows, int origin, int rowStride, int positionStride, JosephRays.Angle angle, int rowFrom, int rowTo, float[] bins) {
		if (sixteen) {
			forward16(rows, origin, rowStride, positionStride, angle, rowFrom, rowTo, bins);
			return;
		}
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
				float f = p - i, g = 1 - f;
				int src = origin + r * rowStride + i * positionStride, next = src + positionStride;
				for (int k = 0; k < b; k++)
					bins[dst + k] += g * rows[src + k] + f * rows[next + k];
			}
		}
	}

	/** {@link #forward} for 16 slices, the sums in 16 locals. */
	private static void forward16(float[] rows, int origin, int rowStride, int positionStride, JosephRays.Angle angle, int rowFrom, int rowTo, float[] bins) {
		float[] base = angle.base();
		int[] rowFirst = angle.rowFirst(), rowEnd = angle.rowEnd();
		float step = angle.step();
		for (int j = 0; j < rowFirst.length; j++) {
			float js = j * step;
			int dst = j * 16, r1 = Math.min(rowEnd[j], rowTo);
			float s0 = bins[dst + 0], s1 = bins[dst + 1], s2 = bins[dst + 2], s3 = bins[dst + 3],
				s4 = bins[dst + 4], s5 = bins[dst + 5], s6 = bins[dst + 6], s7 = bins[dst + 7],
				s8 = bins[dst + 8], s9 = bins[dst + 9], s10 = bins[dst + 10], s11 = bins[dst + 11],
				s12 = bins[dst + 12], s13 = bins[dst + 13], s14 = bins[dst + 14], s15 = bins[dst + 15];
			for (int r = Math.max(rowFirst[j], rowFrom); r < r1; r++) {
				float p = base[r] + js;
				int i = (int) p;
				float f = p - i, g = 1 - f;
				int src = origin + r * rowStride + i * positionStride, next = src + positionStride;
				s0 = Math.fma(f, rows[next + 0], Math.fma(g, rows[src + 0], s0));
				s1 = Math.fma(f, rows[next + 1], Math.fma(g, rows[src + 1], s1));
				s2 = Math.fma(f, rows[next + 2], Math.fma(g, rows[src + 2], s2));
				s3 = Math.fma(f, rows[next + 3], Math.fma(g, rows[src + 3], s3));
				s4 = Math.fma(f, rows[next + 4], Math.fma(g, rows[src + 4], s4));
				s5 = Math.fma(f, rows[next + 5], Math.fma(g, rows[src + 5], s5));
				s6 = Math.fma(f, rows[next + 6], Math.fma(g, rows[src + 6], s6));
				s7 = Math.fma(f, rows[next + 7], Math.fma(g, rows[src + 7], s7));
				s8 = Math.fma(f, rows[next + 8], Math.fma(g, rows[src + 8], s8));
				s9 = Math.fma(f, rows[next + 9], Math.fma(g, rows[src + 9], s9));
				s10 = Math.fma(f, rows[next + 10], Math.fma(g, rows[src + 10], s10));
				s11 = Math.fma(f, rows[next + 11], Math.fma(g, rows[src + 11], s11));
				s12 = Math.fma(f, rows[next + 12], Math.fma(g, rows[src + 12], s12));
				s13 = Math.fma(f, rows[next + 13], Math.fma(g, rows[src + 13], s13));
				s14 = Math.fma(f, rows[next + 14], Math.fma(g, rows[src + 14], s14));
				s15 = Math.fma(f, rows[next + 15], Math.fma(g, rows[src + 15], s15));
			}
			bins[dst + 0] = s0;
			bins[dst + 1] = s1;
			bins[dst + 2] = s2;
			bins[dst + 3] = s3;
			bins[dst + 4] = s4;
			bins[dst + 5] = s5;
			bins[dst + 6] = s6;
			bins[dst + 7] = s7;
			bins[dst + 8] = s8;
			bins[dst + 9] = s9;
			bins[dst + 10] = s10;
			bins[dst + 11] = s11;
			bins[dst + 12] = s12;
			bins[dst + 13] = s13;
			bins[dst + 14] = s14;
			bins[dst + 15] = s15;
		}
	}

	@Override
	public void back(float[] rows, int origin, int rowStride, int positionStride, JosephRays.Angle angle, int rowFrom, int rowTo, float[] bins) {
		if (sixteen) {
			back16(rows, origin, rowStride, positionStride, angle, rowFrom, rowTo, bins);
			return;
		}
		float[] base = angle.base();
		int[] rowFirst = angle.rowFirst(), rowEnd = angle.rowEnd();
		float step = angle.step();
		int b = block;
		for (int j = 0; j < rowFirst.length; j++) {
			float js = j * step;
			int src = j * b, r1 = Math.min(rowEnd[j], rowTo);
			for (int r = Math.max(rowFirst[j], rowFrom); r < r1; r++) {
				float p = base[r] + js;
				int i = (int) p;
				float f = p - i, g = 1 - f;
				int dst = origin + r * rowStride + i * positionStride, next = dst + positionStride;
				for (int k = 0; k < b; k++) {
					float v = bins[src + k];
					rows[dst + k] += g * v;
					rows[next + k] += f * v;
				}
			}
		}
	}

	/**
	 * {@link #back} for 16 slices, row by row. Rays are taken in the order of their positions along the row,
	 * and the share a ray leaves for the position after its own (c0..c15) is added to the next ray's store
	 * when that ray starts there. Joseph rays are 1 to √2 positions apart, so most positions take one store
	 * instead of two. Ray by ray with the values in locals was about 40 % slower (docs/benchmarks.md, session 6).
	 */
	private static void back16(float[] rows, int origin, int rowStride, int positionStride, JosephRays.Angle angle, int rowFrom, int rowTo, float[] bins) {
		float[] base = angle.base();
		int[] first = angle.first(), end = angle.end();
		float step = angle.step();
		for (int r = rowFrom; r < rowTo; r++) {
			int count = end[r] - first[r];
			if (count <= 0)
				continue;
			// NB: with a negative step positions fall as j rises, so walk the bins backwards.
			int jStart = step > 0 ? first[r] : end[r] - 1, jStep = step > 0 ? 1 : -1;
			int rowStart = origin + r * rowStride;
			float rowBase = base[r];
			int carry = rowStart + (int) (rowBase + jStart * step) * positionStride;
			float c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0,
				c8 = 0, c9 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0, c15 = 0;
			for (int n = 0;; n++) {
				int j = jStart + n * jStep;
				float p = rowBase + j * step;
				int i = (int) p;
				float f = p - i, g = 1 - f;
				// NB: one pass past the last ray, at no position, stores the last share.
				int dst = n < count ? rowStart + i * positionStride : -1, src = j * 16;
				if (dst != carry) {
					rows[carry + 0] += c0;
					rows[carry + 1] += c1;
					rows[carry + 2] += c2;
					rows[carry + 3] += c3;
					rows[carry + 4] += c4;
					rows[carry + 5] += c5;
					rows[carry + 6] += c6;
					rows[carry + 7] += c7;
					rows[carry + 8] += c8;
					rows[carry + 9] += c9;
					rows[carry + 10] += c10;
					rows[carry + 11] += c11;
					rows[carry + 12] += c12;
					rows[carry + 13] += c13;
					rows[carry + 14] += c14;
					rows[carry + 15] += c15;
					c0 = 0;
					c1 = 0;
					c2 = 0;
					c3 = 0;
					c4 = 0;
					c5 = 0;
					c6 = 0;
					c7 = 0;
					c8 = 0;
					c9 = 0;
					c10 = 0;
					c11 = 0;
					c12 = 0;
					c13 = 0;
					c14 = 0;
					c15 = 0;
				}
				if (n == count)
					break;
				float v = bins[src + 0];
				rows[dst + 0] += Math.fma(g, v, c0);
				c0 = f * v;
				v = bins[src + 1];
				rows[dst + 1] += Math.fma(g, v, c1);
				c1 = f * v;
				v = bins[src + 2];
				rows[dst + 2] += Math.fma(g, v, c2);
				c2 = f * v;
				v = bins[src + 3];
				rows[dst + 3] += Math.fma(g, v, c3);
				c3 = f * v;
				v = bins[src + 4];
				rows[dst + 4] += Math.fma(g, v, c4);
				c4 = f * v;
				v = bins[src + 5];
				rows[dst + 5] += Math.fma(g, v, c5);
				c5 = f * v;
				v = bins[src + 6];
				rows[dst + 6] += Math.fma(g, v, c6);
				c6 = f * v;
				v = bins[src + 7];
				rows[dst + 7] += Math.fma(g, v, c7);
				c7 = f * v;
				v = bins[src + 8];
				rows[dst + 8] += Math.fma(g, v, c8);
				c8 = f * v;
				v = bins[src + 9];
				rows[dst + 9] += Math.fma(g, v, c9);
				c9 = f * v;
				v = bins[src + 10];
				rows[dst + 10] += Math.fma(g, v, c10);
				c10 = f * v;
				v = bins[src + 11];
				rows[dst + 11] += Math.fma(g, v, c11);
				c11 = f * v;
				v = bins[src + 12];
				rows[dst + 12] += Math.fma(g, v, c12);
				c12 = f * v;
				v = bins[src + 13];
				rows[dst + 13] += Math.fma(g, v, c13);
				c13 = f * v;
				v = bins[src + 14];
				rows[dst + 14] += Math.fma(g, v, c14);
				c14 = f * v;
				v = bins[src + 15];
				rows[dst + 15] += Math.fma(g, v, c15);
				c15 = f * v;
				carry = dst + positionStride;
			}
		}
	}
}
