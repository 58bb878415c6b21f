import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.fusedtomo.data.Binning;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.CostHistory;
import org.fusedtomo.recon.fused.FusedMethod;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedProblem;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;

/**
 * The count levels of a simulation at full size and binned b x b (averaged), and the final cost terms of the
 * default fused reconstruction at full size and of the binned one (λ_C / b², λ_TV / b²) with the levels read from
 * the binned data and with the full-size levels x b² (what --auto's cross-validation does since session 19's
 * second look). Usage: BinnedTermsCheck.java PHANTOM SIZE SEED COUNTS B
 */
public class BinnedTermsCheck {
	public static void main(String[] a) {
		int size = Integer.parseInt(a[1]), seed = Integer.parseInt(a[2]), b = Integer.parseInt(a[4]);
		SimulatedData d = new Simulator(Parallelism.available()).simulate(Phantoms.create(a[0], VolumeGeometry.cube(size), seed),
			SimulationParameters.defaults().withCountsPerPixel(Double.parseDouble(a[3])).withSeed(seed), Monitor.NONE);
		MultiModalSeries full = new MultiModalSeries(d.haadf(), d.chemical());
		Map<String, TiltSeries> chem = new LinkedHashMap<>();
		full.chemical().forEach((el, s) -> chem.put(el, Binning.bin(s, b)));
		MultiModalSeries binned = new MultiModalSeries(Binning.bin(full.haadf(), b), chem);
		Map<String, Double> lf = FusedProblem.countLevelsByElement(full), lb = FusedProblem.countLevelsByElement(binned), fixed = new LinkedHashMap<>();
		lf.forEach((el, n) -> fixed.put(el, n * b * b));
		lf.forEach((el, n) -> System.out.printf(Locale.ROOT, "%s: level full %.2f, read from binned %.2f (x %.2f), fixed %.2f (x %d)%n", el, n, lb.get(el), lb.get(el) / n, fixed.get(el), b * b));
		FusedParameters p = FusedParameters.DEFAULT.withThreads(Runtime.getRuntime().availableProcessors());
		FusedParameters q = p.withLambdas(p.lambdaHaadf(), p.lambdaChem() / (b * b), p.lambdaTv() / (b * b));
		terms("full", new FusedMethod(p).reconstruct(full, VolumeGeometry.cube(size), new Parallelism(p.threads()), Monitor.NONE).history(), p);
		VolumeGeometry vb = VolumeGeometry.of(binned.haadf().geometry(), size / b);
		terms("binned, read levels", new FusedMethod(q).reconstruct(binned, vb, new Parallelism(p.threads()), Monitor.NONE).history(), q);
		terms("binned, full x b^2", new FusedMethod(q, null, fixed).reconstruct(binned, vb, new Parallelism(p.threads()), Monitor.NONE).history(), q);
	}

	static void terms(String name, CostHistory h, FusedParameters p) {
		double hd = last(h, "haadf"), c = p.lambdaChem() * last(h, "chem"), t = p.lambdaTv() * last(h, "tv");
		System.out.printf(Locale.ROOT, "%-22s haadf %.4g  lambda_C chem %.4g (unweighted by lambda %.4g)  lambda_TV tv %.4g (%.4g)  chem/haadf %.3g  tv/haadf %.3g%n", name, hd, c,
			c / p.lambdaChem(), t, t / p.lambdaTv(), c / hd, t / hd);
	}

	static double last(CostHistory h, String term) {
		double[] v = h.values(term);
		return v[v.length - 1];
	}
}
