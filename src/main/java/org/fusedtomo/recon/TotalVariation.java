package org.fusedtomo.recon;

import org.fusedtomo.data.Volume;
import org.fusedtomo.parallel.Parallelism;

/**
 * Isotropic 3D total variation {@code TV(x) = Σ_voxels √(∂x² + ∂y² + ∂z²)} with forward differences
 * {@code ∂x = x[i+1] − x[i]} and Neumann boundaries (a difference across the last face is 0), in the
 * units of the voxel values; voxels are unit-sized. This is the regulariser that {@link TvProx} and
 * {@link TvReconstruction} use. Cost: one pass over the volume.
 */
public final class TotalVariation {

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
	 * not depend on the number of threads.
	 */
	public static double of(Volume x, TvGuide guide, Parallelism parallelism) {
		if (guide != null)
			guide.checkFits(x.geometry());
		int nx = x.width(), ny = x.height(), nz = x.depth();
		float[] d = x.data();
		double[] planes = new double[nz];
		parallelism.forEach(nz, (w, z) -> {
			double sum = 0;
			for (int y = 0; y < ny; y++) {
				int row = nx * (y + ny * z);
				for (int i = 0; i < nx; i++) {
					int at = row + i;
					double v = d[at];
					double gx = i < nx - 1 ? d[at + 1] - v : 0;
					double gy = y < ny - 1 ? d[at + nx] - v : 0;
					double gz = z < nz - 1 ? d[at + nx * ny] - v : 0;
					sum += guide == null ? Math.sqrt(gx * gx + gy * gy + gz * gz) : guide.magnitude(gx, gy, gz, at);
				}
			}
			planes[z] = sum;
		});
		double total = 0;
		for (double p : planes)
			total += p;
		return total;
	}
}
