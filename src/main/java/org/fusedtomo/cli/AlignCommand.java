package org.fusedtomo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import com.google.gson.JsonParser;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.AlignmentEvidence;
import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.align.AlignmentOptions;
import org.fusedtomo.align.AlignmentOptions.Step;
import org.fusedtomo.align.AlignmentPipeline;
import org.fusedtomo.align.BackgroundOptions;
import org.fusedtomo.align.BackgroundSubtraction;
import org.fusedtomo.align.ShiftComparison;
import org.fusedtomo.align.SirtReprojection;
import org.fusedtomo.align.SurveyRegistration;
import org.fusedtomo.align.SurveyRegistrationJson;
import org.fusedtomo.align.TiltResiduals;
import org.fusedtomo.align.TomvizShifts;
import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.MissingData;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.AngleRange;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.readers.SeriesReaders;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.report.Report;
import org.fusedtomo.report.ReprojectionComparison;
import org.fusedtomo.report.ResidualPlot;
import org.fusedtomo.report.ShiftPlot;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fusedtomo align} (DESIGN §7): aligns the HAADF series, or loads a saved alignment, and
 * applies it to every given series after background subtraction. Writes {@code HAADF.tif} and one
 * {@code <El>.tif} per chemical series (each with its {@code .rawtlt}), {@code alignment.json},
 * {@code report.json}, {@code shifts.png}, {@code residuals.png} (residual per tilt) and {@code reprojection.png}. With survey images ({@link SurveyFiles}) each
 * chemical map is first moved onto its HAADF projection; the registrations go into {@code alignment.json}
 * and {@code survey-registration.png}.
 */
@Command(name = "align", mixinStandardHelpOptions = true, sortOptions = false,
	description = "Align the HAADF series (or load an alignment) and apply it to every series.")
final class AlignCommand implements Callable<Integer> {

	/** SIRT iterations of the reconstruction whose reprojection is compared with the aligned data. */
	static final int COMPARISON_ITERATIONS = 20;

	@Mixin
	SeriesFiles inputs;

	@Mixin
	SurveyFiles surveys;

	@Option(names = "--out", required = true, description = "Output folder.")
	Path out;

	@Option(names = "--method", defaultValue = "all",
		description = "com (centre of mass), xcorr (cross-correlation), pm (centre of mass + projection matching) or all (default ${DEFAULT-VALUE}).")
	String method;

	@Option(names = "--background", defaultValue = "plane", description = "The HAADF's background: none, border, percentile or plane (default ${DEFAULT-VALUE}); negatives are clipped in the output.")
	String background;

	@Option(names = "--chem-background", defaultValue = "none",
		description = "The chemical maps' background: none (default: counts stay Poisson counts), border, percentile or plane (negatives clipped).")
	String chemBackground;

	@Option(names = "--tilt-axis", negatable = true, defaultValue = "true", fallbackValue = "true",
		description = "Find the tilt-axis rotation (and offset after xcorr); --no-tilt-axis keeps it vertical (default ${DEFAULT-VALUE}).")
	boolean tiltAxis;

	@Option(names = "--axis-search", paramLabel = "DEG", description = "Search the tilt-axis rotation within +- DEG of vertical, widened up to 45 while the minimum lies at the edge (default: ${DEFAULT-VALUE}; at least 45 when two tilts are 180 deg apart); see also --axis-rotation for quarter turns.",
		defaultValue = "5")
	double axisSearchDeg;

	/** Largest --axis-search: a quarter turn either way. */
	static final double MAX_AXIS_SEARCH_DEG = 90;

	@Option(names = "--alignment", description = "Apply this saved alignment.json instead of computing one.")
	Path alignmentFile;

	@Option(names = "--unmoved", description = "Also write each series prepared as here (background, --bin) but not moved, as <name>-unmoved.tif, for "
		+ "reconstruct --alignment, which applies the alignment inside the forward model instead of resampling the counts.")
	boolean unmoved;

	@Option(names = "--threads", description = "Threads (default: all cores).")
	Integer threads;

	@Option(names = "--compare-shifts", paramLabel = "FILE",
		description = "Compare the shifts with tomviz' (TomVizAlignments.json, [x, y] per tilt in unbinned pixels): shift-comparison.png and a table in report.json.")
	Path compareShifts;

	@Option(names = "--compare-angles", paramLabel = "FIRST:LAST:STEP", description = "The tilts of the --compare-shifts entries, degrees, e.g. -50:50:5.")
	String compareAngles;

	@Spec
	CommandSpec spec;

	private boolean given(String option) {
		return OptionChecks.given(spec, option);
	}

	/** Refuses options that a loaded alignment or --no-tilt-axis would leave unused, naming them (they were ignored without a word). */
	private void checkOptionsUsed() {
		if (alignmentFile != null)
			for (String o : new String[] { "--method", "--tilt-axis", "--axis-search" })
				if (given(o))
					throw new IllegalArgumentException((o.equals("--tilt-axis") ? (tiltAxis ? "--tilt-axis" : "--no-tilt-axis") : o)
						+ " is a setting of computing an alignment; --alignment FILE applies a saved one (drop one of them)");
		if (unmoved && !surveys.given(inputs).isEmpty())
			throw new IllegalArgumentException("--unmoved does not combine with --survey: reconstruct --alignment does not apply survey registrations (drop one of them)");
		if (!tiltAxis && given("--axis-search"))
			throw new IllegalArgumentException("--axis-search is a setting of the tilt-axis search, which --no-tilt-axis turns off (drop one of them)");
	}

	@Override
	public Integer call() {
		OptionChecks.atLeast("--threads", threads, 1);
		checkOptionsUsed();
		// NB: beyond 90 deg the search would take the axis for another quarter turn, which --axis-rotation gives.
		if (!(axisSearchDeg > 0 && axisSearchDeg <= MAX_AXIS_SEARCH_DEG))
			throw new IllegalArgumentException("--axis-search must lie in (0, " + (int) MAX_AXIS_SEARCH_DEG + "] deg, got " + axisSearchDeg
				+ "; turn by quarter turns with --axis-rotation 90 and search a few degrees around that");
		AlignmentOptions options = AlignmentOptions.of(steps(method, tiltAxis)).withBackground(parseBackground("--background", background)).withAxisSearch(axisSearchDeg);
		BackgroundOptions chemOptions = parseBackground("--chem-background", chemBackground);
		if ((compareShifts == null) != (compareAngles == null))
			throw new IllegalArgumentException("--compare-shifts and --compare-angles go together: give the tilt of each entry of the shifts file");
		Map<String, Path> files = inputs.files();
		// NB: outputs are checked against every input and its sidecars before anything is read or computed.
		List<Path> protect = inputs.protectedFiles(files);
		protect.add(alignmentFile);
		protect.add(compareShifts);
		for (Path survey : surveys.given(inputs))
			protect.addAll(SeriesReaders.withCompanions(survey));
		OutputDirectory dir = new OutputDirectory(out, new AtomicFiles(protect)).checkNames(outputNames(files.keySet(), unmoved));
		Map<String, TiltSeries> series = inputs.read(files);
		series.forEach((name, s) -> requireMeasured(s, files.get(name)));
		dir.checkNames(outputNames(series.keySet(), unmoved));
		if (inputs.spectra != null)
			dir.checkNames(MapOptions.outputNames());
		Map<String, Path> surveyFiles = surveys.files(SeriesFiles.chemical(series).keySet(), inputs);
		Map<String, SurveyRegistration> registrations = SurveyFiles.register(surveyFiles, series, files, inputs);
		Map<String, ChemicalSampling> samplings = inputs.samplings(series, files);
		Alignment loaded = alignmentFile == null ? null : AlignmentJson.load(alignmentFile);
		if (loaded != null) {
			AlignmentJson.checkSeries(alignmentFile, series.get(SeriesFiles.HAADF), files.get(SeriesFiles.HAADF));
			AlignmentJson.checkFits(loaded, alignmentFile, series.get(SeriesFiles.HAADF), files.get(SeriesFiles.HAADF));
		}
		Alignment tomviz = compareShifts == null ? null : TomvizShifts.load(compareShifts, AngleRange.parse("--compare-angles", compareAngles));
		Parallelism par = threads == null ? Parallelism.available() : new Parallelism(threads);
		ConsoleMonitor monitor = Monitors.console();

		Report report = new Report("align").parameter("method", loaded == null ? method : "loaded").parameter("alignment_file", alignmentFile == null ? null : alignmentFile.toString())
			.parameter("options", options).parameter("chem_background", chemOptions).parameter("axis_rotation_deg", inputs.axisRotationDeg).parameter("bin", inputs.bin).section("inputs", files.values().stream().map(Path::toString).toList());
		if (!inputs.acquisition().isEmpty())
			report.section("acquisition", inputs.acquisition());
		inputs.reportSpectra(report, dir);
		Alignment alignment = loaded;
		AlignmentEvidence evidence = AlignmentEvidence.NONE;
		if (alignment == null) {
			AlignmentPipeline.Result r = new AlignmentPipeline(options, par).run(series.get(SeriesFiles.HAADF), monitor.prefixed(SeriesFiles.HAADF));
			monitor.endLine();
			r.seconds().forEach(report::timing);
			if (!r.history().isEmpty())
				report.history("projection-matching", r.history());
			alignment = r.alignment();
			evidence = r.evidence();
			for (String w : r.warnings())
				System.err.println("Warning: " + w);
		}
		for (Map.Entry<String, TiltSeries> e : series.entrySet())
			checkCovered(alignment, e.getValue(), files.get(e.getKey()), alignmentFile);

		long t0 = System.nanoTime();
		BackgroundSubtraction subtraction = new BackgroundSubtraction(options.background()), chemSubtraction = new BackgroundSubtraction(chemOptions);
		Map<String, TiltSeries> aligned = new LinkedHashMap<>(), prepared = new LinkedHashMap<>();
		for (Map.Entry<String, TiltSeries> e : series.entrySet()) {
			monitor.checkCancelled();
			TiltSeries haadfSeries = series.get(SeriesFiles.HAADF), s = e.getValue();
			SurveyRegistration survey = registrations.get(e.getKey());
			// NB: chemical maps are counts; a plane fitted under 0.2-1 counts per pixel removed 21-54 % of them (docs/real-data.md).
			TiltSeries clean = (e.getKey().equals(SeriesFiles.HAADF) ? subtraction : chemSubtraction).run(s, monitor.prefixed(e.getKey())).series();
			prepared.put(e.getKey(), clean);
			// NB: a chemical series on a coarser or smaller grid is moved in its own pixels (shifts / factor), not resampled onto the HAADF's.
			aligned.put(e.getKey(), survey != null ? survey.aligned(clean, alignment, haadfSeries.geometry(), ShiftInterpolation.MISSING)
				: alignment.inSampling(samplings.getOrDefault(e.getKey(), ChemicalSampling.FULL), haadfSeries.width(), haadfSeries.height(), s.width(), s.height())
					.apply(clean, ShiftInterpolation.MISSING));
		}
		monitor.endLine();
		report.timing("apply", (System.nanoTime() - t0) * 1e-9);

		t0 = System.nanoTime();
		// NB: the pixels shifted in from outside are NaN; the comparison's SIRT and residuals leave them out.
		SirtReprojection comparison = SirtReprojection.of(aligned.get(SeriesFiles.HAADF), COMPARISON_ITERATIONS, par, monitor.prefixed("comparison"));
		TiltSeries model = comparison.model();
		monitor.endLine();
		report.timing("comparison", (System.nanoTime() - t0) * 1e-9).metric("haadf_reprojection_residual", comparison.relativeResidual());

		// NB: a loaded alignment has no residuals of its own; those of the comparison (without shift errors) stand in.
		TiltResiduals residuals = evidence.residuals() != null ? evidence.residuals() : TiltResiduals.of(comparison, 1);
		if (evidence.residuals() != null)
			report.metric("shift_error_rms_px", Map.of("x", residuals.shiftErrorRmsPx()[0], "y", residuals.shiftErrorRmsPx()[1]));
		if (!evidence.warnings().isEmpty())
			report.section("warnings", evidence.warnings());

		// NB: each file says the recorded pixels behind its values (its input's binning times --bin), so that reading it back
		// tells the count reader as --bin does (docs/fused-study.md, "Count levels of binned series").
		aligned.forEach((name, s) -> dir.series(name, s, inputs.binning(name)));
		if (unmoved)
			prepared.forEach((name, s) -> dir.series(name + UNMOVED, s, inputs.binning(name)));
		// NB: the grid the shifts are in pixels of, so that the file is refused for a series read with another --bin.
		dir.text("alignment.json", AlignmentJson.withSeries(SurveyRegistrationJson.withSection(AlignmentJson.toJson(alignment, evidence), registrations), series.get(SeriesFiles.HAADF)));
		SurveyFiles.report(registrations, surveyFiles, report, dir);
		dir.png("shifts", ShiftPlot.of("alignment shifts", alignment));
		dir.png("residuals", ResidualPlot.of("reprojection residual per tilt", residuals, evidence.axis(), alignment.axisOffsetPx()));
		TiltSeries shown = MissingData.filled(comparison.data());
		dir.png("reprojection", ReprojectionComparison.montage("HAADF data vs reprojection of SIRT(" + COMPARISON_ITERATIONS + ")", shown, model,
			ReprojectionComparison.extremesAndZero(shown.anglesDeg())));
		report.section("alignment", JsonParser.parseString(AlignmentJson.toJson(alignment, evidence)));
		if (tomviz != null) {
			ShiftComparison c = ShiftComparison.of(alignment, tomviz, inputs.bin);
			dir.png("shift-comparison", ShiftPlot.comparison("shifts: ours vs tomviz (" + compareShifts.getFileName() + ")", "tomviz", c));
			report.section("shift_comparison", c).metric("shift_rms_vs_reference_px", Map.of("x", c.rmsX(), "y", c.rmsY()));
			System.out.printf("Shifts vs %s: RMS difference x %.2f px, y %.2f px (unbinned pixels, means removed)%n", compareShifts, c.rmsX(), c.rmsY());
		}
		dir.report(report);
		System.out.printf("Aligned %s (axis %.2f deg, offset %.2f px) into %s%n", String.join(", ", aligned.keySet()), alignment.axisRotationDeg(),
			alignment.axisOffsetPx(), out);
		if (unmoved)
			System.out.println("To keep the counts unresampled: ./fusedtomo reconstruct " + unmovedArguments(prepared.keySet()));
		registrations.forEach((element, r) -> {
			if (!r.isFullGrid())
				System.out.printf("%s lies on the HAADF grid at %s: reconstruct it with --chem-sampling %s=%s%n", element, r.describeSampling(), element, r.sampling().spec());
		});
		return 0;
	}

	/** The suffix of the series that {@code --unmoved} writes. */
	static final String UNMOVED = "-unmoved";

	/** The series options of reconstruct that take the {@code --unmoved} files with this run's alignment.json. */
	private String unmovedArguments(Iterable<String> seriesNames) {
		StringBuilder b = new StringBuilder();
		for (String name : seriesNames)
			b.append(name.equals(SeriesFiles.HAADF) ? "--haadf " : "--chem " + name + "=").append(out.resolve(name + UNMOVED + ".tif")).append(' ');
		return b.append("--alignment ").append(out.resolve("alignment.json")).toString();
	}

	/** Every file align may write for these series, with the {@code --unmoved} ones when {@code unmoved}. */
	static List<String> outputNames(Iterable<String> seriesNames, boolean unmoved) {
		List<String> names = new ArrayList<>(List.of("alignment.json", "report.json", "shifts.png", "reprojection.png", "shift-comparison.png", "survey-registration.png"));
		for (String name : seriesNames)
			for (String suffix : unmoved ? new String[] { "", UNMOVED } : new String[] { "" }) {
				names.add(name + suffix + ".tif");
				names.add(name + suffix + ".rawtlt");
			}
		return names;
	}

	/** The steps of a {@code --method}; the tilt axis unless {@code --no-tilt-axis}. */
	static Set<Step> steps(String method, boolean tiltAxis) {
		EnumSet<Step> steps = switch (method.trim().toLowerCase(Locale.ROOT)) {
			case "com" -> EnumSet.of(Step.CENTRE_OF_MASS);
			case "xcorr" -> EnumSet.of(Step.CROSS_CORRELATION);
			case "pm" -> EnumSet.of(Step.CENTRE_OF_MASS, Step.PROJECTION_MATCHING);
			case "all" -> EnumSet.of(Step.CENTRE_OF_MASS, Step.CROSS_CORRELATION, Step.PROJECTION_MATCHING);
			default -> throw new IllegalArgumentException("Unknown --method '" + method + "'; use com, xcorr, pm or all");
		};
		if (tiltAxis)
			steps.add(Step.TILT_AXIS);
		return steps;
	}

	static BackgroundOptions parseBackground(String option, String name) {
		return switch (name.trim().toLowerCase(Locale.ROOT)) {
			case "none" -> BackgroundOptions.none();
			case "border" -> BackgroundOptions.border(BackgroundOptions.DEFAULT.borderPx());
			case "percentile" -> BackgroundOptions.percentile(BackgroundOptions.DEFAULT.percentile());
			case "plane" -> BackgroundOptions.polynomial(1);
			default -> throw new IllegalArgumentException("Unknown " + option + " '" + name + "'; use none, border, percentile or plane");
		};
	}

	/**
	 * Refuses a series with NaN pixels: align writes NaN where a shifted projection has no data (not measured), so
	 * such a series was aligned already, and the alignment steps need every pixel.
	 */
	static void requireMeasured(TiltSeries series, Path file) {
		int missing = MissingData.indices(series).length;
		if (missing > 0)
			throw new InvalidInputException(file, "has " + missing + " NaN pixels (not measured, as align writes them); align needs raw projections,"
				+ " reconstruct takes these as they are");
	}

	/** {@link Alignment#requireCovers} with the problem put on the series' {@code file}. */
	static void checkCovered(Alignment alignment, TiltSeries series, Path file, Path alignmentFile) {
		try {
			alignment.requireCovers(series.anglesDeg(), alignmentFile == null ? null : alignmentFile.toString());
		}
		catch (IllegalArgumentException e) {
			throw new InvalidInputException(file, e.getMessage(), e);
		}
	}
}
