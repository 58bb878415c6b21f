package org.fusedtomo.recon;

import org.fusedtomo.data.Volume;

/** Throw-away (q84): {opposition, edge cosine, edge Pearson} of P∇a, P∇b (P of the guide; the identity for null). */
public final class GuidedPairStats {
	public static double[] of(Volume a, Volume b, TvGuide guide) {
		int nx = a.width(), ny = a.height(), nz = a.depth();
		float[] da = a.data(), db = b.data(), ga = new float[3], gb = new float[3];
		double dot = 0, aa = 0, bb = 0, ea = 0, eb = 0, eab = 0;
		long n = 0;
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int i = 0; i < nx; i++, n++) {
					int at = i + nx * (y + ny * z);
					grad(da, at, i, y, z, nx, ny, nz, guide, ga);
					grad(db, at, i, y, z, nx, ny, nz, guide, gb);
					dot += ga[0] * gb[0] + ga[1] * gb[1] + ga[2] * gb[2];
					double ma = Math.sqrt(ga[0] * ga[0] + ga[1] * ga[1] + ga[2] * ga[2]), mb = Math.sqrt(gb[0] * gb[0] + gb[1] * gb[1] + gb[2] * gb[2]);
					aa += ma * ma; bb += mb * mb; ea += ma; eb += mb; eab += ma * mb;
				}
		double pearson = (eab - ea * eb / n) / Math.sqrt((aa - ea * ea / n) * (bb - eb * eb / n));
		return new double[] { -dot / Math.sqrt(aa * bb), eab / Math.sqrt(aa * bb), pearson };
	}

	private static void grad(float[] d, int at, int i, int y, int z, int nx, int ny, int nz, TvGuide guide, float[] g) {
		float v = d[at];
		float gx = i < nx - 1 ? d[at + 1] - v : 0, gy = y < ny - 1 ? d[at + nx] - v : 0, gz = z < nz - 1 ? d[at + nx * ny] - v : 0;
		if (guide == null) { g[0] = gx; g[1] = gy; g[2] = gz; }
		else guide.project(gx, gy, gz, at, g);
	}
}
