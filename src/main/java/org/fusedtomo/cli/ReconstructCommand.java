package org.fusedtomo.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.TiffSeries;
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

	@Mixin
	SeriesFiles inputs;

	@Option(names = "--out", required = true, description = "Output folder.")
	Path out;

	@Mixin
	ReconstructionOptions options;

	@Option(names = "--truth", description = "Folder of <El>.tif truth volumes; NRMSE is printed and stored.")
	Path truth;

	@Option(names = "--hold-out-chem", paramLabel = "N",
		description = "Reconstruct from every N-th chemical tilt only (indices 0, N, 2N, ...; N >= 2) and store the NRMSE of the predicted (reprojected) vs measured held-out chemical maps.")
	Integer holdOutEvery;

	@Override
	public Integer call() {
		boolean fused = options.isFused();
		ConventionalMethod m = fused ? null : options.conventionalMethod();
		Map<String, Path> files = inputs.files();
		Map<String, TiltSeries> series = inputs.read(files);
		Map<String, TiltSeries> heldOut = holdOut(series);
		Map<String, Volume> truths = truth == null ? Map.of() : TiffSeries.readElementVolumes(truth);
		OutputDirectory dir = new OutputDirectory(out, AtomicFiles.protecting(files.values().toArray(Path[]::new)));
		Parallelism par = options.parallelism();
		Report report = new Report("reconstruct").parameter("method", fused ? "fused" : m.key())
			.section("inputs", files.values().stream().map(Path::toString).toList());
		ConsoleMonitor monitor = Monitors.console();
		Map<String, Volume> volumes = fused ? fuse(series, par, report, dir, monitor) : conventional(m, series, par, report, dir, monitor);
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
			report.parameter("hold_out_chem_every", holdOutEvery).metric("heldout_chem_nrmse", predicted)
				.metric("heldout_chem_nrmse_mean", predicted.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
		}
		dir.png("orthoslices", Orthoslices.montage(fused ? "fused" : m.key(), volumes));
		dir.report(report);
		System.out.println("Wrote " + String.join(", ", volumes.keySet()) + " (" + (fused ? "fused" : m.key()) + ") to " + out);
		return 0;
	}

	/** One fused reconstruction of all elements from the HAADF series and every chemical series. */
	private Map<String, Volume> fuse(Map<String, TiltSeries> series, Parallelism par, Report report, OutputDirectory dir, ConsoleMonitor monitor) {
		TiltSeries haadfSeries = series.get(SeriesFiles.HAADF);
		Map<String, TiltSeries> chemical = SeriesFiles.chemical(series);
		if (chemical.isEmpty())
			throw new IllegalArgumentException("--method fused needs at least one chemical series (--chem EL=FILE)");
		FusedParameters p = options.fusedParameters(par);
		report.parameter("fused", p);
		long t0 = System.nanoTime();
		FusedResult r = FusedReconstruction.run(new MultiModalSeries(haadfSeries, chemical), options.volume(haadfSeries), p, monitor);
		monitor.endLine();
		report.timing("fused", (System.nanoTime() - t0) * 1e-9).history("fused", r.history());
		dir.png("convergence-fused", ConvergencePlot.of("fused (" + p.solver().key() + ")", r.history()));
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
	 * With {@code --hold-out-chem N}, replaces each chemical series by its tilts 0, N, 2N, ... and returns
	 * the others, by element; empty without the option.
	 */
	private Map<String, TiltSeries> holdOut(Map<String, TiltSeries> series) {
		Map<String, TiltSeries> heldOut = new LinkedHashMap<>();
		if (holdOutEvery == null)
			return heldOut;
		if (holdOutEvery < 2)
			throw new IllegalArgumentException("--hold-out-chem must be at least 2, got " + holdOutEvery);
		for (String name : SeriesFiles.chemical(series).keySet()) {
			TiltSeries s = series.get(name);
			int n = s.angleCount();
			int[] kept = java.util.stream.IntStream.range(0, n).filter(i -> i % holdOutEvery == 0).toArray();
			int[] others = java.util.stream.IntStream.range(0, n).filter(i -> i % holdOutEvery != 0).toArray();
			if (others.length == 0)
				throw new IllegalArgumentException("--hold-out-chem " + holdOutEvery + " holds out nothing of " + name + " (" + n + " tilts)");
			series.put(name, s.subset(kept));
			heldOut.put(name, s.subset(others));
		}
		if (heldOut.isEmpty())
			throw new IllegalArgumentException("--hold-out-chem needs chemical series (--chem EL=FILE)");
		return heldOut;
	}
}
