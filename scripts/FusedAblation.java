// One-cell ablations of the default fused method for docs/fused-study.md ("What did not help at 80 counts"):
// simulates PHANTOM at SEED (64³ unless -Dsize=N; 47 HAADF tilts at -Dhdose electrons, default 1e4; 9 chemical
// tilts) at each of COUNTS, runs FusedParameters.DEFAULT changed by each CONFIG and prints NRMSE per element,
// their mean and the total cost at iteration 10, half-way and last. A CONFIG is name:key=value;key=value with keys
// lc (λ_C), ltv (λ_TV), guide, it (iterations), em (EM start iterations), joint (1 = joint TV), gamma, w (weights
// code), tvi (FGP iterations of the proximal solver's TV prox), ic (1 = interface coupling). Run from the repository root after building (./fusedtomo --help), e.g.
//   java -cp "target/classes:$(ls target/lib/*.jar | tr '\n' :)" scripts/FusedAblation.java core-shell 1 80 base 'it100:it=100'
import java.util.*;
import org.fusedtomo.data.*;
import org.fusedtomo.geometry.*;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.fused.*;
import org.fusedtomo.simulate.*;
import org.fusedtomo.study.StudyParameters;

public class FusedAblation {
	public static void main(String[] a) {
		if (a.length < 4)
			throw new IllegalArgumentException("Usage: FusedAblation PHANTOM SEED COUNTS[,COUNTS...] CONFIG...; got " + a.length + " arguments");
		String phantomName = a[0];
		long seed = Long.parseLong(a[1]);
		int size = Integer.parseInt(System.getProperty("size", "64"));
		Parallelism par = new Parallelism(2);
		Phantom ph = Phantoms.create(phantomName, VolumeGeometry.cube(size), seed);
		for (String c : a[2].split(",")) {
			double counts = Double.parseDouble(c);
			SimulationParameters sp = SimulationParameters.defaults().withChemAnglesDeg(StudyParameters.chemAngles(9)).withCountsPerPixel(counts).withSeed(seed).withHaadfDose(Double.parseDouble(System.getProperty("hdose", "1e4")));
			SimulatedData data = new Simulator(par).simulate(ph, sp);
			MultiModalSeries s = new MultiModalSeries(data.haadf(), data.chemical());
			for (int i = 3; i < a.length; i++) {
				FusedParameters p = FusedParameters.DEFAULT.withThreads(2);
				String[] nv = a[i].split(":", 2);
				if (nv.length > 1 && !nv[1].isEmpty())
					for (String kv : nv[1].split(";")) {
						String[] k = kv.split("=");
						double v = Double.parseDouble(k[1]);
						switch (k[0]) {
							case "lc" -> p = p.withLambdaChem(v);
							case "ltv" -> p = p.withLambdaTv(v);
							case "guide" -> p = p.withTvGuide(v);
							case "it" -> p = p.withIterations((int) v);
							case "em" -> p = p.withEmIterations((int) v);
							case "joint" -> p = p.withJointTv(v > 0);
							case "ic" -> p = p.withInterfaceCoupling(v > 0);
							case "gamma" -> p = p.withModel(p.model().withGamma(v));
							case "w" -> p = p.withWeightMethod(WeightMethod.ofCode((int) v));
							case "tvi" -> p = p.withProximalSolver(new ProximalSolverSettings((int) v));
							default -> throw new IllegalArgumentException(k[0]);
						}
					}
				long t0 = System.nanoTime();
				FusedResult r = new FusedMethod(p).reconstruct(s, data.truth().geometry(), par, Monitor.NONE);
				StringBuilder sb = new StringBuilder(String.format("%s seed %d counts %.0f %-28s", phantomName, seed, counts, nv[0]));
				double mean = 0;
				for (String el : data.truth().elements()) {
					double e = Nrmse.of(r.volumes().get(el), data.truth().density(el));
					mean += e / data.truth().elements().size();
					sb.append(String.format(" %s %.4f", el, e));
				}
				sb.append(String.format(" mean %.4f", mean));
				double[] tot = r.history().values(r.history().terms().get(r.history().terms().size() - 1));
				int n = tot.length;
				sb.append(String.format(" | %s %.6g@%d %.6g@%d %.6g@%d  (%.0fs)", r.history().terms(), tot[Math.min(9, n - 1)], 10, tot[n / 2], n / 2, tot[n - 1], n, (System.nanoTime() - t0) * 1e-9));
				System.out.println(sb);
			}
		}
	}
}
