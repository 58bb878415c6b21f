package org.fusedtomo.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;

import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.metrics.FourierShellCorrelation;
import org.fusedtomo.metrics.FscCriterion;
import org.fusedtomo.metrics.FscDirection;
import org.fusedtomo.metrics.FscResult;
import org.fusedtomo.metrics.HalfSetFsc;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.projector.SampledProjector;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedReconstruction;
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

	@Mixin
	ReconstructionOptions options;

	@Option(names = "--cone", defaultValue = "20", description = "Half-angle in degrees of the cone around each axis (default ${DEFAULT-VALUE}).")
	double cone;

	@Override
	public Integer call() {
		// NB: not fused by default as in reconstruct: the half sets of a regularised method agree beyond what the data resolve
		// (fused on the README's simulation: 2.00* nm, the pixel bound, in every direction, z too; SIRT 10.9 nm).
		options.defaultTo("sirt", "fsc's default: half sets of a regularised method (fused, tv) agree beyond the data's resolution; --method fused measures the fused reconstruction");
		options.check();
		Map<String, Path> files = inputs.files();
		Map<String, TiltSeries> all = inputs.read(files);
		boolean fused = options.isFused();
		ConventionalMethod m = fused ? null : options.conventionalMethod();
		TiltSeries haadfSeries = all.get(SeriesFiles.HAADF);
		// NB: two half-set reconstructions of every series.
		options.checkFits(haadfSeries, 2 * all.size());
		Map<String, TiltSeries> chemical = SeriesFiles.chemical(all);
		if (fused && chemical.isEmpty())
			throw new IllegalArgumentException("--method fused needs at least one chemical series (--chem EL=FILE)");
		if (fused || m == ConventionalMethod.EM)
			SeriesFiles.noteNegativeCounts(chemical, fused ? "fused" : "em");
		SeriesFiles.noteNegativeHaadf(all.get(SeriesFiles.HAADF));
		Parallelism par = options.parallelism();
		OutputDirectory dir = new OutputDirectory(out, new AtomicFiles(inputs.protectedFiles(files)));
		FourierShellCorrelation fsc = new FourierShellCorrelation(cone, FourierShellCorrelation.DEFAULT_TAPER_FRACTION);
		ConsoleMonitor monitor = Monitors.console();
		Report report = new Report("fsc").parameter("method", fused ? "fused" : m.key()).parameter("cone_half_angle_deg", cone)
			.section("inputs", files.values().stream().map(Path::toString).toList());
		if (options.defaultReason() != null)
			report.parameter("method_default", options.defaultReason());
		if (!inputs.acquisition().isEmpty())
			report.section("acquisition", inputs.acquisition());
		// NB: as align, reconstruct and tune: the windows and tilts of --spectra (fsc wrote none of them).
		inputs.reportSpectra(report, dir);
		long t0 = System.nanoTime();
		Map<String, FscResult> results;
		// NB: a volume widened beyond the field of view (--margin) is scored on the view only: the margin holds matter no projection shows whole.
		int view = haadfSeries.width();
		// NB: the two half sets are reconstructed one after the other; each names itself, or the progress goes to 100 % twice.
		int[] half = { 0 };
		Supplier<Monitor> halfMonitor = () -> monitor.prefixed("half set " + (++half[0]) + " of 2");
		if (chemical.isEmpty())
			results = Map.of("HAADF", HalfSetFsc.of(haadfSeries, s -> conventional(m, s, par, halfMonitor.get()).centralColumns(view), fsc));
		else {
			Function<MultiModalSeries, Map<String, Volume>> reconstruct = fused ? s -> fuse(s, par, report, halfMonitor.get()) : s -> {
				Monitor h = halfMonitor.get();
				Map<String, Volume> v = new LinkedHashMap<>();
				v.put("HAADF", conventional(m, s.haadf(), par, h));
				s.chemical().forEach((el, t) -> v.put(el, conventional(m, t, s.haadf(), s.sampling(el), par, h.prefixed(el))));
				return v;
			};
			results = HalfSetFsc.of(inputs.multiModal(all, files), s -> {
				Map<String, Volume> v = new LinkedHashMap<>();
				reconstruct.apply(s).forEach((name, x) -> v.put(name, x.centralColumns(view)));
				return v;
			}, fsc);
		}
		monitor.endLine();
		report.timing("fsc", (System.nanoTime() - t0) * 1e-9);
		Map<String, Object> metrics = new LinkedHashMap<>();
		results.forEach((name, r) -> {
			metrics.put(name, r.summary());
			dir.png("fsc-" + name, FscPlot.of("FSC " + name + " (" + options.methodKey() + ")", r));
			System.out.println(resolutionLine(name, r));
		});
		report.metric("fsc", metrics);
		dir.png("fsc", FscPlot.channels("FSC (" + options.methodKey() + ")", results));
		dir.report(report);
		System.out.println("Wrote fsc.png, " + results.size() + " per-channel plot" + (results.size() == 1 ? "" : "s") + " and report.json to " + out);
		return 0;
	}

	/**
	 * One series' 0.143 resolutions, overall and per axis. A direction whose curve never falls below 0.143 is marked
	 * {@code *} and explained: its value is the last shell's, a bound set by the pixel size, not a measured resolution.
	 */
	static String resolutionLine(String name, FscResult r) {
		StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-6s resolution (0.143)", name));
		boolean bound = false;
		for (FscDirection d : FscDirection.values()) {
			boolean crossed = r.curve(d).crosses(FscCriterion.FIXED_0143);
			bound |= !crossed;
			b.append(String.format(Locale.ROOT, "%s %s %.3g%s", d == FscDirection.values()[0] ? "" : ",", d.key(), r.resolution(d, FscCriterion.FIXED_0143), crossed ? "" : "*"));
		}
		b.append(' ').append(r.calibration().unit());
		if (bound)
			b.append(" (* the FSC stays above 0.143 up to the last shell: a bound set by the pixel size, not a measured resolution)");
		return b.toString();
	}

	private Volume conventional(ConventionalMethod m, TiltSeries b, Parallelism par, Monitor monitor) {
		return m.run(Projectors.create(options.volume(b), b.geometry(), par), b, options.conventionalParameters(), par, monitor).volume();
	}

	/** A chemical series reconstructed on the HAADF grid when it lies on it at a coarser or smaller {@code sampling}. */
	private Volume conventional(ConventionalMethod m, TiltSeries b, TiltSeries haadf, ChemicalSampling sampling, Parallelism par, Monitor monitor) {
		if (sampling.isFull() && b.width() == haadf.width() && b.height() == haadf.height())
			return conventional(m, b, par, monitor);
		return m.run(SampledProjector.create(options.volume(haadf), b.geometry(), sampling, par), b, options.conventionalParameters(), par, monitor).volume();
	}

	private Map<String, Volume> fuse(MultiModalSeries s, Parallelism par, Report report, Monitor monitor) {
		FusedParameters p = options.fusedParameters(par);
		report.parameter("fused", p);
		return FusedReconstruction.run(s, options.volume(s.haadf()), p, monitor).volumes();
	}
}
