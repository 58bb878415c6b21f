package org.fusedtomo.recon;

import java.util.List;

import org.fusedtomo.data.Volume;
import org.fusedtomo.parallel.Parallelism;

/**
 * Isotropic 3D total variation {@code TV(x) = Σ_voxels √(∂x² + ∂y² + ∂z²)} with forward differences
 * {@code ∂x = x[i+1] − x[i]} and Neumann boundaries (a difference across the last face is 0), in the
 * units of the voxel values; voxels are unit-sized. This is the regulariser that {@link TvProx} and
 * {@link TvReconstruction} use. Cost: one pass over the volume.
 */
public final class TotalVariation {

	/** The row kernel of {@link #of(Volume, TvGuide, Parallelism)} unless a test gives another. */
	private static final TvRowKernel FASTEST_KERNEL = TvRowKernel.fastest();

	private TotalVariation() {}

	/** TV of {@code x}. */
	public static double of(Volume x) {
		return of(x, null);
	}

	/** Directional TV {@code Σ |P ∇x|} of {@code x} with the guide's P ({@link TvGuide}); plain TV for a null guide. */
	public static double of(Volume x, TvGuide guide) {
		return of(x, guide, Parallelism.SERIAL);
	}

	/**
	 * The same over z planes on {@code parallelism}; plane sums are added in plane order, so the value does
	 * not depend on the number of threads. Runs on the Vector API row kernel when the JVM has it (float per
	 * lane, about 1e-7 relative from the double sum).
	 */
	public static double of(Volume x, TvGuide guide, Parallelism parallelism) {
		return of(x, guide, parallelism, FASTEST_KERNEL);
	}

	/** With a given row kernel, for tests that compare kernels. */
	static double of(Volume x, TvGuide guide, Parallelism parallelism, TvRowKernel kernel) {
		return ofSlices(x, guide, parallelism, kernel, 0, x.height());
	}

	/**
	 * The terms of {@link #of(Volume, TvGuide, Parallelism)} at the y slices {@code [yFrom, yTo)} of {@code x}
	 * only: a slab's share of the TV of a larger volume when {@code x} holds the slab and its neighbouring
	 * slices (slice {@code yTo} where the larger volume has it; its differences to there count).
	 */
	public static double ofSlices(Volume x, TvGuide guide, Parallelism parallelism, int yFrom, int yTo) {
		if (yFrom < 0 || yTo > x.height() || yFrom > yTo)
			throw new IllegalArgumentException("Slices [" + yFrom + ", " + yTo + ") are not inside the " + x.height() + " of " + x.geometry());
		return ofSlices(x, guide, parallelism, FASTEST_KERNEL, yFrom, yTo);
	}

	private static double ofSlices(Volume x, TvGuide guide, Parallelism parallelism, TvRowKernel kernel, int yFrom, int yTo) {
		if (guide != null)
			guide.checkFits(x.geometry());
		int nx = x.width(), ny = x.height(), nz = x.depth(), plane = nx * ny;
		float[] d = x.data();
		double[] planes = new double[nz];
		parallelism.forEach(nz, (w, z) -> {
			// A neighbour offset of 0 on the last plane and row makes that difference 0, the Neumann boundary
			// without a test per voxel.
			int next = z < nz - 1 ? plane : 0;
			double sum = 0;
			for (int y = yFrom; y < yTo; y++) {
				int row = nx * (y + ny * z), down = y < ny - 1 ? nx : 0;
				sum = guide == null ? kernel.magnitudeSum(d, row, down, next, 0, nx - 1, sum)
					: kernel.guidedMagnitudeSum(d, guide.xi(), guide.eta(), guide.zeta(), row, down, next, 0, nx - 1, sum);
				// The last column has no x difference.
				int last = row + nx - 1;
				double v = d[last], gy = d[last + down] - v, gz = d[last + next] - v;
				sum += magnitude(0, gy, gz, last, guide);
			}
			planes[z] = sum;
		});
		double total = 0;
		for (double p : planes)
			total += p;
		return total;
	}

	/**
	 * Joint (vectorial) TV {@code Σ_voxels √(Σ_e t_e² |P ∇x_e|²)} of element volumes x_e with scales t_e, the
	 * regulariser of {@link JointTvProx}; P from the guide, the identity for a null guide. For one element it
	 * is t times {@link #of(Volume, TvGuide, Parallelism)}. Summed per plane in plane order like that.
	 */
	public static double joint(List<Volume> x, double[] scales, TvGuide guide, Parallelism parallelism) {
		return joint(x, scales, guide, parallelism, 0, x.get(0).height());
	}

	/** The terms of {@link #joint(List, double[], TvGuide, Parallelism)} at the y slices {@code [yFrom, yTo)} only: a slab's share, as {@link #ofSlices}. */
	public static double joint(List<Volume> x, double[] scales, TvGuide guide, Parallelism parallelism, int yFrom, int yTo) {
		if (yFrom < 0 || yTo > x.get(0).height() || yFrom > yTo)
			throw new IllegalArgumentException("Slices [" + yFrom + ", " + yTo + ") are not inside the " + x.get(0).height() + " of " + x.get(0).geometry());
		if (x.size() != scales.length)
			throw new IllegalArgumentException("Joint TV needs one scale per element volume, got " + scales.length + " for " + x.size());
		Volume first = x.get(0);
		for (Volume v : x)
			if (!v.geometry().equals(first.geometry()))
				throw new IllegalArgumentException("Joint TV needs element volumes of one size, got " + first.geometry() + " and " + v.geometry());
		if (guide != null)
			guide.checkFits(first.geometry());
		int nx = first.width(), ny = first.height(), nz = first.depth(), plane = nx * ny;
		double[] planes = new double[nz];
		parallelism.forEach(nz, (w, z) -> {
			// Neighbour offsets of 0 on the last face make those differences 0 (Neumann), as in of(...).
			int next = z < nz - 1 ? plane : 0;
			double sum = 0;
			for (int y = yFrom; y < yTo; y++) {
				int down = y < ny - 1 ? nx : 0;
				for (int i = 0, at = nx * (y + ny * z); i < nx; i++, at++) {
					int right = i < nx - 1 ? 1 : 0;
					double squared = 0;
					for (int e = 0; e < scales.length; e++) {
						float[] d = x.get(e).data();
						double v = d[at], m = magnitude(d[at + right] - v, d[at + down] - v, d[at + next] - v, at, guide);
						squared += scales[e] * scales[e] * m * m;
					}
					sum += Math.sqrt(squared);
				}
			}
			planes[z] = sum;
		});
		double total = 0;
		for (double p : planes)
			total += p;
		return total;
	}

	/** |P g| for the guide's P, |g| without a guide. */
	private static double magnitude(double gx, double gy, double gz, int at, TvGuide guide) {
		return guide == null ? Math.sqrt(gx * gx + gy * gy + gz * gz) : guide.magnitude(gx, gy, gz, at);
	}
}
