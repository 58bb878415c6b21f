import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.tune.HeldOutChemistry;
import org.fusedtomo.tune.TiltEfficiency;

/**
 * The per-tilt intensity pattern of held-out chemical maps (docs/real-data.md, "Per-tilt efficiency"). For a
 * reconstruction of {@code reconstruct --hold-out-chem N}: per element and chemical tilt (kept ones marked T), the
 * measured total over the reprojected total (measured pixels), divided by that ratio over the kept tilts; the HAADF
 * series' own ratio at the nearest HAADF tilt, from the HAADF volume of HAADF_RECONSTRUCTION_DIR (e.g. an EM run,
 * which reconstructs the HAADF from all its tilts). Then the held-out NRMSE as scored with the prediction scaled
 * per tilt by: nothing; the oracle (a least-squares scale fitted on each held-out tilt itself, not a prediction);
 * the product's efficiency (linear in θ between kept tilts, tune.TiltEfficiency, forced on); a quadratic in 1/cos θ
 * fitted on the kept tilts' ratios; the HAADF's ratio. Run from the repository root after building:
 * java -cp "target/classes:target/lib/*" scripts/TiltEfficiencyDiagnosis.java ALIGNED_DIR RECONSTRUCTION_DIR N Fe,Si,O,S,Pt HAADF_RECONSTRUCTION_DIR
 */
public class TiltEfficiencyDiagnosis {

	public static void main(String[] a) {
		Path aligned = Path.of(a[0]), rec = Path.of(a[1]);
		int every = Integer.parseInt(a[2]);
		String[] elements = a[3].split(",");
		Parallelism par = new Parallelism(2);
		TiltSeries haadf = TiffSeries.readTiltSeries(aligned.resolve("HAADF.tif"));
		Volume hv = TiffSeries.readVolume(Path.of(a[4]).resolve("HAADF.tif"));
		double[] haadfRatio = ratios(haadf, Projectors.create(hv.geometry(), haadf.geometry(), par).forward(hv), 1);
		String[] predictors = { "none", "oracle", "product (linear)", "quad in 1/cos", "HAADF ratio" };
		double[][] table = null;
		double[] mean = new double[predictors.length];
		StringBuilder scores = new StringBuilder(String.format("%-5s", ""));
		for (String p : predictors)
			scores.append(String.format(" %17s", p));
		scores.append('\n');
		for (int e = 0; e < elements.length; e++) {
			String el = elements[e];
			TiltSeries all = TiffSeries.readTiltSeries(aligned.resolve(el + ".tif"));
			int n = all.angleCount();
			Volume v = TiffSeries.readVolume(rec.resolve(el + ".tif"));
			TiltSeries p = Projectors.create(v.geometry(), all.geometry(), par).forward(v);
			double[] r = ratios(all, p, every);
			if (table == null)
				table = new double[elements.length + 1][n];
			table[e] = r;
			int[] kept = IntStream.range(0, n).filter(i -> i % every == 0).toArray(), held = IntStream.range(0, n).filter(i -> i % every != 0).toArray();
			TiltEfficiency product = HeldOutChemistry.keepingEvery(Map.of(el, all), every).efficiencies(Map.of(el, v), Map.of(), par).get(el);
			product = new TiltEfficiency(product.anglesDeg(), product.values(), product.chiSquared(), true);
			double[] q = quadratic(all, r, kept);
			double[][] eta = new double[predictors.length][n];
			for (int t = 0; t < n; t++) {
				double u = 1 / Math.cos(Math.toRadians(all.angleDeg(t)));
				eta[0][t] = 1;
				eta[1][t] = Double.NaN;
				eta[2][t] = product.at(all.angleDeg(t));
				eta[3][t] = q[0] + q[1] * u + q[2] * u * u;
				eta[4][t] = haadfRatio[nearest(haadf, all.angleDeg(t))];
				if (e == 0)
					table[elements.length][t] = eta[4][t];
			}
			scores.append(String.format("%-5s", el));
			for (int k = 0; k < predictors.length; k++) {
				double s = score(all, p, held, eta[k]);
				mean[k] += s / elements.length;
				scores.append(String.format(" %17.4f", s));
			}
			scores.append('\n');
		}
		scores.append(String.format("%-5s", "mean"));
		for (double m : mean)
			scores.append(String.format(" %17.4f", m));
		TiltSeries first = TiffSeries.readTiltSeries(aligned.resolve(elements[0] + ".tif"));
		System.out.printf("%6s %4s", "tilt", "kept");
		for (String el : elements)
			System.out.printf(" %6s", el);
		System.out.printf(" %6s%n", "HAADF");
		for (int t = 0; t < first.angleCount(); t++) {
			System.out.printf("%6.1f %4s", first.angleDeg(t), t % every == 0 ? "T" : "");
			for (double[] row : table)
				System.out.printf(" %6.3f", row[t]);
			System.out.println();
		}
		System.out.println();
		System.out.println(scores);
	}

	static int nearest(TiltSeries s, double deg) {
		int b = 0;
		for (int k = 0; k < s.angleCount(); k++)
			if (Math.abs(s.angleDeg(k) - deg) < Math.abs(s.angleDeg(b) - deg))
				b = k;
		return b;
	}

	/** Measured over predicted total per tilt (measured pixels), over the same ratio of the tilts i % every == 0. */
	static double[] ratios(TiltSeries m, TiltSeries p, int every) {
		int n = m.angleCount(), pixels = m.width() * m.height();
		double[] sm = new double[n], sp = new double[n];
		double tm = 0, tp = 0;
		for (int t = 0; t < n; t++) {
			for (int i = m.projectionOffset(t), end = i + pixels; i < end; i++)
				if (!Float.isNaN(m.data()[i])) {
					sm[t] += m.data()[i];
					sp[t] += p.data()[i];
				}
			if (t % every == 0) {
				tm += sm[t];
				tp += sp[t];
			}
		}
		double[] r = new double[n];
		for (int t = 0; t < n; t++)
			r[t] = sm[t] / sp[t] / (tm / tp);
		return r;
	}

	/** Least squares r ≈ c0 + c1 u + c2 u² with u = 1/cos θ over the kept tilts. */
	static double[] quadratic(TiltSeries s, double[] r, int[] kept) {
		double[][] m = new double[3][4];
		for (int t : kept) {
			double u = 1 / Math.cos(Math.toRadians(s.angleDeg(t)));
			double[] b = { 1, u, u * u };
			for (int i = 0; i < 3; i++) {
				for (int j = 0; j < 3; j++)
					m[i][j] += b[i] * b[j];
				m[i][3] += b[i] * r[t];
			}
		}
		for (int i = 0; i < 3; i++)
			for (int k = i + 1; k < 3; k++) {
				double f = m[k][i] / m[i][i];
				for (int j = i; j < 4; j++)
					m[k][j] -= f * m[i][j];
			}
		double[] c = new double[3];
		for (int i = 2; i >= 0; i--) {
			double v = m[i][3];
			for (int j = i + 1; j < 3; j++)
				v -= m[i][j] * c[j];
			c[i] = v / m[i][i];
		}
		return c;
	}

	/** Held-out NRMSE as scored (one least-squares scale over the held-out measured pixels) of eta_t · p; eta NaN: a scale fitted per tilt (the oracle). */
	static double score(TiltSeries m, TiltSeries p, int[] held, double[] eta) {
		int pixels = m.width() * m.height();
		TiltSeries scaled = p.copy();
		for (int t : held) {
			double f = eta[t];
			if (Double.isNaN(f)) {
				double xg = 0, xx = 0;
				for (int i = m.projectionOffset(t), end = i + pixels; i < end; i++)
					if (!Float.isNaN(m.data()[i])) {
						xg += (double) p.data()[i] * m.data()[i];
						xx += (double) p.data()[i] * p.data()[i];
					}
				f = xx == 0 ? 1 : xg / xx;
			}
			for (int i = m.projectionOffset(t), end = i + pixels; i < end; i++)
				scaled.data()[i] *= (float) f;
		}
		TiltSeries sm = m.subset(held), sp = scaled.subset(held);
		return Nrmse.ofMeasured(sp.data(), sm.data());
	}
}
