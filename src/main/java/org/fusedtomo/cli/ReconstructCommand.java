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

	@Override
	public Integer call() {
		boolean fused = options.isFused();
		ConventionalMethod m = fused ? null : options.conventionalMethod();
		Map<String, Path> files = inputs.files();
		Map<String, TiltSeries> series = inputs.read(files);
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
}
