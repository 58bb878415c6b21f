package org.fusedtomo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fusedtomo.data.Binning;
import org.fusedtomo.align.QuarterTurn;
import org.fusedtomo.align.SurveyRegistration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.readers.SeriesReaders;
import org.fusedtomo.report.Report;
import org.fusedtomo.report.SurveyPlot;
import org.fusedtomo.align.SurveyRegistrationJson;

import picocli.CommandLine.Option;

/**
 * The survey options of a command (a picocli mixin): {@code --survey FILE} and {@code --chem-survey EL=FILE},
 * the ADF/HAADF images recorded with the chemical maps (same scan, so the maps' pixel grid), registered to
 * the HAADF series by {@link SurveyRegistration} so that each map can be moved onto the HAADF projection.
 */
final class SurveyFiles {

	/** A registration of lower peak quality (correlation) than this is suspect: said so. */
	static final double POOR_QUALITY = 0.5;

	/** A survey this far from the nearest HAADF tilt (degrees) is compared with another view: said so. */
	static final double FAR_TILT_DEG = 1;

	@Option(names = "--survey", paramLabel = "FILE",
		description = "Survey (ADF/HAADF) tilt series recorded with the chemical maps, for maps from one spectrum image per tilt: each survey image is registered to the HAADF at the nearest tilt and every map is moved by it. Same pixels as the maps, same angles.")
	Path survey;

	@Option(names = "--chem-survey", paramLabel = "EL=FILE", description = "The survey tilt series recorded with one element's maps (instead of --survey for it), repeatable.")
	List<String> chemSurvey = new ArrayList<>();

	@Option(names = "--spectra-survey",
		description = "With --spectra: register the survey images in the spectrum-image files, as --survey does with the survey.tif of the maps command, and move every map by them.")
	boolean spectraSurvey;

	/**
	 * The survey file of each chemical element that has one, in the order of {@code chemical}; with
	 * {@code --spectra-survey} the first spectrum-image file stands for the survey series of {@code inputs} (for messages).
	 */
	Map<String, Path> files(Iterable<String> chemical, SeriesFiles inputs) {
		if (spectraSurvey) {
			if (inputs.spectraSurvey() == null)
				throw new InvalidInputException(inputs.spectraFiles().get(0), "has no survey image (nor have all the --spectra files) for --spectra-survey");
			Map<String, Path> files = new LinkedHashMap<>();
			for (String element : chemical)
				files.put(element, inputs.spectraFiles().get(0));
			return files;
		}
		return files(chemical);
	}

	/** The survey file of each chemical element that has one, in the order of {@code chemical}. */
	Map<String, Path> files(Iterable<String> chemical) {
		Map<String, Path> given = new LinkedHashMap<>();
		for (String spec : chemSurvey) {
			int eq = spec.indexOf('=');
			if (eq <= 0 || eq == spec.length() - 1)
				throw new IllegalArgumentException("--chem-survey '" + spec + "' must be ELEMENT=FILE, e.g. Co=Co-survey.tif");
			String element = spec.substring(0, eq).trim();
			if (given.put(element, Path.of(spec.substring(eq + 1))) != null)
				throw new IllegalArgumentException("--chem-survey names element " + element + " twice");
		}
		Map<String, Path> files = new LinkedHashMap<>();
		Map<String, String> options = new LinkedHashMap<>();
		for (String element : chemical) {
			Path f = given.remove(element);
			options.put(element, f == null ? "--survey" : "--chem-survey " + element);
			if (f == null)
				f = survey;
			if (f != null)
				files.put(element, f);
		}
		if (!given.isEmpty())
			throw new IllegalArgumentException("--chem-survey names " + String.join(", ", given.keySet()) + ", which has no chemical series (--chem EL=FILE)");
		if (survey != null && files.isEmpty())
			throw new IllegalArgumentException("--survey needs chemical series (--chem EL=FILE) to register");
		for (Map.Entry<String, Path> f : files.entrySet())
			OptionChecks.inputFile(f.getValue(), options.get(f.getKey()));
		return files;
	}

	/**
	 * Every survey file given, for protecting them as inputs; called before anything is read, so it also refuses
	 * {@code --spectra-survey} without {@code --spectra} or with {@code --survey}/{@code --chem-survey}, and makes
	 * {@code inputs} look for a survey image in every spectrum-image file before it extracts any map.
	 */
	List<Path> given(SeriesFiles inputs) {
		if (spectraSurvey && inputs.spectra == null)
			throw new IllegalArgumentException("--spectra-survey registers the survey images of --spectra files; without --spectra give --survey FILE");
		if (spectraSurvey && (survey != null || !chemSurvey.isEmpty()))
			throw new IllegalArgumentException("--spectra-survey takes the survey images from the --spectra files; give it or --survey/--chem-survey, not both");
		// NB: refused with the files' metadata, not after extracting every map (13 s on the IDP set).
		if (spectraSurvey)
			inputs.requireSurveyImages("--spectra-survey");
		List<Path> out = new ArrayList<>();
		if (survey != null)
			out.add(survey);
		for (String spec : chemSurvey)
			if (spec.indexOf('=') > 0)
				out.add(Path.of(spec.substring(spec.indexOf('=') + 1)));
		return out;
	}

	/**
	 * The registration of each chemical series that has a survey, by element: each distinct file read once,
	 * turned and binned as {@code inputs} reads the series, checked against the element's maps (angles and
	 * size), and registered to the HAADF. Maps on a coarser grid or a sub-window are placed by the registration's
	 * {@link SurveyRegistration#sampling()}, which the callers use as the element's sampling.
	 *
	 * @param series the series as read, HAADF (raw, in its detector frame) and chemical
	 * @param chemFiles the file of each series, for messages
	 */
	static Map<String, SurveyRegistration> register(Map<String, Path> surveyFiles, Map<String, TiltSeries> series, Map<String, Path> chemFiles, SeriesFiles inputs) {
		Map<String, SurveyRegistration> out = new LinkedHashMap<>();
		if (surveyFiles.isEmpty())
			return out;
		TiltSeries haadf = series.get(SeriesFiles.HAADF);
		Map<Path, TiltSeries> read = new LinkedHashMap<>();
		// NB: --spectra-survey's series is in memory, under the first spectrum-image file.
		if (inputs.spectraSurvey() != null)
			read.put(inputs.spectraFiles().get(0), prepared(inputs.spectraSurvey(), inputs));
		Map<Path, SurveyRegistration> registered = new LinkedHashMap<>();
		for (Map.Entry<String, Path> e : surveyFiles.entrySet()) {
			String element = e.getKey();
			Path file = e.getValue();
			TiltSeries s = read.computeIfAbsent(file, f -> prepared(SeriesReaders.read(f).haadf(), inputs));
			TiltSeries maps = series.get(element);
			Path mapFile = chemFiles.getOrDefault(element, chemFiles.get(SeriesFiles.HAADF));
			try {
				SurveyRegistration.checkSameScan(s, maps, "the " + element + " maps (" + mapFile + ")");
				SurveyRegistration r = registered.get(file);
				if (r == null) {
					r = SurveyRegistration.register(haadf, s);
					registered.put(file, r);
				}
				out.put(element, r);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidInputException(file, ex.getMessage(), ex);
			}
		}
		return out;
	}

	/** {@code s} turned and binned as {@link SeriesFiles#read} does with the series. */
	private static TiltSeries prepared(TiltSeries s, SeriesFiles inputs) {
		int turn = QuarterTurn.normalise(inputs.axisRotationDeg);
		return turn == 0 && inputs.bin == 1 ? s : Binning.bin(turn == 0 ? s : QuarterTurn.rotate(s, turn), inputs.bin);
	}

	/** Prints each registration, stores them in {@code report} and draws them into {@code survey-registration.png}. */
	static void report(Map<String, SurveyRegistration> registrations, Map<String, Path> surveyFiles, Report report, OutputDirectory dir) {
		if (registrations.isEmpty())
			return;
		report.section("survey_registration", SurveyRegistrationJson.toJson(registrations));
		report.parameter("surveys", surveyFiles.entrySet().stream().collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue().toString()), Map::putAll));
		dir.png("survey-registration", SurveyPlot.of("survey images registered to the HAADF", shared(registrations)));
		for (Map.Entry<String, SurveyRegistration> e : shared(registrations).entrySet()) {
			SurveyRegistration r = e.getValue();
			double max = r.tilts().stream().mapToDouble(t -> Math.hypot(t.dx(), t.dy())).max().orElse(0);
			System.out.printf(Locale.ROOT, "Survey of %s: registered at %d tilts, offsets up to %.2f px, scale %d (%s), worst quality %.2f%n", e.getKey(), r.tilts().size(), max,
				r.factor(), r.scaleSource().key(), r.worstQuality());
			long poor = r.tilts().stream().filter(t -> t.quality() < POOR_QUALITY).count();
			if (poor > 0)
				System.out.printf(Locale.ROOT, "Warning: the survey of %s correlates poorly with the HAADF at %d of %d tilts (quality under %.1f): check that it was recorded with these maps%n",
					e.getKey(), poor, r.tilts().size(), POOR_QUALITY);
			double apart = r.tilts().stream().mapToDouble(t -> Math.abs(t.angleDeg() - t.haadfAngleDeg())).max().orElse(0);
			if (apart > FAR_TILT_DEG)
				System.out.printf(Locale.ROOT, "Note: some survey tilts are up to %.1f deg from the nearest HAADF tilt; there the survey is registered to another view%n", apart);
		}
	}

	/** The registrations with the elements that share one survey under one name, e.g. "Co, Mn". */
	static Map<String, SurveyRegistration> shared(Map<String, SurveyRegistration> registrations) {
		Map<SurveyRegistration, List<String>> names = new IdentityHashMap<>();
		Map<SurveyRegistration, Boolean> order = new LinkedHashMap<>();
		registrations.forEach((element, r) -> {
			names.computeIfAbsent(r, k -> new ArrayList<>()).add(element);
			order.put(r, true);
		});
		Map<String, SurveyRegistration> out = new LinkedHashMap<>();
		for (SurveyRegistration r : order.keySet())
			out.put(String.join(", ", names.get(r)), r);
		return out;
	}
}
