package org.fusedtomo.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.metrics.FourierShellCorrelation;
import org.fusedtomo.metrics.FscCriterion;
import org.fusedtomo.metrics.FscDirection;
import org.fusedtomo.metrics.FscResult;
import org.fusedtomo.metrics.HalfSetFsc;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedReconstruction;
import org.fusedtomo.recon.fused.FusedSolver;
import org.fusedtomo.report.FscPlot;
import org.fusedtomo.report.Report;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fusedtomo fsc}: half-set resolution of every given series. The projections are split even/odd,
 * each half is reconstructed with the chosen method (fused: every series split, each half fused), and
 * the halves are correlated in Fourier shells, over all directions and per axis. Writes fsc.png (all
 * channels), fsc-&lt;channel&gt;.png (per axis) and report.json.
 */
@Command(name = "fsc", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Half-set Fourier shell correlation resolution (0.143 and half-bit), overall and along x, y, z.")
final class FscCommand implements Callable<Integer> {

	@Mixin
	SeriesFiles inputs = new SeriesFiles();

	@Option(names = "--out", required = true, description = "Output folder.")
	Path out;

	@Option(names = "--method", defaultValue = "sirt", description = "fused, wbp, sirt, em or tv (default ${DEFAULT-VALUE}).")
	String method;

	@Option(names = "--iterations", defaultValue = "50", description = "Iterations of fused, sirt, em and tv (default ${DEFAULT-VALUE}).")
	int iterations;

	@Option(names = "--lambda-chem", defaultValue = "0.05", description = "fused: weight of the chemical term (default ${DEFAULT-VALUE}).")
	double lambdaChem;

	@Option(names = "--lambda-tv", description = "TV weight (default: 1e-4 for fused, 1.0 for tv).")
	Double lambdaTv;

	@Option(names = "--cone", defaultValue = "20", description = "Half-angle in degrees of the cone around each axis (default ${DEFAULT-VALUE}).")
	double cone;

	@Option(names = "--threads", description = "Threads (default: all cores).")
	Integer threads;

	@Override
	public Integer call() {
		boolean fused = method.trim().equalsIgnoreCase("fused");
		ConventionalMethod m = fused ? null : ConventionalMethod.parse(method);
		Map<String, Path> files = inputs.files();
		Map<String, TiltSeries> all = inputs.read(files);
		TiltSeries haadfSeries = all.get(SeriesFiles.HAADF);
		Map<String, TiltSeries> chemical = SeriesFiles.chemical(all);
		if (fused && chemical.isEmpty())
			throw new IllegalArgumentException("--method fused needs at least one chemical series (--chem EL=FILE)");
		Parallelism par = threads == null ? Parallelism.available() : new Parallelism(threads);
		OutputDirectory dir = new OutputDirectory(out, AtomicFiles.protecting(files.values().toArray(Path[]::new)));
		FourierShellCorrelation fsc = new FourierShellCorrelation(cone, FourierShellCorrelation.DEFAULT_TAPER_FRACTION);
		ConsoleMonitor monitor = Monitors.console();
		Report report = new Report("fsc").parameter("method", fused ? "fused" : m.key()).parameter("cone_half_angle_deg", cone)
			.section("inputs", files.values().stream().map(Path::toString).toList());
		long t0 = System.nanoTime();
		Map<String, FscResult> results;
		if (chemical.isEmpty())
			results = Map.of("HAADF", HalfSetFsc.of(haadfSeries, s -> conventional(m, s, par, monitor), fsc));
		else {
			Function<MultiModalSeries, Map<String, Volume>> reconstruct = fused ? s -> fuse(s, par, report, monitor) : s -> {
				Map<String, Volume> v = new LinkedHashMap<>();
				v.put("HAADF", conventional(m, s.haadf(), par, monitor));
				s.chemical().forEach((el, t) -> v.put(el, conventional(m, t, par, monitor.prefixed(el))));
				return v;
			};
			results = HalfSetFsc.of(new MultiModalSeries(haadfSeries, chemical), reconstruct, fsc);
		}
		monitor.endLine();
		report.timing("fsc", (System.nanoTime() - t0) * 1e-9);
		Map<String, Object> metrics = new LinkedHashMap<>();
		results.forEach((name, r) -> {
			metrics.put(name, r.summary());
			dir.png("fsc-" + name, FscPlot.of("FSC " + name + " (" + method + ")", r));
			System.out.printf(Locale.ROOT, "%-6s resolution (0.143) all %.3g, x %.3g, y %.3g, z %.3g %s%n", name, r.resolution(FscDirection.ALL, FscCriterion.FIXED_0143),
				r.resolution(FscDirection.X, FscCriterion.FIXED_0143), r.resolution(FscDirection.Y, FscCriterion.FIXED_0143), r.resolution(FscDirection.Z, FscCriterion.FIXED_0143),
				r.calibration().unit());
		});
		report.metric("fsc", metrics);
		dir.png("fsc", FscPlot.channels("FSC (" + method + ")", results));
		dir.report(report);
		System.out.println("Wrote fsc.png, " + results.size() + " per-channel plots and report.json to " + out);
		return 0;
	}

	private Volume conventional(ConventionalMethod m, TiltSeries b, Parallelism par, org.fusedtomo.progress.Monitor monitor) {
		ConventionalParameters params = new ConventionalParameters(iterations, ConventionalParameters.DEFAULT.filter(), lambdaTv == null ? ConventionalParameters.DEFAULT.lambdaTv() : lambdaTv);
		VolumeGeometry vg = VolumeGeometry.of(b.geometry(), b.width());
		return m.run(Projectors.create(vg, b.geometry(), par), b, params, par, monitor).volume();
	}

	private Map<String, Volume> fuse(MultiModalSeries s, Parallelism par, Report report, ConsoleMonitor monitor) {
		FusedParameters p = FusedParameters.DEFAULT.withSolver(FusedSolver.REFERENCE).withIterations(iterations)
			.withLambdas(FusedParameters.DEFAULT.lambdaHaadf(), lambdaChem, lambdaTv == null ? FusedParameters.DEFAULT.lambdaTv() : lambdaTv).withThreads(par.threads());
		report.parameter("fused", p);
		return FusedReconstruction.run(s, s.width(), p, monitor).volumes();
	}
}
