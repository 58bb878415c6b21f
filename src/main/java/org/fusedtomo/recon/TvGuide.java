package org.fusedtomo.recon;

import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;

/**
 * Edge directions of a guide volume u, for directional total variation (dTV; Ehrhardt &amp; Betcke, SIAM J.
 * Imaging Sci. 9(3), 2016): {@code dTV(x) = Σ_voxels |P ∇x|} with {@code P = I − γ ξ ξᵀ} and
 * {@code ξ = ∇u / √(|∇u|² + η²)}, forward differences as in {@link TotalVariation}.
 * <p>
 * Where u has an edge (|∇u| ≫ η) the part of ∇x across it costs only (1 − γ) of plain TV, so x may
 * jump where u jumps; where u is flat (|∇u| ≪ η) dTV is plain TV. In fused tomography u is a
 * reconstruction of the HAADF series, whose many low-noise tilts fix the edges that the few, noisy
 * chemical tilts cannot. P is symmetric with ‖P‖ ≤ 1, so ‖P∇‖² ≤ 12 like ‖∇‖² and {@link TvProx}
 * keeps its step. Immutable; three floats per voxel.
 */
public final class TvGuide {

	private final VolumeGeometry geometry;
	private final double weight;
	// ξ scaled by √γ, so that P q = q − ξ (ξ · q).
	private final float[] xi, eta, zeta;

	private TvGuide(VolumeGeometry geometry, double weight, float[] xi, float[] eta, float[] zeta) {
		this.geometry = geometry;
		this.weight = weight;
		this.xi = xi;
		this.eta = eta;
		this.zeta = zeta;
	}

	/**
	 * The guide of volume {@code u}.
	 *
	 * @param weight γ in [0, 1): how much cheaper a jump across an edge of u is; 0 gives plain TV
	 * @param edgeScale η &gt; 0, relative to the largest |∇u|: gradients of u well below
	 *        {@code edgeScale · max|∇u|} count as flat
	 * @throws IllegalArgumentException for a weight outside [0, 1), a non-positive edge scale, or a u that
	 *         is not finite
	 */
	public static TvGuide of(Volume u, double weight, double edgeScale) {
		return of(u, weight, edgeScale, Double.NaN);
	}

	/**
	 * The guide of a slab {@code u} of y slices of a larger guide volume, whose largest squared gradient
	 * |∇u|² is {@code maxSquaredGradient} ({@link #maxSquaredGradient} of the whole, or the maximum of its slabs'):
	 * the directions of the larger guide's at these slices but the top one, whose y differences need the slice
	 * above (give the slab with that slice and keep the others by {@link #slices}).
	 */
	public static TvGuide ofSlab(Volume u, double weight, double edgeScale, double maxSquaredGradient) {
		if (!(maxSquaredGradient >= 0))
			throw new IllegalArgumentException("Structure-guide largest squared gradient must be a non-negative number, got " + maxSquaredGradient);
		return of(u, weight, edgeScale, maxSquaredGradient);
	}

	/** The largest |∇u|² of {@code u} (forward differences, 0 across the far faces): the scale {@link #of} takes η from. */
	public static double maxSquaredGradient(Volume u) {
		VolumeGeometry g = u.geometry();
		int nx = g.width(), ny = g.height(), nz = g.depth();
		float[] d = u.data();
		double maxSquared = 0;
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int i = 0, at = nx * (y + ny * z); i < nx; i++, at++) {
					float v = d[at];
					float gx = i < nx - 1 ? d[at + 1] - v : 0, gy = y < ny - 1 ? d[at + nx] - v : 0, gz = z < nz - 1 ? d[at + nx * ny] - v : 0;
					maxSquared = Math.max(maxSquared, (double) gx * gx + (double) gy * gy + (double) gz * gz);
				}
		return maxSquared;
	}

	/** With the largest squared gradient given, or NaN for u's own. */
	private static TvGuide of(Volume u, double weight, double edgeScale, double givenMaxSquared) {
		if (!(weight >= 0 && weight < 1))
			throw new IllegalArgumentException("Structure-guide weight must lie in [0, 1), got " + weight);
		if (!(edgeScale > 0) || !Double.isFinite(edgeScale))
			throw new IllegalArgumentException("Structure-guide edge scale must be a positive number, got " + edgeScale);
		VolumeGeometry g = u.geometry();
		int nx = g.width(), ny = g.height(), nz = g.depth(), n = (int) g.voxelCount();
		float[] d = u.data(), gx = new float[n], gy = new float[n], gz = new float[n];
		double maxSquared = 0;
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int i = 0, at = nx * (y + ny * z); i < nx; i++, at++) {
					float v = d[at];
					gx[at] = i < nx - 1 ? d[at + 1] - v : 0;
					gy[at] = y < ny - 1 ? d[at + nx] - v : 0;
					gz[at] = z < nz - 1 ? d[at + nx * ny] - v : 0;
					double s = (double) gx[at] * gx[at] + (double) gy[at] * gy[at] + (double) gz[at] * gz[at];
					if (!Double.isFinite(s))
						throw new IllegalArgumentException("Structure guide has a non-finite value near voxel (" + i + ", " + y + ", " + z + ")");
					maxSquared = Math.max(maxSquared, s);
				}
		if (!Double.isNaN(givenMaxSquared))
			maxSquared = givenMaxSquared;
		double etaSquared = edgeScale * edgeScale * maxSquared, root = Math.sqrt(weight);
		for (int i = 0; i < n; i++) {
			double s = (double) gx[i] * gx[i] + (double) gy[i] * gy[i] + (double) gz[i] * gz[i];
			// NB: a flat guide (max|∇u| = 0) has ξ = 0 everywhere: plain TV.
			double f = s + etaSquared > 0 ? root / Math.sqrt(s + etaSquared) : 0;
			gx[i] *= (float) f;
			gy[i] *= (float) f;
			gz[i] *= (float) f;
		}
		return new TvGuide(g, weight, gx, gy, gz);
	}

	public VolumeGeometry geometry() {
		return geometry;
	}

	/**
	 * This guide on the y slices {@code [yFrom, yTo)} only (copies of its directions there): for a slab of those
	 * slices, whose directions must be those of the whole guide volume (its edge scale comes from the largest
	 * gradient of all of it, and its top slice's y differences from the slice above).
	 */
	public TvGuide slices(int yFrom, int yTo) {
		int nx = geometry.width(), ny = geometry.height(), nz = geometry.depth(), n = yTo - yFrom;
		if (yFrom < 0 || yTo > ny || n < 1)
			throw new IllegalArgumentException("Slices [" + yFrom + ", " + yTo + ") are not inside the " + ny + " of " + geometry);
		float[][] parts = { xi, eta, zeta }, cut = new float[3][nx * n * nz];
		for (int c = 0; c < 3; c++)
			for (int z = 0; z < nz; z++)
				System.arraycopy(parts[c], nx * (yFrom + ny * z), cut[c], nx * n * z, nx * n);
		return new TvGuide(new VolumeGeometry(nx, n, nz), weight, cut[0], cut[1], cut[2]);
	}

	/** γ. */
	public double weight() {
		return weight;
	}

	/** The x parts of ξ √γ, one per voxel, for the row kernels (shared, not copied: do not change). */
	float[] xi() {
		return xi;
	}

	/** The y parts of ξ √γ. */
	float[] eta() {
		return eta;
	}

	/** The z parts of ξ √γ. */
	float[] zeta() {
		return zeta;
	}

	/** Writes P g into {@code out[0..2]} for the 3-vector g at voxel {@code at}; per voxel, for the joint prox (the kernels read {@link #xi()} etc.). */
	void project(float gx, float gy, float gz, int at, float[] out) {
		float a = xi[at], b = eta[at], c = zeta[at];
		float dot = a * gx + b * gy + c * gz;
		out[0] = gx - a * dot;
		out[1] = gy - b * dot;
		out[2] = gz - c * dot;
	}

	/** |P g| for the gradient g = (gx, gy, gz) at voxel {@code at}. */
	double magnitude(double gx, double gy, double gz, int at) {
		double a = xi[at], b = eta[at], c = zeta[at];
		double dot = a * gx + b * gy + c * gz;
		double px = gx - a * dot, py = gy - b * dot, pz = gz - c * dot;
		return Math.sqrt(px * px + py * py + pz * pz);
	}

	/** Whether this guide fits volumes of geometry {@code g}. */
	void checkFits(VolumeGeometry g) {
		if (!geometry.equals(g))
			throw new IllegalArgumentException("Structure guide is " + geometry + " but the volume is " + g);
	}
}
