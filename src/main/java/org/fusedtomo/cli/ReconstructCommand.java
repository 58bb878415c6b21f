package org.fusedtomo.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.metrics.HaadfChemistryFit;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.fusedtomo.recon.Reconstruction;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedReconstruction;
import org.fusedtomo.recon.fused.FusedResult;
import org.fusedtomo.report.ConvergencePlot;
import org.fusedtomo.report.Orthoslices;
import org.fusedtomo.report.Report;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fusedtomo reconstruct}: reconstructs every given series with one method and writes
 * {@code HAADF.tif} and one {@code <El>.tif} per chemical series, report.json and pictures.
 */
@Command(name = "reconstruct", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Reconstruct tilt series: fused (HAADF + chemistry jointly), or wbp, sirt, em, tv on each series.")
final class ReconstructCommand implements Callable<Integer> {

	/** The HAADF-chemistry fit bins projections to about this many pixels across, against Poisson noise. */
	static final int FIT_SIZE = 16;

	@Mixin
	SeriesFiles inputs;

	@Option(names = "--out", required = true, description = "Output folder.")
	Path out;

	@Mixin
	ReconstructionOptions options;

	@Option(names = "--truth", description = "Folder of <El>.tif truth volumes; NRMSE is printed and stored.")
	Path truth;

	@Option(names = "--compare-with", paramLabel = "DIR",
		description = "Folder of <El>.tif volumes of another run (e.g. EM): comparison.png shows their orthoslices next to this run's, element by element.")
	Path compareWith;

	@Option(names = "--hold-out-chem", paramLabel = "N",
		description = "Reconstruct from every N-th chemical tilt only (indices 0, N, 2N, ...; N >= 2) and store the NRMSE of the predicted (reprojected) vs measured held-out chemical maps.")
	Integer holdOutEvery;

	@Option(names = "--leave-out-chem", paramLabel = "N:K",
		description = "Hold out the chemical tilts i = K, K+N, K+2N, ... (0 <= K < N), reconstruct from the others and score the prediction as --hold-out-chem does; K = 0..N-1 is an N-fold cross-validation.")
	String leaveOut;

	@Override
	public Integer call() {
		boolean fused = options.isFused();
		ConventionalMethod m = fused ? null : options.conventionalMethod();
		Parallelism par = options.parallelism();
		// NB: settings first, so that a bad or conflicting option fails before any file is read.
		FusedParameters fusedSettings = fused ? options.fusedParameters(par) : null;
		Map<String, Path> files = inputs.files();
		Map<String, TiltSeries> series = inputs.read(files);
		Map<String, TiltSeries> heldOut = holdOut(series);
		Map<String, Volume> truths = truth == null ? Map.of() : TiffSeries.readElementVolumes(truth);
		Map<String, Volume> others = compareWith == null ? Map.of() : TiffSeries.readElementVolumes(compareWith);
		OutputDirectory dir = new OutputDirectory(out, AtomicFiles.protecting(files.values().toArray(Path[]::new)));
		Report report = new Report("reconstruct").parameter("method", fused ? "fused" : m.key())
			.section("inputs", files.values().stream().map(Path::toString).toList());
		ConsoleMonitor monitor = Monitors.console();
		Map<String, Volume> volumes = fused ? fuse(series, fusedSettings, par, report, dir, monitor) : conventional(m, series, par, report, dir, monitor);
		Map<String, Double> nrmse = new LinkedHashMap<>();
		volumes.forEach((name, v) -> {
			Volume t = truths.get(name);
			if (t != null) {
				nrmse.put(name, Nrmse.of(v, t));
				System.out.printf("NRMSE %-6s %.4f%n", name, nrmse.get(name));
			}
		});
		if (!nrmse.isEmpty())
			report.metric("nrmse", nrmse).metric("nrmse_mean", nrmse.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
		if (!heldOut.isEmpty()) {
			Map<String, Double> predicted = new LinkedHashMap<>();
			heldOut.forEach((name, measured) -> {
				Volume v = volumes.get(name);
				TiltSeries model = Projectors.create(v.geometry(), measured.geometry(), par).forward(v);
				predicted.put(name, Nrmse.of(model.data(), measured.data()));
				System.out.printf("held-out NRMSE %-6s %.4f (%d tilts)%n", name, predicted.get(name), measured.angleCount());
			});
			report.parameter("hold_out_chem_every", holdOutEvery).parameter("leave_out_chem", leaveOut).metric("heldout_chem_nrmse", predicted)
				.metric("heldout_chem_nrmse_mean", predicted.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
		}
		dir.png("orthoslices", Orthoslices.montage(fused ? "fused" : m.key(), volumes));
		if (compareWith != null)
			dir.png("comparison", comparison(fused ? "fused" : m.key(), volumes, others));
		dir.report(report);
		System.out.println("Wrote " + String.join(", ", volumes.keySet()) + " (" + (fused ? "fused" : m.key()) + ") to " + out);
		return 0;
	}

	/** Each volume's orthoslices above those of the same name in {@code --compare-with}; names it lacks are left out. */
	private ij.ImagePlus comparison(String method, Map<String, Volume> volumes, Map<String, Volume> other) {
		String otherName = compareWith.getFileName() == null ? compareWith.toString() : compareWith.getFileName().toString();
		Map<String, Volume> rows = new LinkedHashMap<>();
		volumes.forEach((name, v) -> {
			if (other.containsKey(name)) {
				rows.put(name + " " + method, v);
				rows.put(name + " " + otherName, other.get(name));
			}
		});
		if (rows.isEmpty())
			throw new InvalidInputException(compareWith, "holds none of " + String.join(", ", volumes.keySet()) + " as <El>.tif to compare with");
		return Orthoslices.montage(method + " vs " + otherName, rows);
	}

	/**
	 * Prints and stores how well the chemical maps explain the HAADF linearly, binned to about
	 * {@value #FIT_SIZE} pixels across, and warns about elements the fused model cannot fit.
	 */
	private static void reportFit(TiltSeries haadf, Map<String, TiltSeries> chemical, Report report) {
		HaadfChemistryFit fit;
		try {
			fit = HaadfChemistryFit.of(haadf, chemical, Math.max(1, Math.min(haadf.width(), haadf.height()) / FIT_SIZE));
		}
		catch (IllegalArgumentException e) {
			// NB: a diagnostic only; fusing does not need shared tilts or equal sizes.
			System.out.println("HAADF vs chemistry fit skipped: " + e.getMessage());
			return;
		}
		report.metric("haadf_chem_fit", fit);
		System.out.printf("HAADF vs chemistry (linear fit over %d shared tilts, bin %d): R^2 %.2f%n", fit.tilts(), fit.bin(), fit.rSquared());
		if (!fit.negative().isEmpty())
			System.out.println("Warning: negative fit coefficient for " + String.join(", ", fit.negative())
				+ ": darker where the HAADF is brighter; the HAADF term, whose weights are all positive, pulls them the wrong way (see docs/real-data.md, IDP).");
	}

	/** One fused reconstruction of all elements from the HAADF series and every chemical series. */
	private Map<String, Volume> fuse(Map<String, TiltSeries> series, FusedParameters p, Parallelism par, Report report, OutputDirectory dir, ConsoleMonitor monitor) {
		TiltSeries haadfSeries = series.get(SeriesFiles.HAADF);
		Map<String, TiltSeries> chemical = SeriesFiles.chemical(series);
		if (chemical.isEmpty())
			throw new IllegalArgumentException("--method fused needs at least one chemical series (--chem EL=FILE)");
		report.parameter("fused", p);
		reportFit(haadfSeries, chemical, report);
		long t0 = System.nanoTime();
		FusedResult r = FusedReconstruction.run(new MultiModalSeries(haadfSeries, chemical), options.volume(haadfSeries), p, monitor);
		monitor.endLine();
		report.timing("fused", (System.nanoTime() - t0) * 1e-9).history("fused", r.history());
		dir.png("convergence-fused", ConvergencePlot.of("fused (" + p.solver().key() + ")", r.history()));
		if (r.haadfGuide() != null) {
			// NB: not in the returned map, so --truth and --compare-with see elements only.
			dir.volume("HAADF-guide", r.haadfGuide());
			dir.png("haadf-guide", Orthoslices.montage("HAADF guide", Map.of("HAADF guide", r.haadfGuide())));
		}
		Map<String, Volume> volumes = new LinkedHashMap<>();
		r.volumes().forEach((el, v) -> {
			Volume c = v.withCalibration(haadfSeries.calibration());
			volumes.put(el, c);
			dir.volume(el, c);
		});
		return volumes;
	}

	/** Each series reconstructed on its own with one conventional method. */
	private Map<String, Volume> conventional(ConventionalMethod m, Map<String, TiltSeries> series, Parallelism par, Report report, OutputDirectory dir, ConsoleMonitor monitor) {
		ConventionalParameters params = options.conventionalParameters();
		report.parameter("conventional", params);
		Map<String, Volume> volumes = new LinkedHashMap<>();
		for (Map.Entry<String, TiltSeries> e : series.entrySet()) {
			String name = e.getKey();
			TiltSeries b = e.getValue();
			long t0 = System.nanoTime();
			Reconstruction r = m.run(Projectors.create(options.volume(b), b.geometry(), par), b, params, par, monitor.prefixed(name));
			monitor.endLine();
			report.timing(name, (System.nanoTime() - t0) * 1e-9);
			Volume v = r.volume().withCalibration(b.calibration());
			volumes.put(name, v);
			dir.volume(name, v);
			if (!r.history().isEmpty()) {
				report.history(name, r.history());
				dir.png("convergence-" + name, ConvergencePlot.of(m.key() + " " + name, r.history()));
			}
		}
		return volumes;
	}

	/**
	 * With {@code --hold-out-chem N} or {@code --leave-out-chem N:K}, replaces each chemical series by the
	 * tilts it keeps and returns the held-out ones, by element; empty without either option.
	 */
	private Map<String, TiltSeries> holdOut(Map<String, TiltSeries> series) {
		Map<String, TiltSeries> heldOut = new LinkedHashMap<>();
		if (holdOutEvery == null && leaveOut == null)
			return heldOut;
		if (holdOutEvery != null && leaveOut != null)
			throw new IllegalArgumentException("Give --hold-out-chem or --leave-out-chem, not both");
		java.util.function.IntPredicate held;
		String option;
		if (holdOutEvery != null) {
			if (holdOutEvery < 2)
				throw new IllegalArgumentException("--hold-out-chem must be at least 2, got " + holdOutEvery);
			int every = holdOutEvery;
			held = i -> i % every != 0;
			option = "--hold-out-chem " + every;
		}
		else {
			int[] nk = parseFold(leaveOut);
			held = i -> i % nk[0] == nk[1];
			option = "--leave-out-chem " + leaveOut;
		}
		for (String name : SeriesFiles.chemical(series).keySet()) {
			TiltSeries s = series.get(name);
			int n = s.angleCount();
			int[] kept = java.util.stream.IntStream.range(0, n).filter(held.negate()).toArray();
			int[] others = java.util.stream.IntStream.range(0, n).filter(held).toArray();
			if (others.length == 0 || kept.length == 0)
				throw new IllegalArgumentException(option + " holds out " + others.length + " of the " + n + " tilts of " + name + "; both parts need a tilt");
			series.put(name, s.subset(kept));
			heldOut.put(name, s.subset(others));
		}
		if (heldOut.isEmpty())
			throw new IllegalArgumentException(option + " needs chemical series (--chem EL=FILE)");
		return heldOut;
	}

	/** {@code N:K} of {@code --leave-out-chem} as {N, K}, with N ≥ 2 and 0 ≤ K < N. */
	static int[] parseFold(String value) {
		String[] parts = value.split(":");
		try {
			if (parts.length == 2) {
				int n = Integer.parseInt(parts[0].trim()), k = Integer.parseInt(parts[1].trim());
				if (n >= 2 && k >= 0 && k < n)
					return new int[] { n, k };
			}
		}
		catch (NumberFormatException e) {
			// reported below
		}
		throw new IllegalArgumentException("--leave-out-chem '" + value + "' is not N:K with N >= 2 and 0 <= K < N, e.g. 4:0");
	}
}
