package org.fusedtomo.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.align.ModelAlignment;
import org.fusedtomo.align.SurveyRegistration;
import org.fusedtomo.align.SurveyRegistrationJson;
import org.fusedtomo.data.CentralSlices;
import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.MissingData;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.readers.SeriesReaders;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.metrics.HaadfChemistryFit;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.ProjectorFactory;
import org.fusedtomo.projector.SampledProjector;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.fusedtomo.recon.PerSeriesReconstruction;
import org.fusedtomo.recon.ReconstructionEngine;
import org.fusedtomo.recon.fused.FusedEngine;
import org.fusedtomo.recon.fused.FusedMethod;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedResult;
import org.fusedtomo.report.ConvergencePlot;
import org.fusedtomo.report.EfficiencyPlot;
import org.fusedtomo.report.Orthoslices;
import org.fusedtomo.report.Report;
import org.fusedtomo.report.TuningPlots;
import org.fusedtomo.tune.AutoLambdaSettings;
import org.fusedtomo.tune.AutoLambdas;
import org.fusedtomo.tune.Evaluation;
import org.fusedtomo.tune.HeldOutChemistry;
import org.fusedtomo.tune.TiltEfficiency;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fusedtomo reconstruct}: reconstructs every given series with one method and writes
 * {@code HAADF.tif} and one {@code <El>.tif} per chemical series, report.json and pictures. Chemical maps with
 * survey images ({@link SurveyFiles}) are first moved onto the (aligned) HAADF series.
 */
@Command(name = "reconstruct", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Reconstruct tilt series: fused (HAADF + chemistry jointly), or wbp, sirt, em, tv on each series.")
final class ReconstructCommand implements Callable<Integer> {

	/** The HAADF-chemistry fit bins projections to about this many pixels across, against Poisson noise. */
	static final int FIT_SIZE = 16;

	@Mixin
	SeriesFiles inputs;

	@Mixin
	SurveyFiles surveys;

	@Option(names = "--out", required = true, description = "Output folder.")
	Path out;

	@Mixin
	ReconstructionOptions options;

	@Mixin
	EngineOptions engineOptions;

	@Option(names = "--truth", description = "Folder of <El>.tif truth volumes; NRMSE is printed and stored.")
	Path truth;

	@Option(names = "--compare-with", paramLabel = "DIR",
		description = "Folder of <El>.tif volumes of another run (e.g. EM): comparison.png shows their orthoslices next to this run's, element by element.")
	Path compareWith;

	@Option(names = "--alignment", paramLabel = "FILE",
		description = "alignment.json of align, applied inside the forward model: the series are RAW (unaligned, e.g. written by align --alignment identity.json) and their counts are never resampled; pixels the aligned frame does not cover are left out. wbp resamples the series instead.")
	Path alignmentFile;

	@Option(names = "--hold-out-chem", paramLabel = "N",
		description = "Reconstruct from every N-th chemical tilt only (indices 0, N, 2N, ...; N >= 2) and store the NRMSE of the predicted (reprojected) vs measured held-out chemical maps.")
	Integer holdOutEvery;

	@Option(names = "--leave-out-chem", paramLabel = "N:K",
		description = "Hold out the chemical tilts i = K, K+N, K+2N, ... (0 <= K < N), reconstruct from the others and score the prediction as --hold-out-chem does; K = 0..N-1 is an N-fold cross-validation.")
	String leaveOut;

	@Option(names = "--auto",
		description = "fused: choose --lambda-chem and --lambda-tv by k-fold cross-validation on held-out chemical tilts (a grid of factors around the defaults), then reconstruct from all tilts with them; report.json and auto-lambdas.png hold every score. The grid is centred on the default lambdas.")
	boolean auto;

	@Option(names = "--auto-folds", paramLabel = "K", description = "--auto: folds of the cross-validation; fold k holds out chemical tilts i = k (mod K) (default 3).")
	Integer autoFolds;

	@Option(names = "--auto-grid", paramLabel = "N", description = "--auto: N x N grid of factors from 0.25 to 4 on lambda_chem and lambda_tv (default 3: 0.25, 1, 4).")
	Integer autoGrid;

	@Spec
	CommandSpec spec;

	/** The engine of {@code --engine spark}, null for this JVM's threads. */
	private ReconstructionEngine engine;

	/** What makes each series' projector: the default, or the alignment of {@code --alignment} in the forward model. */
	private ProjectorFactory projectors = ProjectorFactory.TOMOGRAPHY;

	@Override
	public Integer call() {
		// NB: settings first, so that a bad or conflicting option fails before any file is read.
		FusedParameters fusedSettings = checkedSettings();
		OptionChecks.folder("--truth", truth);
		OptionChecks.folder("--compare-with", compareWith);
		Parallelism par = options.parallelism();
		Map<String, Path> files = inputs.files();
		// NB: outputs are checked against every input, its sidecars and the volumes compared with, before anything is read or computed.
		List<Path> protect = inputs.protectedFiles(files);
		for (Path survey : surveys.given(inputs))
			protect.addAll(SeriesReaders.withCompanions(survey));
		if (alignmentFile != null)
			protect.add(alignmentFile);
		protect.addAll(filesIn(truth));
		protect.addAll(filesIn(compareWith));
		OutputDirectory dir = new OutputDirectory(out, AtomicFiles.protecting(protect.toArray(Path[]::new))).checkNames(outputNames(files.keySet()));
		Map<String, TiltSeries> series = inputs.read(files);
		// NB: without --method, maps inside the --haadf file (HDF5, EMD, recipes) make the default fused too; known only now.
		if (options.chooseDefault(SeriesFiles.chemical(series).keySet()))
			fusedSettings = options.fusedParameters(par);
		boolean fused = options.isFused();
		ConventionalMethod m = fused ? null : options.conventionalMethod();
		if (fused || m == ConventionalMethod.EM)
			SeriesFiles.noteNegativeCounts(SeriesFiles.chemical(series), fused ? "fused" : "em");
		SeriesFiles.noteNegativeHaadf(series.get(SeriesFiles.HAADF));
		boolean remote = engineOptions.isRemote(options.methodKey());
		dir.checkNames(outputNames(series.keySet()));
		if (inputs.spectra != null)
			dir.checkNames(MapOptions.outputNames());
		options.checkFits(series.get(SeriesFiles.HAADF), series.size());
		Map<String, Path> surveyFiles = surveys.files(SeriesFiles.chemical(series).keySet(), inputs);
		Map<String, ChemicalSampling> samplings = inputs.samplings(series, files);
		// NB: the HAADF series is taken as aligned; each surveyed map is moved onto the window the registration found (its sampling), before any tilts are held out.
		Map<String, SurveyRegistration> registrations = SurveyFiles.register(surveyFiles, series, files, inputs);
		registrations.forEach((element, r) -> {
			series.put(element, r.moved(series.get(element), ShiftInterpolation.MISSING));
			samplings.put(element, r.sampling());
		});
		// NB: before tilts are held out, so that the held-out maps are scored in their raw frame, uncovered pixels left out.
		String alignmentNote = alignmentFile == null ? null : alignInModel(series, files, samplings, registrations, remote, m == ConventionalMethod.WBP);
		HeldOutChemistry heldOutSplit = holdOut(series), split = heldOutSplit == null ? null : heldOutSplit.withProjectors(projectors);
		Map<String, TiltSeries> heldOut = split == null ? Map.of() : split.heldOut();
		if (split != null)
			series.putAll(split.training());
		Map<String, Volume> truths = truth == null ? Map.of() : TiffSeries.readElementVolumes(truth);
		Map<String, Volume> others = compareWith == null ? Map.of() : TiffSeries.readElementVolumes(compareWith);
		List<String> reconstructed = new ArrayList<>(fused ? SeriesFiles.chemical(series).keySet() : series.keySet());
		TiltSeries haadfSeries = series.get(SeriesFiles.HAADF);
		VolumeGeometry size = options.volume(haadfSeries, widenable(remote, samplings));
		int margin = size.marginBeyond(haadfSeries.width());
		if (margin > 0)
			System.out.printf("The specimen %s the field of view: volume %d x %d x %d, %d voxels beyond the view on each side (--margin)%n",
				options.marginGiven() ? "may leave" : "leaves", size.width(), size.height(), size.depth(), margin);
		checkSizes("--truth", truth, truths, reconstructed, size);
		checkSizes("--compare-with", compareWith, others, reconstructed, size);
		checkTruthNotZero(truth, truths, reconstructed);
		if (compareWith != null && reconstructed.stream().noneMatch(others::containsKey))
			throw new InvalidInputException(compareWith, "holds none of " + String.join(", ", reconstructed) + " as <El>.tif to compare with");
		if (remote) {
			engineOptions.checkSlabs(series);
			if (!ChemicalSampling.allFull(samplings.values()) || split != null)
				throw new IllegalArgumentException("--engine spark needs every series on the HAADF's grid, without held-out tilts");
		}
		// NB: the engine starts (and an unreachable master fails) before any reconstruction; onEngine() closes it.
		engine = remote ? engineOptions.openEngine() : null;
		Report report = new Report("reconstruct").parameter("method", fused ? "fused" : m.key()).parameter("volume", size).parameter("margin", margin)
			.section("inputs", files.values().stream().map(Path::toString).toList());
		if (options.defaultReason() != null)
			report.parameter("method_default", options.defaultReason());
		if (alignmentNote != null) {
			report.parameter("alignment", Map.of("file", alignmentFile.toString(), "applied", alignmentNote));
			System.out.println("Alignment " + alignmentFile + ": " + alignmentNote);
		}
		if (!inputs.acquisition().isEmpty())
			report.section("acquisition", inputs.acquisition());
		inputs.reportSpectra(report, dir);
		ConsoleMonitor monitor = Monitors.console();
		if (fused)
			fusedSettings = options.fusedParameters(par, ChemicalSampling.coarsest(samplings.values()));
		// NB: what the report shows of each volume; an engine gives them without the volumes (docs/spark.md).
		Map<String, CentralSlices> slices = new LinkedHashMap<>();
		Map<String, Double> nrmse = new LinkedHashMap<>();
		Map<String, Volume> volumes = null;
		// NB: fused on an engine returns its volumes (assembled by the driver) and writes them here, as locally.
		if (engine != null && !fused)
			onEngine(m, series, truths, report, dir, monitor, slices, nrmse);
		else {
			volumes = fused ? fuse(series, size, samplings, fusedSettings, split, par, report, dir, monitor) : conventional(m, series, margin, samplings, par, report, dir, monitor);
			volumes.forEach((name, v) -> {
				slices.put(name, Orthoslices.central(v));
				Volume t = truths.get(name);
				if (t != null)
					nrmse.put(name, Nrmse.of(v, t));
			});
		}
		nrmse.forEach((name, score) -> System.out.printf("NRMSE %-6s %.4f%n", name, score));
		if (!nrmse.isEmpty())
			report.metric("nrmse", nrmse).metric("nrmse_mean", nrmse.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
		if (split != null) {
			Map<String, TiltEfficiency> efficiencies = split.efficiencies(volumes, samplings, par);
			Map<String, Double> predicted = split.nrmse(volumes, efficiencies, samplings, par), plain = split.nrmse(volumes, Map.of(), samplings, par);
			predicted.forEach((name, score) -> System.out.printf("held-out NRMSE %-6s %.4f (%d tilts)%n    %.4f without the tilt efficiency; efficiency %s%n", name, score,
				heldOut.get(name).angleCount(), plain.get(name), efficiencies.get(name)));
			report.parameter("hold_out_chem_every", holdOutEvery).parameter("leave_out_chem", leaveOut).metric("heldout_chem_nrmse", predicted)
				.metric("heldout_chem_nrmse_mean", mean(predicted)).metric("heldout_chem_nrmse_without_efficiency", plain)
				.metric("heldout_chem_nrmse_without_efficiency_mean", mean(plain)).metric("tilt_efficiency", efficiencies);
			dir.png("tilt-efficiency", EfficiencyPlot.of("per-tilt efficiency (training tilts)", efficiencies));
		}
		SurveyFiles.report(registrations, surveyFiles, report, dir);
		dir.png("orthoslices", Orthoslices.montageOfSlices(fused ? "fused" : m.key(), slices));
		if (compareWith != null)
			dir.png("comparison", comparison(fused ? "fused" : m.key(), slices, others));
		dir.report(report);
		System.out.println("Wrote " + slices.keySet().stream().map(n -> n + ".tif").collect(Collectors.joining(", ")) + " (" + (fused ? "fused" : m.key())
			+ fromOther(slices.keySet(), files.get(SeriesFiles.HAADF)) + ") to " + out);
		return 0;
	}

	/**
	 * ", from FILE" when the only volume written is the HAADF's and its file has another name (a chemical
	 * map reconstructed as a --haadf, as batch does with every series), else "".
	 */
	static String fromOther(Set<String> written, Path haadfFile) {
		if (haadfFile == null || !written.equals(Set.of(SeriesFiles.HAADF)))
			return "";
		String file = haadfFile.getFileName().toString();
		int dot = file.lastIndexOf('.');
		return (dot > 0 ? file.substring(0, dot) : file).equalsIgnoreCase(SeriesFiles.HAADF) ? "" : ", from " + file;
	}

	private static double mean(Map<String, Double> scores) {
		return scores.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
	}

	/** Every file reconstruct may write for these series. */
	static List<String> outputNames(Iterable<String> seriesNames) {
		List<String> names = new ArrayList<>(List.of("report.json", "orthoslices.png", "comparison.png", "convergence-fused.png", "HAADF-guide.tif", "haadf-guide.png",
			"auto-lambdas.png", "survey-registration.png", "tilt-efficiency.png"));
		for (String name : seriesNames) {
			names.add(name + ".tif");
			names.add("convergence-" + name + ".png");
		}
		return names;
	}

	/** The files directly in {@code dir} (none when it is null or no folder), to protect them. */
	private static List<Path> filesIn(Path dir) {
		if (dir == null || !Files.isDirectory(dir))
			return List.of();
		try (Stream<Path> s = Files.list(dir)) {
			return s.filter(Files::isRegularFile).toList();
		}
		catch (IOException e) {
			throw new InvalidInputException(dir, "cannot list the folder: " + e.getMessage(), e);
		}
	}

	/**
	 * Whether the volume may reach beyond the field of view ({@code --margin}, automatic by default): not with
	 * maps on a coarser or smaller grid (placed on the volume's full width), a truth (whose volumes are as wide
	 * as the view) or the Spark engine (slabs as wide as the view); an explicit {@code --margin} there is refused.
	 */
	private boolean widenable(boolean remote, Map<String, ChemicalSampling> samplings) {
		String why = !ChemicalSampling.allFull(samplings.values()) ? "maps on the HAADF's grid (not a coarser or smaller one)"
			: truth != null ? "no --truth (its volumes are as wide as the projections)" : remote ? "--engine local" : null;
		if (why != null && options.marginGiven())
			throw new IllegalArgumentException("--margin needs " + why);
		return why == null;
	}

	/**
	 * Refuses, before any work, a volume of {@code option}'s folder that is to be compared with a
	 * reconstruction of another size.
	 */
	static void checkSizes(String option, Path dir, Map<String, Volume> given, List<String> reconstructed, VolumeGeometry size) {
		for (String name : reconstructed) {
			Volume v = given.get(name);
			if (v != null && !v.geometry().equals(size))
				throw new InvalidInputException(dir.resolve(name + ".tif"), String.format(Locale.ROOT,
					"is %d x %d x %d voxels but the reconstruction is %d x %d x %d (%s); give %s a folder of volumes of that size", v.width(), v.height(), v.depth(),
					size.width(), size.height(), size.depth(), option, option));
		}
	}

	/** Each volume's orthoslices above those of the same name in {@code --compare-with}; names it lacks are left out. */
	private ij.ImagePlus comparison(String method, Map<String, CentralSlices> volumes, Map<String, Volume> other) {
		String otherName = compareWith.getFileName() == null ? compareWith.toString() : compareWith.getFileName().toString();
		Map<String, CentralSlices> rows = new LinkedHashMap<>();
		volumes.forEach((name, v) -> {
			if (other.containsKey(name)) {
				rows.put(name + " " + method, v);
				rows.put(name + " " + otherName, Orthoslices.central(other.get(name)));
			}
		});
		if (rows.isEmpty())
			throw new InvalidInputException(compareWith, "holds none of " + String.join(", ", volumes.keySet()) + " as <El>.tif to compare with");
		return Orthoslices.montageOfSlices(method + " vs " + otherName, rows);
	}

	/**
	 * Prints and stores how well the chemical maps explain the HAADF linearly, binned to about
	 * {@value #FIT_SIZE} pixels across, and warns about elements the fused model cannot fit. A diagnostic: pixels
	 * not measured count as 0 there.
	 */
	private static void reportFit(TiltSeries haadfSeries, Map<String, TiltSeries> chemical, Map<String, ChemicalSampling> samplings, Report report) {
		HaadfChemistryFit fit;
		TiltSeries haadf = haadfSeries;
		try {
			// NB: maps recorded alike at a coarser sampling are compared with the HAADF binned and cropped as they are.
			ChemicalSampling first = samplings.values().iterator().next();
			TiltSeries like = chemical.values().iterator().next();
			if (!first.isFull() && samplings.values().stream().allMatch(first::equals)
				&& chemical.values().stream().allMatch(c -> c.width() == like.width() && c.height() == like.height()))
				haadf = SampledProjector.bin(haadfSeries, first, like.width(), like.height(), haadfSeries.calibration());
			fit = HaadfChemistryFit.of(MissingData.filled(haadf), MissingData.filled(chemical), Math.max(1, Math.min(haadf.width(), haadf.height()) / FIT_SIZE));
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
	private Map<String, Volume> fuse(Map<String, TiltSeries> series, VolumeGeometry volume, Map<String, ChemicalSampling> samplings, FusedParameters given, HeldOutChemistry split, Parallelism par,
		Report report, OutputDirectory dir, ConsoleMonitor monitor) {
		TiltSeries haadfSeries = series.get(SeriesFiles.HAADF);
		Map<String, TiltSeries> chemical = SeriesFiles.chemical(series);
		if (chemical.isEmpty())
			throw new IllegalArgumentException("--method fused needs at least one chemical series (--chem EL=FILE)");
		// NB: --bin averages, and a file may say it was written binned; told so, the count reader reads the binned counts
		// (PoissonGain, MultiModalSeries#binning).
		MultiModalSeries all = inputs.withBinnings(new MultiModalSeries(haadfSeries, chemical, samplings));
		FusedParameters p = given;
		reportFit(haadfSeries, chemical, samplings, report);
		AutoLambdas.Result choice = null;
		if (auto) {
			AutoLambdaSettings settings = autoSettings();
			int fewest = chemical.values().stream().mapToInt(TiltSeries::angleCount).min().orElseThrow();
			int needed = settings.requiredChemicalTilts();
			if (fewest < needed)
				throw new IllegalArgumentException((needed > AutoLambdaSettings.MIN_CHEMICAL_TILTS ? "--auto-folds " + settings.folds() : "--auto") + " needs at least " + needed
					+ " chemical tilts per element to hold some out, got " + fewest + (split != null ? " after " + split.description() : ""));
			choice = AutoLambdas.choose(all, volume, p, settings, monitor);
			monitor.endLine();
			p = choice.chosen();
		}
		report.parameter("fused", p);
		long t0 = System.nanoTime();
		FusedResult r;
		try {
			r = engine instanceof FusedEngine e ? e.fuse(all, volume, p, monitor) : new FusedMethod(p).reconstruct(all, volume, projectors, new Parallelism(p.threads()), monitor);
		}
		finally {
			if (engine != null)
				engine.close();
		}
		monitor.endLine();
		String lambdas = "--lambda-chem " + p.lambdaChem() + " and --lambda-tv " + p.lambdaTv();
		r.volumes().forEach((el, v) -> requireFinite("fused", el, v, lambdas));
		double seconds = (System.nanoTime() - t0) * 1e-9;
		report.timing("fused", seconds).history("fused", r.history());
		// NB: which elements shared a joint TV (--joint-tv, or those --interface-coupling found at interfaces).
		report.parameter("fusedTvGroups", r.tvGroups());
		if (p.interfaceCoupling() && !p.jointTv())
			System.out.println("Interface coupling: " + (r.coupledElements().isEmpty() ? "no elements meet at interfaces; TV per element" : "joint TV of " + r.coupledElements()));
		if (choice != null)
			reportAuto(choice, seconds, report, dir);
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

	/**
	 * Each series reconstructed on its own with one conventional method; a chemical series on a coarser or
	 * smaller grid than the HAADF's onto the HAADF's grid, by its {@link SampledProjector}.
	 */
	private Map<String, Volume> conventional(ConventionalMethod m, Map<String, TiltSeries> series, int margin, Map<String, ChemicalSampling> samplings, Parallelism par, Report report,
		OutputDirectory dir, ConsoleMonitor monitor) {
		ConventionalParameters params = options.conventionalParameters();
		report.parameter("conventional", params);
		return new PerSeriesReconstruction(m, params, options.depthOrWidth(), margin, projectors).run(series, series.get(SeriesFiles.HAADF), samplings, par,
			monitor::prefixed, part -> {
				monitor.endLine();
				requireFinite(m.key(), part.name(), part.reconstruction().volume(), likelyOption(m, params));
				report.timing(part.name(), part.seconds());
				dir.volume(part.name(), part.volume());
				if (!part.reconstruction().history().isEmpty()) {
					report.history(part.name(), part.reconstruction().history());
					dir.png("convergence-" + part.name(), ConvergencePlot.of(m.key() + " " + part.name(), part.reconstruction().history()));
				}
			});
	}

	/**
	 * Each series reconstructed on the engine, which writes its volume without holding it whole (each task its
	 * slab, assembled plane by plane) and gives back its history, central slices and, against {@code truths},
	 * NRMSE, each summed from the parts' shares (docs/spark.md). Closes the engine.
	 */
	private void onEngine(ConventionalMethod m, Map<String, TiltSeries> series, Map<String, Volume> truths, Report report, OutputDirectory dir, ConsoleMonitor monitor,
		Map<String, CentralSlices> slices, Map<String, Double> nrmse) {
		ConventionalParameters params = options.conventionalParameters();
		report.parameter("conventional", params);
		try {
			for (Map.Entry<String, TiltSeries> e : series.entrySet()) {
				String name = e.getKey();
				TiltSeries b = e.getValue();
				VolumeGeometry size = VolumeGeometry.ofDepthOrWidth(b.geometry(), options.depthOrWidth());
				long t0 = System.nanoTime();
				ReconstructionEngine.Written w = dir.volume(name, (tiff, files) -> engine.write(m, size, b, params, truths.get(name), new double[] { Orthoslices.LOW, Orthoslices.HIGH },
					tiff, files, bad -> requireFinite(m.key(), name, bad, (long) size.width() * size.height() * size.depth(), likelyOption(m, params)), monitor.prefixed(name)));
				monitor.endLine();
				report.timing(name, (System.nanoTime() - t0) * 1e-9);
				CentralSlices c = w.slices();
				slices.put(name, new CentralSlices(c.width(), c.height(), c.depth(), c.xy(), c.xz(), c.zy(), Orthoslices.displayRange(c.range())));
				if (w.nrmse() != null)
					nrmse.put(name, w.nrmse());
				if (!w.history().isEmpty()) {
					report.history(name, w.history());
					dir.png("convergence-" + name, ConvergencePlot.of(m.key() + " " + name, w.history()));
				}
			}
		}
		finally {
			engine.close();
		}
	}

	/** The option most likely to blame for a conventional method's NaN or infinite voxels, with its value. */
	private static String likelyOption(ConventionalMethod m, ConventionalParameters params) {
		return m == ConventionalMethod.TV ? "--lambda-tv " + params.lambdaTv() : "--iterations " + params.iterations();
	}

	/** Refuses, before any work, an all-zero {@code --truth} volume of a reconstructed series: NRMSE is undefined against it. */
	static void checkTruthNotZero(Path dir, Map<String, Volume> truths, java.util.Collection<String> reconstructed) {
		for (String name : reconstructed) {
			Volume v = truths.get(name);
			if (v == null)
				continue;
			boolean zero = true;
			for (float f : v.data())
				if (f != 0) {
					zero = false;
					break;
				}
			if (zero)
				throw new InvalidInputException(dir.resolve(name + ".tif"), "(--truth) is all zero; NRMSE is undefined against it: give the truth volume of " + name);
		}
	}

	/**
	 * Refuses a reconstructed volume that holds NaN or infinite voxels, before anything is written: names
	 * the method, the series and the option most likely to blame ({@code likelyOption}, with its value).
	 */
	static void requireFinite(String method, String series, Volume v, String likelyOption) {
		long bad = 0;
		for (float f : v.data())
			if (!Float.isFinite(f))
				bad++;
		requireFinite(method, series, bad, v.data().length, likelyOption);
	}

	/** As {@link #requireFinite(String, String, Volume, String)} for a volume of {@code voxels} with {@code bad} NaN or infinite ones. */
	static void requireFinite(String method, String series, long bad, long voxels, String likelyOption) {
		if (bad > 0)
			throw new IllegalArgumentException(String.format(Locale.ROOT,
				"--method %s gave %s %.1f %% NaN or infinite voxels; nothing was written. Check %s (smaller weights, fewer iterations) and the input's values",
				method, series, 100.0 * bad / voxels, likelyOption));
	}

	/**
	 * {@code --alignment}: checks the alignment against the raw series (the HAADF's grid and angles, the chemical tilts within
	 * its angles) and either marks each series' pixels that the aligned frame does not cover as not measured and sets the
	 * projectors to apply the alignment in the forward model, or, for wbp (no forward model), resamples each series as
	 * align does. Refuses survey registrations, --auto and an engine, which this path does not carry.
	 *
	 * @return the line report.json and the console give
	 */
	private String alignInModel(Map<String, TiltSeries> series, Map<String, Path> files, Map<String, ChemicalSampling> samplings,
		Map<String, SurveyRegistration> registrations, boolean remote, boolean wbp) {
		if (!registrations.isEmpty())
			throw new IllegalArgumentException("--alignment does not combine with survey registrations (--survey): align the maps with align --survey and reconstruct what it writes");
		if (auto || remote)
			throw new IllegalArgumentException("--alignment does not combine with " + (auto ? "--auto" : "--engine spark") + " yet: reconstruct the series align writes instead");
		String text;
		try {
			text = Files.readString(alignmentFile);
		}
		catch (IOException e) {
			throw new InvalidInputException(alignmentFile, "cannot be read (" + e.getMessage() + ")");
		}
		if (!SurveyRegistrationJson.offsets(text).isEmpty())
			throw new InvalidInputException(alignmentFile, "holds survey registrations of the chemical maps, which --alignment does not apply: reconstruct the maps align wrote with it");
		Alignment alignment = AlignmentJson.load(alignmentFile);
		TiltSeries haadf = series.get(SeriesFiles.HAADF);
		Path haadfFile = files.get(SeriesFiles.HAADF);
		AlignmentJson.checkSeries(alignmentFile, haadf, haadfFile);
		AlignmentJson.checkFits(alignment, alignmentFile, haadf, haadfFile);
		ModelAlignment.requireFor(alignment, haadf, SeriesFiles.chemical(series), alignmentFile.toString(), haadfFile.toString());
		for (Map.Entry<String, TiltSeries> e : series.entrySet()) {
			TiltSeries s = e.getValue();
			ChemicalSampling sampling = samplings.getOrDefault(e.getKey(), ChemicalSampling.FULL);
			e.setValue(wbp ? alignment.inSampling(sampling, haadf.width(), haadf.height(), s.width(), s.height()).apply(s, ShiftInterpolation.MISSING)
				: ModelAlignment.markUncovered(alignment, s, sampling, haadf.width(), haadf.height()));
		}
		if (wbp)
			return "applied by resampling the series (bilinear, as align does): wbp has no forward model";
		projectors = ModelAlignment.factory(alignment, ProjectorFactory.TOMOGRAPHY);
		return "alignment applied in the forward model (raw series, counts not resampled)";
	}

	/**
	 * With {@code --hold-out-chem N} or {@code --leave-out-chem N:K}, the split of the chemical series into
	 * the tilts to reconstruct from and those to predict; null without either option.
	 */
	private HeldOutChemistry holdOut(Map<String, TiltSeries> series) {
		if (holdOutEvery == null && leaveOut == null)
			return null;
		if (holdOutEvery != null && leaveOut != null)
			throw new IllegalArgumentException("Give --hold-out-chem or --leave-out-chem, not both");
		Map<String, TiltSeries> chemical = SeriesFiles.chemical(series);
		String option = holdOutEvery != null ? "--hold-out-chem " + holdOutEvery : "--leave-out-chem " + leaveOut;
		if (chemical.isEmpty())
			throw new IllegalArgumentException(option + " needs chemical series (--chem EL=FILE)");
		if (holdOutEvery != null && holdOutEvery < 2)
			throw new IllegalArgumentException("--hold-out-chem must be at least 2, got " + holdOutEvery);
		int[] nk = holdOutEvery != null ? null : HeldOutChemistry.parseFold("--leave-out-chem", leaveOut);
		try {
			return holdOutEvery != null ? HeldOutChemistry.keepingEvery(chemical, holdOutEvery) : HeldOutChemistry.fold(chemical, nk[0], nk[1]);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
		}
	}

	private boolean given(String option) {
		return OptionChecks.given(spec, option);
	}

	/**
	 * Every check of the options alone, before any file is read (also {@code batch}'s check of the options it passes
	 * on); the fused settings, or null for another method.
	 */
	FusedParameters checkedSettings() {
		options.presumeDefault(inputs.declaresChemistry(), EngineOptions.isSpark(engineOptions.engine, engineOptions.master, engineOptions.slabs));
		options.check();
		OptionChecks.atLeast("--auto-folds", autoFolds, 2);
		OptionChecks.atLeast("--auto-grid", autoGrid, 2);
		boolean fused = options.isFused();
		checkAutoOptions(fused);
		if (!fused)
			options.conventionalMethod();
		boolean remote = engineOptions.isRemote(options.methodKey());
		FusedParameters settings = fused ? options.fusedParameters(options.parallelism()) : null;
		if (remote && fused)
			EngineOptions.checkFused(auto);
		return settings;
	}

	/** Options that only --auto uses, or that --auto replaces, are refused without it or with it respectively. */
	private void checkAutoOptions(boolean fused) {
		if (!auto) {
			for (String o : new String[] { "--auto-folds", "--auto-grid" })
				if (given(o))
					throw new IllegalArgumentException(o + " needs --auto");
			return;
		}
		if (!fused)
			throw new IllegalArgumentException("--auto chooses the weights of --method fused; " + (options.method == null
				? "without --method, and without --chem or --spectra, the method is " + options.method() + " (add --method fused)" : "it does not apply to --method " + options.method()));
		for (String o : new String[] { "--lambda-chem", "--lambda-tv" })
			if (given(o))
				throw new IllegalArgumentException("--auto chooses " + o + "; give one or the other");
	}

	private AutoLambdaSettings autoSettings() {
		AutoLambdaSettings s = AutoLambdaSettings.DEFAULT;
		try {
			if (autoFolds != null)
				s = s.withFolds(autoFolds);
			if (autoGrid != null)
				s = s.withGridSize(autoGrid);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException((autoFolds != null && autoFolds < 2 ? "--auto-folds: " : "--auto-grid: ") + e.getMessage(), e);
		}
		return s;
	}

	private static String factor(double f) {
		return new BigDecimal(String.format(Locale.ROOT, "%.3g", f)).stripTrailingZeros().toPlainString();
	}

	/** Prints the choice and stores it with every grid point and its fold scores, the time ratio, the validation heat map and curve. */
	private static void reportAuto(AutoLambdas.Result choice, double finalSeconds, Report report, OutputDirectory dir) {
		List<Map<String, Object>> grid = new ArrayList<>();
		double[][] paired = choice.pairedDifferences(), alternative = choice.alternativePairedDifferences();
		double[] se = choice.standardErrors();
		for (int i = 0; i < choice.evaluations().size(); i++) {
			Evaluation e = choice.evaluations().get(i);
			double[] f = e.parameters(), lambdas = choice.lambdas(e);
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("lambda_chem", lambdas[0]);
			row.put("lambda_tv", lambdas[1]);
			row.put("lambda_chem_factor", f[0]);
			row.put("lambda_tv_factor", f[1]);
			row.put("heldout_chem_nrmse", e.value());
			row.put("fold_scores", choice.foldScores().get(i));
			row.put("standard_error", se[i]);
			row.put("minus_defaults", paired[i][0]);
			row.put("minus_defaults_standard_error", paired[i][1]);
			row.put("fold_scores_binned_lambda_chem_over_b2", choice.alternativeFoldScores().get(i));
			row.put("minus_defaults_binned_lambda_chem_over_b2", alternative[i][0]);
			row.put("minus_defaults_binned_lambda_chem_over_b2_standard_error", alternative[i][1]);
			row.put("seconds", e.seconds());
			grid.add(row);
		}
		double[] best = choice.lambdas(choice.best());
		double ratio = (choice.seconds() + finalSeconds) / finalSeconds;
		Map<String, Object> section = new LinkedHashMap<>();
		section.put("score", "mean held-out chemical NRMSE over folds and elements");
		section.put("rule", AutoLambdas.RULE);
		section.put("kept_defaults", choice.keptBase());
		section.put("settings", choice.settings());
		double[] base = choice.baseLambdas();
		section.put("base_lambda_chem", base[0]);
		section.put("base_lambda_tv", base[1]);
		section.put("chosen_lambda_chem", best[0]);
		section.put("chosen_lambda_tv", best[1]);
		section.put("chosen_factors", choice.best().parameters());
		section.put("chosen_score", choice.best().value());
		section.put("grid", grid);
		List<String> edge = choice.keptBase() ? List.of() : choice.atEdge();
		section.put("at_edge_of_grid", edge);
		report.section("auto_lambdas", section).timing("auto_cross_validation", choice.seconds()).metric("auto_time_ratio", ratio);
		int chosen = choice.evaluations().indexOf(choice.best());
		dir.png("auto-lambdas", TuningPlots.surface("held-out chemical NRMSE, " + choice.settings().folds() + "-fold", choice.lambdaSpace(), choice.scoreGrid(), choice.lambdaEvaluations(),
			chosen));
		if (choice.baseEvaluation() != null) {
			String[] labels = choice.evaluations().stream().map(e -> factor(e.parameters()[0]) + ", " + factor(e.parameters()[1])).toArray(String[]::new);
			dir.png("auto-lambdas-folds", TuningPlots.differences("held-out NRMSE minus the defaults', paired over " + choice.settings().folds() + " folds; chosen in cyan",
				"grid point (lambda_C factor, lambda_TV factor)", labels, Arrays.stream(paired).mapToDouble(d -> d[0]).toArray(),
				Arrays.stream(paired).mapToDouble(d -> d[1]).toArray(), chosen));
		}
		Evaluation lowest = choice.evaluations().stream().min(Comparator.comparingDouble(Evaluation::value)).orElseThrow();
		if (choice.keptBase() && lowest != choice.best()) {
			int at = choice.evaluations().indexOf(lowest);
			double[] d = paired[at], da = alternative[at];
			System.out.printf(Locale.ROOT, "--auto kept the defaults lambda_chem %.4g, lambda_tv %.4g: the lowest held-out NRMSE (factors %.3g, %.3g) differs from theirs by "
				+ "%+.5f +- %.5f (binned lambda_chem / b^2: %+.5f +- %.5f; mean and standard error over folds), not below by more than one standard error under both%n", best[0], best[1],
				lowest.parameters()[0], lowest.parameters()[1], d[0], d[1], da[0], da[1]);
		}
		System.out.printf(Locale.ROOT, "--auto chose lambda_chem %.4g, lambda_tv %.4g (factors %.3g, %.3g; held-out NRMSE %.4f) in %.1f s; with the final run %.2f x one reconstruction%n",
			best[0], best[1], choice.best().parameters()[0], choice.best().parameters()[1], choice.best().value(), choice.seconds(), ratio);
		if (!edge.isEmpty())
			System.err.printf(Locale.ROOT, "Note: --auto chose %s at the edge of the factors searched (%.3g to %.3g x the default); the best may lie beyond: "
				+ "'tune --cross-validate-chem %d' searches a range you give (%s LOW:HIGH)%n", String.join(" and ", edge), choice.settings().lowFactor(),
				choice.settings().highFactor(), choice.settings().folds(), String.join(", ", edge));
	}
}
