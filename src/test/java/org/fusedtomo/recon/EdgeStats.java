package org.fusedtomo.recon;

import java.util.List;

import org.fusedtomo.data.Volume;

/** Throw-away statistics for the coupling rule's design (q84): per pair of element volumes. */
public final class EdgeStats {
	/** {edge corr (Pearson of |P∇x|), map corr, −cos of signed P∇x, edge cosine (uncentred)} of a and b. */
	public static double[] pair(Volume a, Volume b, TvGuide guide) {
		int nx = a.width(), ny = a.height(), nz = a.depth();
		float[] da = a.data(), db = b.data();
		float[] ga = new float[3], gb = new float[3];
		double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, dot = 0, na = 0, nb = 0;
		double ma = 0, mb = 0, maa = 0, mbb = 0, mab = 0;
		long n = 0;
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int i = 0; i < nx; i++) {
					int at = i + nx * (y + ny * z);
					grad(da, at, i, y, z, nx, ny, nz, guide, ga);
					grad(db, at, i, y, z, nx, ny, nz, guide, gb);
					double ea = Math.sqrt(ga[0] * ga[0] + ga[1] * ga[1] + ga[2] * ga[2]);
					double eb = Math.sqrt(gb[0] * gb[0] + gb[1] * gb[1] + gb[2] * gb[2]);
					sa += ea; sb += eb; saa += ea * ea; sbb += eb * eb; sab += ea * eb;
					dot += ga[0] * gb[0] + ga[1] * gb[1] + ga[2] * gb[2];
					double xa = da[at], xb = db[at];
					ma += xa; mb += xb; maa += xa * xa; mbb += xb * xb; mab += xa * xb;
					n++;
				}
		double edge = (sab - sa * sb / n) / Math.sqrt((saa - sa * sa / n) * (sbb - sb * sb / n));
		double map = (mab - ma * mb / n) / Math.sqrt((maa - ma * ma / n) * (mbb - mb * mb / n));
		double anti = -dot / Math.sqrt(saa * sbb);
		double cos = sab / Math.sqrt(saa * sbb);
		return new double[] { edge, map, anti, cos };
	}

	private static void grad(float[] d, int at, int i, int y, int z, int nx, int ny, int nz, TvGuide guide, float[] g) {
		float v = d[at];
		float gx = i < nx - 1 ? d[at + 1] - v : 0, gy = y < ny - 1 ? d[at + nx] - v : 0, gz = z < nz - 1 ? d[at + nx * ny] - v : 0;
		if (guide == null) { g[0] = gx; g[1] = gy; g[2] = gz; }
		else guide.project(gx, gy, gz, at, g);
	}

	public static List<Volume> smooth(List<Volume> x, double lambda, TvGuide guide, org.fusedtomo.parallel.Parallelism par) {
		return x.stream().map(v -> new TvProx(lambda * org.fusedtomo.data.FloatArrays.max(v.data()), 50, par, guide).apply(v)).toList();
	}
}
