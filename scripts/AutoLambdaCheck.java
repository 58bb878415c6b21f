import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedReconstruction;
import org.fusedtomo.simulate.Phantom;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;
import org.fusedtomo.tune.AutoLambdaSettings;
import org.fusedtomo.tune.AutoLambdas;
import org.fusedtomo.tune.Evaluation;

/**
 * --auto on a simulation with truth, as `simulate --phantom P --size N --counts C --seed S` then
 * `reconstruct --method fused --auto`: the validation grid with its fold scores, paired differences to the
 * defaults and their standard errors, the choice of the one-SE rule and of the lowest mean, and the truth
 * NRMSE (full size, full iterations) of the defaults, of both choices and, with "all", of every grid point.
 * Usage: AutoLambdaCheck.java PHANTOM SIZE SEED COUNTS [all] [bin=B]
 */
public class AutoLambdaCheck {
	public static void main(String[] a) {
		String name = a[0];
		int size = Integer.parseInt(a[1]), seed = Integer.parseInt(a[2]);
		double counts = Double.parseDouble(a[3]);
		boolean all = List.of(a).contains("all");
		AutoLambdaSettings settings = AutoLambdaSettings.DEFAULT;
		for (String s : a)
			if (s.startsWith("bin="))
				settings = settings.withBin(Integer.parseInt(s.substring(4)));
			else if (s.startsWith("frac="))
				settings = settings.withIterationFraction(Double.parseDouble(s.substring(5)));
		Phantom phantom = Phantoms.create(name, VolumeGeometry.cube(size), seed);
		SimulationParameters sp = SimulationParameters.defaults().withCountsPerPixel(counts).withSeed(seed);
		SimulatedData d = new Simulator(Parallelism.available()).simulate(phantom, sp, Monitor.NONE);
		MultiModalSeries series = new MultiModalSeries(d.haadf(), d.chemical());
		FusedParameters base = FusedParameters.DEFAULT.withThreads(Runtime.getRuntime().availableProcessors());
		long t0 = System.nanoTime();
		FusedParameters dummy = base;
		double oneRecon = 0;
		AutoLambdas.Result r = AutoLambdas.choose(series, VolumeGeometry.cube(size), base, settings, Monitor.NONE);
		double[][] diff = r.pairedDifferences();
		double[] se = r.standardErrors();
		Evaluation lowest = r.evaluations().stream().min(java.util.Comparator.comparingDouble(Evaluation::value)).orElseThrow();
		System.out.printf(Locale.ROOT, "%s size %d seed %d counts %.0f bin %d: CV %.1f s%n", name, size, seed, counts, settings.bin(), r.seconds());
		System.out.println("fC    fTV   mean     SE      folds                      diff-vs-base  SE(diff)  truth");
		for (int i = 0; i < r.evaluations().size(); i++) {
			Evaluation e = r.evaluations().get(i);
			double[] f = e.parameters();
			String truth = "";
			if (all) {
				double[] t = truth(series, phantom, size, AutoLambdas.withLambdasOf(base, r.chosen()).withLambdas(base.lambdaHaadf(), base.lambdaChem() * f[0], base.lambdaTv() * f[1]));
				truth = String.format(Locale.ROOT, "%.4f (%.3f %.3f %.3f)", t[t.length - 1], t[0], t[1], t.length > 2 ? t[2] : Double.NaN);
			}
			System.out.printf(Locale.ROOT, "%-5.3g %-5.3g %.5f %.5f %-26s %+.5f      %.5f   %s%s%s%n", f[0], f[1], e.value(), se[i], fmt(r.foldScores().get(i)), diff[i][0], diff[i][1], truth,
				e == r.best() ? "  <- one-SE rule" : "", e == lowest ? "  <- lowest mean" : "");
		}
		double[] td = truth(series, phantom, size, base);
		System.out.printf(Locale.ROOT, "truth defaults %s%n", fmt(td));
		if (!all) {
			if (r.best() != r.baseEvaluation())
				System.out.printf(Locale.ROOT, "truth rule %s%n", fmt(truth(series, phantom, size, r.chosen())));
			if (lowest != r.baseEvaluation()) {
				double[] f = lowest.parameters();
				System.out.printf(Locale.ROOT, "truth lowest %s%n", fmt(truth(series, phantom, size, base.withLambdas(base.lambdaHaadf(), base.lambdaChem() * f[0], base.lambdaTv() * f[1]))));
			}
		}
	}

	static double[] truth(MultiModalSeries series, Phantom phantom, int size, FusedParameters p) {
		Map<String, Volume> x = FusedReconstruction.run(series, size, p, Monitor.NONE).volumes();
		List<String> els = series.elements();
		double[] t = new double[els.size() + 1];
		for (int i = 0; i < els.size(); i++) {
			t[i] = Nrmse.of(x.get(els.get(i)), phantom.density(els.get(i)));
			t[els.size()] += t[i] / els.size();
		}
		return t;
	}

	static String fmt(double[] v) {
		StringBuilder b = new StringBuilder();
		for (double x : v)
			b.append(String.format(Locale.ROOT, "%.4f ", x));
		return b.toString().trim();
	}
}
