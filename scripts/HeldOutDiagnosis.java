import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.Projectors;

/**
 * Where the held-out chemical error of a reconstruction comes from (docs/real-data.md, "Where the held-out
 * error came from"): the reconstruction of {@code reconstruct --hold-out-chem N} projected at the held-out
 * tilts against the aligned maps, with one thing at a time allowed to change. Prints, per element and as the
 * mean, the held-out NRMSE as scored (one scale per element), with a scale per tilt, a scale and offset per
 * tilt, one offset per element, the best shift of +-1 px per tilt (with its scale), the best blur of the
 * prediction, on the pixels the alignment filled from data only, and on those with both blurred by 4 px.
 * Run from the repository root after building:
 * java -cp "target/classes:target/lib/*" scripts/HeldOutDiagnosis.java ALIGNED_DIR RECONSTRUCTION_DIR N Fe,Si,O,S,Pt
 */
public class HeldOutDiagnosis {

	static int w, h;

	public static void main(String[] a) {
		Path aligned = Path.of(a[0]), rec = Path.of(a[1]);
		int every = Integer.parseInt(a[2]);
		String[] elements = a[3].split(",");
		String[] rows = { "as scored", "scale per tilt", "scale+offset per tilt", "offset per element", "shift +-1 px, scale per tilt", "best blur",
			"valid pixels", "valid, both blurred 4 px" };
		double[] mean = new double[rows.length];
		System.out.printf("%-6s %s%n", "", String.join(" | ", rows));
		for (String el : elements) {
			TiltSeries all = TiffSeries.readTiltSeries(aligned.resolve(el + ".tif"));
			w = all.width();
			h = all.height();
			int[] held = IntStream.range(0, all.angleCount()).filter(i -> i % every != 0).toArray();
			TiltSeries ones = all.copy();
			Arrays.fill(ones.data(), 1f);
			TiltSeries valid = AlignmentJson.load(aligned.resolve("alignment.json")).apply(ones).subset(held), m = all.subset(held);
			Volume v = TiffSeries.readVolume(rec.resolve(el + ".tif"));
			TiltSeries p = Projectors.create(v.geometry(), m.geometry(), new Parallelism(2)).forward(v);
			int n = held.length;
			double[][] P = new double[n][], M = new double[n][], V = new double[n][];
			for (int t = 0; t < n; t++) {
				P[t] = tilt(p, t);
				M[t] = tilt(m, t);
				V[t] = tilt(valid, t);
			}
			double[] r = new double[rows.length];
			double gg = 0, alpha = fit(concat(P), concat(M), false)[0];
			for (double[] x : M)
				for (double g : x)
					gg += g * g;
			double[] ab = fit(concat(P), concat(M), true);
			for (int t = 0; t < n; t++) {
				r[0] += sse(P[t], M[t], alpha, 0);
				double[] f = fit(P[t], M[t], false);
				r[1] += sse(P[t], M[t], f[0], 0);
				f = fit(P[t], M[t], true);
				r[2] += sse(P[t], M[t], f[0], f[1]);
				r[3] += sse(P[t], M[t], ab[0], ab[1]);
				double best = Double.MAX_VALUE;
				for (double dy = -1; dy <= 1.001; dy += 0.25)
					for (double dx = -1; dx <= 1.001; dx += 0.25) {
						double[] q = shift(P[t], dx, dy);
						best = Math.min(best, sse(q, M[t], fit(q, M[t], false)[0], 0));
					}
				r[4] += best;
			}
			double bestBlur = Double.MAX_VALUE;
			for (double s : new double[] { 0.25, 0.5, 0.75, 1, 1.5, 2 }) {
				double[][] B = new double[n][];
				for (int t = 0; t < n; t++)
					B[t] = blur(P[t], s);
				double[] f = fit(concat(B), concat(M), false);
				bestBlur = Math.min(bestBlur, sse(concat(B), concat(M), f[0], 0));
			}
			r[5] = bestBlur;
			for (int k = 0; k < 6; k++)
				r[k] = Math.sqrt(r[k] / gg);
			r[6] = validNrmse(P, M, V, 0);
			r[7] = validNrmse(P, M, V, 4);
			StringBuilder sb = new StringBuilder(String.format("%-6s", el));
			for (int k = 0; k < rows.length; k++) {
				sb.append(String.format(" %.4f", r[k]));
				mean[k] += r[k] / elements.length;
			}
			System.out.println(sb);
		}
		StringBuilder sb = new StringBuilder(String.format("%-6s", "mean"));
		for (double x : mean)
			sb.append(String.format(" %.4f", x));
		System.out.println(sb);
	}

	/** NRMSE with one least-squares scale over the pixels whose alignment weight is 1, both blurred by {@code sigma} first. */
	static double validNrmse(double[][] P, double[][] M, double[][] V, double sigma) {
		double xg = 0, xx = 0, gg = 0;
		double[][] bp = new double[P.length][], bm = new double[P.length][];
		for (int t = 0; t < P.length; t++) {
			bp[t] = blur(P[t], sigma);
			bm[t] = blur(M[t], sigma);
			for (int i = 0; i < w * h; i++)
				if (V[t][i] >= 0.999) {
					xg += bp[t][i] * bm[t][i];
					xx += bp[t][i] * bp[t][i];
					gg += bm[t][i] * bm[t][i];
				}
		}
		double alpha = xg / xx, e = 0;
		for (int t = 0; t < P.length; t++)
			for (int i = 0; i < w * h; i++)
				if (V[t][i] >= 0.999) {
					double d = alpha * bp[t][i] - bm[t][i];
					e += d * d;
				}
		return Math.sqrt(e / gg);
	}

	/** Least squares {@code a p + b ≈ m} ({@code b = 0} without offset). */
	static double[] fit(double[] p, double[] m, boolean offset) {
		double sp = 0, sm = 0, spp = 0, spm = 0, n = p.length;
		for (int i = 0; i < p.length; i++) {
			sp += p[i];
			sm += m[i];
			spp += p[i] * p[i];
			spm += p[i] * m[i];
		}
		if (!offset)
			return new double[] { spp == 0 ? 0 : spm / spp, 0 };
		double a = (n * spm - sp * sm) / (n * spp - sp * sp);
		return new double[] { a, (sm - a * sp) / n };
	}

	static double sse(double[] p, double[] m, double a, double b) {
		double s = 0;
		for (int i = 0; i < p.length; i++) {
			double d = a * p[i] + b - m[i];
			s += d * d;
		}
		return s;
	}

	/** Bilinear, edges repeated: the image moved by (dx, dy). */
	static double[] shift(double[] p, double dx, double dy) {
		double[] o = new double[p.length];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double sx = x - dx, sy = y - dy;
				int x0 = (int) Math.floor(sx), y0 = (int) Math.floor(sy);
				double fx = sx - x0, fy = sy - y0, v = 0;
				for (int j = 0; j < 2; j++)
					for (int i = 0; i < 2; i++)
						v += (i == 0 ? 1 - fx : fx) * (j == 0 ? 1 - fy : fy) * p[clamp(y0 + j, h) * w + clamp(x0 + i, w)];
				o[y * w + x] = v;
			}
		return o;
	}

	/** Separable Gaussian of {@code sigma} px, edges repeated; sigma 0 returns the input. */
	static double[] blur(double[] p, double sigma) {
		if (sigma == 0)
			return p;
		int r = (int) Math.ceil(3 * sigma);
		double[] k = new double[2 * r + 1];
		double ks = 0;
		for (int i = -r; i <= r; i++)
			ks += k[i + r] = Math.exp(-i * i / (2 * sigma * sigma));
		double[] t = new double[p.length], o = new double[p.length];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double v = 0;
				for (int i = -r; i <= r; i++)
					v += k[i + r] * p[y * w + clamp(x + i, w)];
				t[y * w + x] = v / ks;
			}
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double v = 0;
				for (int i = -r; i <= r; i++)
					v += k[i + r] * t[clamp(y + i, h) * w + x];
				o[y * w + x] = v / ks;
			}
		return o;
	}

	static int clamp(int i, int n) {
		return Math.max(0, Math.min(n - 1, i));
	}

	static double[] tilt(TiltSeries s, int a) {
		double[] o = new double[w * h];
		int off = s.projectionOffset(a);
		// NB: a pixel align did not measure (NaN) reads 0, as the zero fill did before; the valid-pixel rows leave it out.
		for (int i = 0; i < o.length; i++)
			o[i] = Float.isNaN(s.data()[off + i]) ? 0 : s.data()[off + i];
		return o;
	}

	static double[] concat(double[][] parts) {
		return Arrays.stream(parts).flatMapToDouble(Arrays::stream).toArray();
	}
}
