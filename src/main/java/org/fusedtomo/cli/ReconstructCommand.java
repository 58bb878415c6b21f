package org.fusedtomo.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.fusedtomo.recon.Reconstruction;
import org.fusedtomo.recon.WbpFilter;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedReconstruction;
import org.fusedtomo.recon.fused.FusedResult;
import org.fusedtomo.recon.fused.FusedSolver;
import org.fusedtomo.recon.fused.WeightMethod;
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

	@Option(names = "--method", defaultValue = "sirt", description = "fused, wbp, sirt, em or tv (default ${DEFAULT-VALUE}).")
	String method;

	@Option(names = "--iterations", defaultValue = "50", description = "Iterations of fused, sirt, em and tv (default ${DEFAULT-VALUE}).")
	int iterations;

	@Option(names = "--gamma", defaultValue = "1.6", description = "fused: HAADF exponent of sum w_e x_e^gamma (default ${DEFAULT-VALUE}).")
	double gamma;

	@Option(names = "--lambda-haadf", defaultValue = "10", description = "fused: HAADF step factor of the reference solver (default ${DEFAULT-VALUE}).")
	double lambdaHaadf;

	@Option(names = "--lambda-chem", defaultValue = "0.05", description = "fused: weight of the Poisson chemical term (default ${DEFAULT-VALUE}).")
	double lambdaChem;

	@Option(names = "--solver", defaultValue = "reference", description = "fused: reference (tomo_TV scheme) or proximal (monotone FISTA) (default ${DEFAULT-VALUE}).")
	String solver;

	@Option(names = "--weights", defaultValue = "3", description = "fused: Z weighting 0: 1, 1: Z/mean Z, 2: Z^g/mean Z^g, 3: Z/sum Z, 4: Z^g/sum Z^g (default ${DEFAULT-VALUE}).")
	int weights;

	@Option(names = "--filter", defaultValue = "shepp_logan", description = "WBP filter: ram_lak, shepp_logan, cosine, hann (default ${DEFAULT-VALUE}).")
	String filter;

	@Option(names = "--lambda-tv", description = "TV weight (default: 1e-4 for fused on normalised data, 1.0 for tv).")
	Double lambdaTv;

	@Option(names = "--depth", description = "Volume thickness z in voxels (default: the projection width).")
	Integer depth;

	@Option(names = "--threads", description = "Threads (default: all cores).")
	Integer threads;

	@Option(names = "--truth", description = "Folder of <El>.tif truth volumes; NRMSE is printed and stored.")
	Path truth;

	@Override
	public Integer call() {
		boolean fused = method.trim().equalsIgnoreCase("fused");
		ConventionalMethod m = fused ? null : ConventionalMethod.parse(method);
		Map<String, Path> files = inputs.files();
		Map<String, TiltSeries> series = inputs.read(files);
		Map<String, Volume> truths = truth == null ? Map.of() : TiffSeries.readElementVolumes(truth);
		OutputDirectory dir = new OutputDirectory(out, AtomicFiles.protecting(files.values().toArray(Path[]::new)));
		Parallelism par = threads == null ? Parallelism.available() : new Parallelism(threads);
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
		FusedParameters p = new FusedParameters(gamma, lambdaHaadf, lambdaChem, lambdaTv == null ? FusedParameters.DEFAULT.lambdaTv() : lambdaTv,
			iterations, FusedParameters.DEFAULT.emIterations(), FusedParameters.DEFAULT.sirtIterations(), FusedParameters.DEFAULT.tvIterations(),
			FusedParameters.DEFAULT.epsilon(), WeightMethod.ofCode(weights), FusedSolver.parse(solver), par.threads());
		report.parameter("fused", p);
		long t0 = System.nanoTime();
		FusedResult r = FusedReconstruction.run(new MultiModalSeries(haadfSeries, chemical), depth == null ? haadfSeries.width() : depth, p, monitor);
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
		ConventionalParameters params = new ConventionalParameters(iterations, parseFilter(filter), lambdaTv == null ? ConventionalParameters.DEFAULT.lambdaTv() : lambdaTv);
		report.parameter("conventional", params);
		Map<String, Volume> volumes = new LinkedHashMap<>();
		for (Map.Entry<String, TiltSeries> e : series.entrySet()) {
			String name = e.getKey();
			TiltSeries b = e.getValue();
			VolumeGeometry vg = new VolumeGeometry(b.width(), b.height(), depth == null ? b.width() : depth);
			long t0 = System.nanoTime();
			Reconstruction r = m.run(Projectors.create(vg, b.geometry(), par), b, params, par, monitor.prefixed(name));
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


	static WbpFilter parseFilter(String name) {
		try {
			return WbpFilter.valueOf(name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("Unknown --filter '" + name + "'; use ram_lak, shepp_logan, cosine or hann");
		}
	}
}
