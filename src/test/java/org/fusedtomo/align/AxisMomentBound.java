package org.fusedtomo.align;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.fusedtomo.data.TiltSeries;

/**
 * A study harness for docs/real-data.md: the Cramér–Rao bound of the tilt-axis rotation from the moments across the axis
 * of each line, up to order M (M = 0: the axis profiles), whole lines. By Helgason–Ludwig the m-th moment of slice t at
 * tilt θ is a homogeneous polynomial of degree m in cos θ, sin θ whose m + 1 coefficients belong to the (unknown) object:
 * those are the nuisances per bin, with each projection's shift along and across the axis. Gaussian approximation of
 * Poisson data (the moments' covariance per line from the expected counts), bins taken as independent; the nuisances eliminated exactly. Arguments
 * {@code M phantom:seed:rotation:counts ...}.
 */
public class AxisMomentBound {
	public static void main(String[] args) {
		int order = Integer.parseInt(args[0]);
		for (int ci = 1; ci < args.length; ci++) {
			String c = args[ci];
			String[] f = c.split(":");
			double rot = Double.parseDouble(f[2]), dose = Double.parseDouble(f[3]);
			MisalignedAcquisition s = new MisalignedAcquisition(f[0], org.fusedtomo.simulate.SimulationParameters.defaults().haadfAnglesDeg(), dose, 0, rot, 0, Long.parseLong(f[1]), MisalignedAcquisition.N);
			TiltSeries mu = MisalignedAcquisition.onTiltAxis(s.noiseless.haadf(), rot, 0);
			double h = 0.1, bg = MisalignedAcquisition.BACKGROUND;
			int m1 = order + 1;
			double[][][] at = moments(mu, rot, 0, order), plus = moments(mu, rot + h, 0, order), minus = moments(mu, rot - h, 0, order);
			double[][][] var = moments(mu, rot, bg, 2 * order);
			int n = at.length, len = at[0].length;
			double[] th = s.noiseless.haadf().anglesDeg();
			// Whitening per (a, k): L⁻¹ with C = L Lᵀ, C_jj' = (Σ u^(j+j') (mu + bg)) / dose.
			double[][][][] white = new double[n][len][][];
			for (int a = 0; a < n; a++)
				for (int k = 0; k < len; k++) {
					double[][] cov = new double[m1][m1];
					for (int i = 0; i < m1; i++)
						for (int j = 0; j < m1; j++)
							cov[i][j] = var[a][k][i + j] / dose + (i == j ? 1e-9 : 0);
					white[a][k] = invCholesky(cov);
				}
			// Signal and nuisance directions, whitened: vectors over (a, k, j).
			double[][][] g = new double[n][len][];
			for (int a = 0; a < n; a++)
				for (int k = 0; k < len; k++) {
					double[] d = new double[m1];
					for (int j = 0; j < m1; j++)
						d[j] = (plus[a][k][j] - minus[a][k][j]) / (2 * h);
					g[a][k] = mul(white[a][k], d);
				}
			java.util.List<double[][][]> groups = new java.util.ArrayList<>();
			// Per bin: the polynomial coefficients of every moment (a group per bin and coefficient; all bins in one array, disjoint supports).
			for (int m = 0; m <= order; m++)
				for (int p = 0; p <= m; p++) {
					double[][][] v = new double[n][len][];
					for (int a = 0; a < n; a++) {
						double t = Math.toRadians(th[a]), basis = Math.pow(Math.cos(t), m - p) * Math.pow(Math.sin(t), p);
						for (int k = 0; k < len; k++) {
							double[] d = new double[m1];
							d[m] = basis;
							v[a][k] = mul(white[a][k], d);
						}
					}
					groups.add(v);
				}
			int perBin = groups.size();
			// Per tilt: shift along the axis (d/dt of every moment) and across it (u → u + s: m·M_(m−1); u in units of 16 px, for the conditioning of high orders).
			for (int which = 0; which < 2; which++) {
				double[][][] v = new double[n][len][];
				for (int a = 0; a < n; a++)
					for (int k = 0; k < len; k++) {
						double[] d = new double[m1];
						for (int j = 0; j < m1; j++)
							d[j] = which == 0 ? (k > 0 && k < len - 1 ? 0.5 * (at[a][k + 1][j] - at[a][k - 1][j]) : 0) : (j > 0 ? j * at[a][k][j - 1] : 0);
						v[a][k] = mul(white[a][k], d);
					}
				groups.add(v);
			}
			// Exact elimination: per bin, project off the span of its coefficient vectors (Gram–Schmidt); then off the span
			// of the per-tilt shift vectors so projected (their normal equations, 2 per tilt).
			int rows = n * m1, ns = groups.size() - perBin;
			double[][] gk = new double[len][rows];
			double[][][] sk = new double[len][n * ns][rows];
			for (int k = 0; k < len; k++) {
				double[][] basis = new double[perBin][];
				int rank = 0;
				for (int gi = 0; gi < perBin; gi++) {
					double[] v = new double[rows];
					for (int a = 0; a < n; a++)
						for (int j = 0; j < m1; j++)
							v[a * m1 + j] = groups.get(gi)[a][k][j];
					double norm0 = Math.sqrt(dot(v, v));
					for (int pass = 0; pass < 2; pass++)
						for (int b = 0; b < rank; b++)
							axpy(-dot(v, basis[b]), basis[b], v);
					double norm = Math.sqrt(dot(v, v));
					if (norm > 1e-9 * norm0 && norm > 0) {
						for (int i = 0; i < rows; i++)
							v[i] /= norm;
						basis[rank++] = v;
					}
				}
				for (int a = 0; a < n; a++)
					for (int j = 0; j < m1; j++)
						gk[k][a * m1 + j] = g[a][k][j];
				for (int q = 0; q < ns; q++)
					for (int a = 0; a < n; a++) {
						double[] v = sk[k][q * n + a];
						for (int j = 0; j < m1; j++)
							v[a * m1 + j] = groups.get(perBin + q)[a][k][j];
					}
				for (int b = 0; b < rank; b++) {
					axpy(-dot(gk[k], basis[b]), basis[b], gk[k]);
					for (double[] v : sk[k])
						axpy(-dot(v, basis[b]), basis[b], v);
				}
			}
			int cols = n * ns;
			double[][] normal = new double[cols][cols];
			double[] rhs = new double[cols];
			for (int k = 0; k < len; k++)
				for (int c1 = 0; c1 < cols; c1++) {
					rhs[c1] += dot(sk[k][c1], gk[k]);
					for (int c2 = 0; c2 < cols; c2++)
						normal[c1][c2] += dot(sk[k][c1], sk[k][c2]);
				}
			// NB: a ridge of 1e-10 of the largest diagonal: with M = 0 the shifts across the axis move nothing (zero columns).
			double maxDiag = 0;
			for (int c1 = 0; c1 < cols; c1++)
				maxDiag = Math.max(maxDiag, normal[c1][c1]);
			for (int c1 = 0; c1 < cols; c1++)
				normal[c1][c1] += 1e-10 * maxDiag;
			double[] coef = new org.apache.commons.math3.linear.LUDecomposition(new org.apache.commons.math3.linear.Array2DRowRealMatrix(normal)).getSolver()
				.solve(new org.apache.commons.math3.linear.ArrayRealVector(rhs)).toArray();
			double infoExact = 0;
			for (int k = 0; k < len; k++) {
				double[] r = gk[k].clone();
				for (int c1 = 0; c1 < cols; c1++)
					axpy(-coef[c1], sk[k][c1], r);
				infoExact += dot(r, r);
			}
			System.out.printf("%s moments 0..%d: %.3f deg%n", c, order, 1 / Math.sqrt(infoExact));
		}
		System.exit(0);
	}

	/** Per projection and bin along the axis at {@code deg} (1 px, linear split of SUB² sub-pixels), Σ u^j (value + add), j = 0..maxPower. */
	static double[][][] moments(TiltSeries s, double deg, double add, int maxPower) {
		double phi = Math.toRadians(deg), sin = Math.sin(phi), cos = Math.cos(phi);
		int w = s.width(), h = s.height(), sub = AxisProfiles.SUB;
		double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
		int half = (int) Math.floor(0.5 * (h - 1) * Math.cos(Math.toRadians(Math.abs(deg) + 2)) - 0.5 * (w - 1) * Math.sin(Math.toRadians(Math.abs(deg) + 2))) - 1, bins = 2 * half + 1;
		double[][][] out = new double[s.angleCount()][bins][maxPower + 1];
		for (int a = 0; a < out.length; a++) {
			int off = s.projectionOffset(a);
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					double v = (s.data()[off + y * w + x] + add) / (sub * sub);
					for (int sy = 0; sy < sub; sy++)
						for (int sx = 0; sx < sub; sx++) {
							double px = x - cx + (sx + 0.5) / sub - 0.5, py = y - cy + (sy + 0.5) / sub - 0.5;
							double u = (px * cos + py * sin) / 16, pos = -px * sin + py * cos + half;
							int k = (int) Math.floor(pos);
							double fr = pos - k, up = 1;
							for (int j = 0; j <= maxPower; j++, up *= u) {
								if (k >= 0 && k < bins)
									out[a][k][j] += v * up * (1 - fr);
								if (k + 1 >= 0 && k + 1 < bins)
									out[a][k + 1][j] += v * up * fr;
							}
						}
				}
		}
		return out;
	}

	static double dot(double[] u, double[] v) {
		double s = 0;
		for (int i = 0; i < u.length; i++)
			s += u[i] * v[i];
		return s;
	}

	static void axpy(double a, double[] x, double[] y) {
		for (int i = 0; i < y.length; i++)
			y[i] += a * x[i];
	}

	static double[] mul(double[][] m, double[] v) {
		double[] o = new double[m.length];
		for (int i = 0; i < m.length; i++)
			for (int j = 0; j < v.length; j++)
				o[i] += m[i][j] * v[j];
		return o;
	}

	/** L⁻¹ for the Cholesky factor L of a symmetric positive definite matrix (commons-math3; any positive pivot accepted). */
	static double[][] invCholesky(double[][] c) {
		RealMatrix l = new CholeskyDecomposition(new Array2DRowRealMatrix(c), CholeskyDecomposition.DEFAULT_RELATIVE_SYMMETRY_THRESHOLD, 0).getL();
		return MatrixUtils.inverse(l).getData();
	}
}
