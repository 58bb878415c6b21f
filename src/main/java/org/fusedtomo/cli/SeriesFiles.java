package org.fusedtomo.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.fusedtomo.data.Binning;
import org.fusedtomo.align.CrossCorrelationOptions;
import org.fusedtomo.align.QuarterTurn;
import org.fusedtomo.align.RepeatAveraging;
import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.Elements;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.RepeatedTilts;
import org.fusedtomo.io.ElementNames;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.SeriesChecks;
import org.fusedtomo.io.readers.SeriesReaders;
import org.fusedtomo.io.readers.SpectrumImageReaders;
import org.fusedtomo.io.TiltAngles;
import org.fusedtomo.io.TiltSeriesFile;
import org.fusedtomo.report.Report;
import org.fusedtomo.spectra.ElementMapSeries;
import org.fusedtomo.spectra.MapSettings;
import org.fusedtomo.spectra.SpectrumImage;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The input series options of a command (a picocli mixin): {@code --haadf FILE}, {@code --chem EL=FILE ...}
 * and {@code --angles FILE}, or instead {@code --spectra FILES_OR_FOLDER --lines ...} (the spectrum-image files,
 * one per tilt, made into maps in memory as {@code maps} does, with its {@link MapOptions}); with
 * {@code --average-repeats}, {@code --axis-rotation} and {@code --bin} applied on reading. The series are named
 * "HAADF" and by element symbol.
 */
final class SeriesFiles {

	static final String HAADF = "HAADF";

	@Option(names = "--haadf", description = "HAADF tilt series: TIFF (+ .rawtlt), MRC, DM3/DM4, HDF5/EMD, or a .json HDF5 recipe; chemical maps in the same file are read too.")
	Path haadf;

	@Option(names = "--chem", description = "Chemical series as ELEMENT=FILE (any supported format), repeatable, e.g. --chem Co=Co.tif.")
	List<String> chem = new ArrayList<>();

	@Option(names = "--spectra", arity = "1..*", paramLabel = "FILE_OR_FOLDER",
		description = "Instead of --haadf and --chem: spectrum-image files (.bcf, .emd, .dm3, .dm4), one per tilt, or folders of them; the HAADF and one map per --lines element are extracted in memory as the maps command does (the tilts from the files' metadata or names, else --angles FILE or FIRST:LAST:STEP in file-name order).")
	List<Path> spectra;

	@Mixin
	MapOptions map;

	/** Whether chemical series are given by option ({@code --chem} or {@code --spectra}), before any file is read. */
	boolean declaresChemistry() {
		return !chem.isEmpty() || spectra != null;
	}

	/** The spectrum-image files of {@code --spectra}, as listed by {@link #files()}. */
	private List<Path> spectraFiles = List.of();

	/** The extraction from {@code --spectra}, once {@link #read}; null otherwise. */
	private ElementMapSeries.Result extraction;

	private MapSettings mapSettings;

	private double extractionSeconds;

	@Option(names = "--chem-sampling", paramLabel = "EL=F[,X0,Y0]",
		description = "Where a chemical series lies on the HAADF grid when no pixel sizes say so: its pixel is F x F HAADF pixels and its first pixel starts at HAADF pixel (X0, Y0) (default 0,0; HAADF pixels after --axis-rotation, before --bin), e.g. --chem-sampling Co=2 or Co=4,16,8. Without it a coarser or smaller map is placed by the pixel sizes (F = their ratio, which must be a whole number), origin 0. Repeatable.")
	List<String> chemSampling = new ArrayList<>();

	@Option(names = "--angles", description = "Tilt angles for the HAADF stack (a file, one per line, or a range FIRST:LAST:STEP), instead of its sidecar; with --spectra, for files without a tilt.")
	Path angles;

	@Option(names = "--axis-rotation", defaultValue = "0", paramLabel = "DEG",
		description = "Turn every projection of every series by this multiple of 90 deg (counter-clockwise as displayed) on reading, e.g. 90 when the tilt axis lies along image x; the tilt-axis finder then refines a few degrees around vertical (default ${DEFAULT-VALUE}).")
	double axisRotationDeg;

	@Option(names = "--average-repeats",
		description = "Where a tilt was recorded several times (equal angles, e.g. dose-fractionated or liquid-cell series), align the exposures of each tilt to each other by cross-correlation and average them on reading; without it every exposure is used as a projection of its own.")
	boolean averageRepeats;

	@Option(names = "--full-rotation",
		description = "The holder turns beyond +-90 deg (an on-axis, full-rotation holder): accept tilts within +-360 deg, spanning less than one turn; without it tilts outside [-90, 90] deg are refused.")
	boolean fullRotation;

	@Option(names = "--bin", defaultValue = "1", paramLabel = "N",
		description = "Average N x N pixel blocks of every series on reading, for quick runs on large data (default ${DEFAULT-VALUE}).")
	int bin = 1;

	/** HAADF first, then the chemical series in the order given; element symbols checked, files must exist. */
	Map<String, Path> files() {
		// NB: checked before any file is looked at (an extraction from spectra takes minutes), naming the option.
		if (bin < 1)
			throw new IllegalArgumentException("--bin must be at least 1, got " + bin);
		quarterTurn();
		if (spectra != null)
			return listSpectra();
		if (map.lines != null)
			throw new IllegalArgumentException("--lines maps spectrum images: give the files with --spectra (or make the maps with the maps command)");
		String mapSetting = map.anySettingGiven();
		if (mapSetting != null)
			throw new IllegalArgumentException(mapSetting + " is a setting of the maps made from --spectra files; without --spectra it does nothing (drop " + mapSetting + ")");
		if (haadf == null)
			throw new IllegalArgumentException("Missing --haadf FILE (the HAADF tilt series)");
		Map<String, Path> files = new LinkedHashMap<>();
		files.put(HAADF, haadf);
		for (String spec : chem) {
			int eq = spec.indexOf('=');
			if (eq <= 0 || eq == spec.length() - 1)
				throw new IllegalArgumentException("--chem '" + spec + "' must be ELEMENT=FILE, e.g. Co=Co.tif");
			String element = spec.substring(0, eq).trim();
			if (!Elements.isElement(element))
				throw new IllegalArgumentException("--chem '" + spec + "': unknown element symbol '" + element + "'" + ElementNames.symbolHint(element));
			if (files.put(element, Path.of(spec.substring(eq + 1))) != null)
				throw new IllegalArgumentException("--chem names element " + element + " twice");
		}
		for (Map.Entry<String, Path> f : files.entrySet())
			OptionChecks.inputFile(f.getValue(), option(f.getKey()));
		Map<Path, String> seen = new LinkedHashMap<>();
		for (Map.Entry<String, Path> f : files.entrySet()) {
			String before = seen.put(f.getValue().toAbsolutePath().normalize(), f.getKey());
			if (before == null)
				for (Map.Entry<Path, String> s : seen.entrySet())
					if (!s.getValue().equals(f.getKey()) && sameFile(s.getKey(), f.getValue()))
						before = s.getValue();
			if (before != null)
				throw new InvalidInputException(f.getValue(), "is given for both " + option(before) + " and " + option(f.getKey()) + "; give each series its own file");
		}
		return files;
	}

	/**
	 * With {@code --spectra}: the files listed and the lines and settings checked, before anything is read. The
	 * map holds only the HAADF entry, the first file (it names the series in messages); the others are protected
	 * too ({@link #protectedFiles}).
	 */
	private Map<String, Path> listSpectra() {
		if (haadf != null || !chem.isEmpty())
			throw new IllegalArgumentException("--spectra replaces --haadf and --chem: give either the spectrum-image files or the tilt series of maps");
		mapSettings = map.settings(1);
		map.checkSettingsApply(map.lines("--spectra"));
		map.linesOnePerElement("--spectra", "reconstruct and align take one line per element");
		spectraFiles = ElementMapSeries.files(spectra);
		Map<String, Path> files = new LinkedHashMap<>();
		files.put(HAADF, spectraFiles.get(0));
		return files;
	}

	private static String option(String series) {
		return series.equals(HAADF) ? "--haadf" : "--chem " + series;
	}

	private static boolean sameFile(Path a, Path b) {
		try {
			return Files.isSameFile(a, b);
		}
		catch (IOException e) {
			return false;
		}
	}

	/**
	 * Every input of these options that outputs must never replace: the {@link #files()}, their sidecars,
	 * {@code .mdoc} files and recipe-referenced files ({@link SeriesReaders#withCompanions}), and {@code --angles}.
	 */
	List<Path> protectedFiles(Map<String, Path> files) {
		List<Path> all = new ArrayList<>();
		for (Path f : files.values())
			all.addAll(SeriesReaders.withCompanions(f));
		all.addAll(spectraFiles);
		if (angles != null)
			all.add(angles);
		return all;
	}

	/**
	 * A note per chemical series with negative values in more than 1 % of its pixels (a background-subtracted map):
	 * the Poisson terms of em and fused read them as 0, without a word before.
	 */
	static void noteNegativeCounts(Map<String, TiltSeries> chemical, String method) {
		chemical.forEach((name, s) -> {
			double share = negativeShare(s);
			if (share > 0.01)
				System.err.printf(Locale.ROOT, "Note: %s is negative in %.0f %% of its pixels (background-subtracted?); %s reads them as 0 counts, which lifts the map where the element is scarce:"
					+ " give raw counts (maps --eds-background none; align without --chem-background)%n", name, 100 * share, method);
		});
	}

	/**
	 * A note when the HAADF series is negative in more than half of its pixels: an offset below zero (a dark
	 * level subtracted twice, a signed detector's offset), not a subtracted background, whose negatives lie in
	 * the vacuum only and then in fewer than half of the pixels. Every method takes the offset as signal (em
	 * and fused read negatives as 0), and did so without a word before.
	 */
	static void noteNegativeHaadf(TiltSeries haadf) {
		if (haadf == null)
			return;
		double share = negativeShare(haadf);
		if (share > 0.5)
			System.err.printf(Locale.ROOT, "Note: HAADF is negative in %.0f %% of its pixels (an offset below zero?); the reconstruction takes the offset as signal"
				+ " (em and fused read negatives as 0): subtract the background first, e.g. with fusedtomo align (--background plane, its default)%n", 100 * share);
	}

	/** The share of {@code s}'s finite values that are negative (0 when none is finite). */
	private static double negativeShare(TiltSeries s) {
		long negative = 0, finite = 0;
		for (float v : s.data())
			if (Float.isFinite(v)) {
				finite++;
				if (v < 0)
					negative++;
			}
		return finite == 0 ? 0 : (double) negative / finite;
	}

	/** The chemical series of {@code series} (every entry but HAADF), in order. */
	static Map<String, TiltSeries> chemical(Map<String, TiltSeries> series) {
		Map<String, TiltSeries> chemical = new LinkedHashMap<>(series);
		chemical.remove(HAADF);
		return chemical;
	}

	/** What reading found about the order and repeats of each series, for the report (see {@link #acquisition()}). */
	private final Map<String, Object> acquisition = new LinkedHashMap<>();

	/**
	 * Per series (HAADF, elements) with repeated tilts, a reordered file or a reader's note: the
	 * projection count, distinct tilts, exposures per tilt, whether they were averaged, the file position
	 * (0-based, acquisition order) of each projection as read, and the notes; empty when there is nothing to say.
	 */
	Map<String, Object> acquisition() {
		return acquisition;
	}

	/**
	 * Where each chemical series of {@code series} (as {@link #read}) lies on the HAADF grid: as
	 * {@code --chem-sampling} gives (its origin divided by {@code --bin}) or else as the calibrations say
	 * ({@link ChemicalSampling#of}).
	 *
	 * @throws IllegalArgumentException in one line naming both files (or the option) when a series does not
	 *         fit: a pixel-size ratio that is no whole number, a window outside the HAADF
	 */
	Map<String, ChemicalSampling> samplings(Map<String, TiltSeries> series, Map<String, Path> files) {
		Map<String, ChemicalSampling> given = new LinkedHashMap<>();
		for (String spec : chemSampling) {
			int eq = spec.indexOf('=');
			String element = eq <= 0 ? "" : spec.substring(0, eq).trim();
			if (!series.containsKey(element) || element.equals(HAADF))
				throw new IllegalArgumentException("--chem-sampling '" + spec + "' must be ELEMENT=FACTOR[,X0,Y0] for an element given with --chem (have " + chemical(series).keySet() + ")");
			ChemicalSampling s;
			try {
				s = ChemicalSampling.parse(spec.substring(eq + 1));
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("--chem-sampling " + element + ": " + e.getMessage());
			}
			if (s.originX() % bin != 0 || s.originY() % bin != 0)
				throw new IllegalArgumentException("--chem-sampling " + spec + ": the origin must be a multiple of --bin " + bin + " to keep its place on the binned grid");
			if (given.put(element, new ChemicalSampling(s.factor(), s.originX() / bin, s.originY() / bin)) != null)
				throw new IllegalArgumentException("--chem-sampling names element " + element + " twice");
		}
		TiltSeries haadfSeries = series.get(HAADF);
		Map<String, ChemicalSampling> samplings = new LinkedHashMap<>();
		chemical(series).forEach((element, chem) -> {
			ChemicalSampling s = given.get(element);
			try {
				if (s == null)
					s = ChemicalSampling.of(haadfSeries, chem);
				else
					s.checkFits(haadfSeries.width(), haadfSeries.height(), chem.width(), chem.height());
			}
			catch (IllegalArgumentException e) {
				Path file = files.getOrDefault(element, haadf);
				throw new IllegalArgumentException(file + " (" + element + ") does not lie on the HAADF grid of " + haadf + ": " + e.getMessage()
					+ (given.containsKey(element) ? " (--chem-sampling " + element + "=" + s.spec() + ")" : e.getMessage().endsWith("window") ? " with --chem-sampling " + element + "=FACTOR[,X0,Y0]" : ""));
			}
			samplings.put(element, s);
		});
		return samplings;
	}

	/**
	 * {@link #samplings} of {@code series} as one multi-modal series (HAADF and at least one element), each chemical series
	 * said to be binned as read ({@link #binning}: its file's binning times {@code --bin}).
	 */
	MultiModalSeries multiModal(Map<String, TiltSeries> series, Map<String, Path> files) {
		return withBinnings(new MultiModalSeries(series.get(HAADF), chemical(series), samplings(series, files)));
	}

	/** {@code series} with each of its chemical series said to be binned as read ({@link #binning}). */
	MultiModalSeries withBinnings(MultiModalSeries series) {
		Map<String, Integer> each = new LinkedHashMap<>();
		series.elements().forEach(el -> each.put(el, binning(el)));
		return series.binned(each);
	}

	/** The binning each series was written with, by name, as {@link #read} found it (absent: as recorded). */
	private final Map<String, Integer> written = new LinkedHashMap<>();

	/**
	 * How many recorded pixels (b × b) each value of the series {@code name} sums or averages as read: the binning its
	 * file says it was written with ({@link TiltSeriesFile#binning}, e.g. by {@code align --bin}) times {@code --bin}.
	 */
	int binning(String name) {
		return Math.multiplyExact(written.getOrDefault(name, 1), bin);
	}

	/** {@code --axis-rotation} as 0, 90, 180 or 270; another value is refused naming the option. */
	private int quarterTurn() {
		try {
			return QuarterTurn.normalise(axisRotationDeg);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("--axis-rotation turns by quarter turns: a multiple of 90 deg (0, 90, 180, 270, -90), got " + axisRotationDeg
				+ "; the tilt-axis finder refines the degrees in between (align --axis-search)", e);
		}
	}

	/**
	 * Reads the {@link #files()} in any supported format: the HAADF file takes {@code --angles} when given
	 * and may hold chemical maps itself (HDF5, EMD, recipes), which join the series by element. Readers'
	 * notes and repeated tilts are told on stderr; with {@code --average-repeats} the exposures of each
	 * tilt are aligned and averaged ({@link RepeatAveraging}) before turning and binning.
	 */
	Map<String, TiltSeries> read(Map<String, Path> files) {
		int turn = quarterTurn();
		Map<String, TiltSeries> series = spectra != null ? extracted() : new LinkedHashMap<>();
		Map<Integer, List<String>> writtenBinned = new TreeMap<>();
		for (Map.Entry<String, Path> f : spectra != null ? Map.<String, Path>of().entrySet() : files.entrySet()) {
			boolean isHaadf = f.getKey().equals(HAADF);
			TiltSeriesFile read = readSeries(f.getValue(), isHaadf ? angles : null, option(f.getKey()));
			read.notes().forEach(n -> System.err.println("Note: " + n));
			if (!isHaadf && !read.chemical().isEmpty())
				throw new InvalidInputException(f.getValue(), "holds chemical maps itself; give it as --haadf, not --chem " + f.getKey() + "=...");
			if (series.put(f.getKey(), read.haadf()) != null)
				throw new InvalidInputException(f.getValue(), "element " + f.getKey() + " is also in the --haadf file; give it once");
			written.put(f.getKey(), read.binning());
			if (read.binning() > 1)
				writtenBinned.computeIfAbsent(read.binning(), b -> new ArrayList<>()).add(f.getValue().toString());
			if (isHaadf) {
				series.putAll(read.chemical());
				read.chemical().keySet().forEach(el -> written.put(el, read.binning()));
			}
			check(f.getKey(), f.getValue(), read.haadf());
			if (isHaadf)
				read.chemical().forEach((el, s) -> check(el, f.getValue(), s));
			describe(f.getKey(), read.haadf(), read.fileIndex(), read.notes());
			if (isHaadf)
				read.chemical().forEach((el, s) -> describe(el, s, null, List.of()));
		}
		writtenBinned.forEach((b, names) -> System.err.println("Note: " + String.join(", ", names) + (names.size() == 1 ? " says" : " say") + " each value holds " + b + " x " + b
			+ " recorded pixels (written binned); counts are read so" + (bin > 1 ? ", times --bin " + bin : "")));
		if (averageRepeats)
			series.replaceAll((name, s) -> averaged(name, s));
		if (turn != 0 || bin != 1)
			series.replaceAll((name, s) -> Binning.bin(turn == 0 ? s : QuarterTurn.rotate(s, turn), bin));
		return series;
	}

	/**
	 * {@link SeriesReaders#read}; a spectrum-image file that is no tilt series (a .bcf, an EELS DM4, a Velox file
	 * without a HAADF image) is refused as a spectrum image with a pointer to {@code --spectra}, where it was "not a
	 * supported tilt-series file", "has no tilt angles" or "use a recipe". A chemical series without angles is not
	 * pointed to {@code --angles}, which gives the HAADF's only.
	 */
	private static TiltSeriesFile readSeries(Path file, Path angleFile, String option) {
		try {
			return SeriesReaders.read(file, angleFile);
		}
		catch (InvalidInputException e) {
			String prefix = file + ": ";
			if (angleFile == null && !option.equals("--haadf") && e.getMessage().endsWith(TiltAngles.ANGLE_FILE_HINT) && e.getMessage().startsWith(prefix)) {
				String problem = e.getMessage().substring(prefix.length(), e.getMessage().length() - TiltAngles.ANGLE_FILE_HINT.length());
				throw new InvalidInputException(file, problem + " (--angles gives the HAADF's tilts only; a chemical series takes its own)", e);
			}
			List<SpectrumImage> spectra;
			try {
				spectra = SpectrumImageReaders.isSpectrumImage(file) ? SpectrumImageReaders.open(file) : List.of();
			}
			catch (IOException | RuntimeException notSpectra) {
				throw e;
			}
			if (spectra.isEmpty())
				throw e;
			SpectrumImage si = spectra.get(0);
			throw new InvalidInputException(file, "is a spectrum image (" + si.width() + " x " + si.height() + " pixels x " + si.energyAxis().channels() + " channels"
				+ (spectra.size() > 1 ? ", and " + (spectra.size() - 1) + " more" : "") + "), not a tilt series (given for " + option
				+ "); give the spectrum images, one file per tilt, with --spectra FILES_OR_FOLDER --lines ... (or make tilt series of maps with 'fusedtomo maps'; one file is fused in 2D by 'fusedtomo fused2d --input "
				+ file + " --lines ...')", e);
		}
	}

	/**
	 * The HAADF and the element maps of the {@code --spectra} files ({@link ElementMapSeries#run}, one file at a
	 * time, no binning: {@code --bin} averages afterwards as for any series). EELS exponent maps are left out;
	 * the survey images, where the files have them, are kept for {@link #spectraSurvey()}.
	 */
	private Map<String, TiltSeries> extracted() {
		double[] fallback = angles == null ? null : TiltAngles.fileOrRange("--angles", angles.toString());
		if (fallback != null)
			SeriesChecks.checkAngles(angles, fallback, true); // NB: the unit only, before extracting; the tilts as used are checked after
		ConsoleMonitor monitor = Monitors.console();
		long t0 = System.nanoTime();
		try {
			extraction = ElementMapSeries.run(spectraFiles, map.lines("--spectra"), mapSettings, fallback, MapsCommand.opener, monitor.prefixed("maps"), surveyOption);
		}
		catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
		monitor.endLine();
		extractionSeconds = (System.nanoTime() - t0) * 1e-9;
		extraction.notes().forEach(n -> System.err.println("Note: " + n));
		Map<String, TiltSeries> series = new LinkedHashMap<>();
		TiltSeries h = extraction.series().get(ElementMapSeries.HAADF);
		if (h == null)
			throw new InvalidInputException(spectraFiles.get(0), "holds no HAADF (or ADF) image beside its spectrum image; --spectra needs one per file as the HAADF series");
		series.put(HAADF, h);
		// NB: one line per element (checked by files()), so each map is named by its element symbol.
		extraction.outputNames().values().forEach(name -> series.put(name, extraction.series().get(name)));
		series.forEach((name, s) -> check(name, spectraFiles.get(0), s));
		return series;
	}

	/** The option that needs a survey image in every {@code --spectra} file (checked before any spectrum is read), or null. */
	private String surveyOption;

	/** With {@code --spectra}: every file must hold a survey image, for {@code option}; checked with the files' metadata by {@link #read}. */
	void requireSurveyImages(String option) {
		surveyOption = option;
	}

	/** The spectrum-image files of {@code --spectra} in name order, once {@link #files()} listed them; empty otherwise. */
	List<Path> spectraFiles() {
		return spectraFiles;
	}

	/** The survey series of the {@code --spectra} files, where every file has a survey image; null otherwise. */
	TiltSeries spectraSurvey() {
		return extraction == null ? null : extraction.series().get(ElementMapSeries.SURVEY);
	}

	/**
	 * With {@code --spectra}, after {@link #read}: the extraction's settings, windows and tilts into {@code report}
	 * (section "spectra") and its sum-spectrum pictures into {@code dir}; nothing otherwise.
	 */
	void reportSpectra(Report report, OutputDirectory dir) {
		if (extraction == null)
			return;
		Map<String, Object> section = new LinkedHashMap<>();
		section.put("files", spectraFiles.stream().map(Path::toString).toList());
		section.put("lines", extraction.outputNames().keySet());
		section.put("settings", MapOptions.settingsJson(mapSettings));
		section.putAll(MapOptions.report(extraction, dir, false));
		report.section("spectra", section).timing("maps", extractionSeconds);
	}

	/**
	 * Refuses a series as read with tilts outside [−90°, 90°] (without {@code --full-rotation}), a single
	 * HAADF projection, or pixels that are all equal; names the file ({@link SeriesChecks}).
	 */
	private void check(String name, Path file, TiltSeries s) {
		SeriesChecks.checkAngles(angleSource(name, file), s.anglesDeg(), fullRotation);
		if (isHaadfName(name))
			SeriesChecks.checkProjections(file, s);
		SeriesChecks.checkVaries(file, isHaadfName(name) ? "HAADF" : name, s);
	}

	/**
	 * The file the angles of {@code name} came from, for messages: {@code --angles} for the HAADF, else the sidecar
	 * that a TIFF, MRC or DM file is read with when it has one, else the file itself.
	 */
	private Path angleSource(String name, Path file) {
		if (isHaadfName(name) && angles != null)
			return angles;
		if (spectra != null)
			return file;
		SeriesReaders.Format format = SeriesReaders.detect(file);
		boolean sidecarFirst = format == SeriesReaders.Format.TIFF || format == SeriesReaders.Format.MRC || format == SeriesReaders.Format.DM || format == SeriesReaders.Format.NPY;
		return sidecarFirst ? TiltAngles.findSidecar(file).orElse(file) : file;
	}

	private static boolean isHaadfName(String name) {
		return name.equals(HAADF);
	}

	/** Records (and tells on stderr) what is worth knowing about the order and repeats of one series. */
	private void describe(String name, TiltSeries s, int[] fileIndex, List<String> notes) {
		RepeatedTilts tilts = RepeatedTilts.of(s.geometry());
		boolean reordered = fileIndex != null && !Arrays.equals(fileIndex, IntStream.range(0, fileIndex.length).toArray());
		if (!tilts.hasRepeats() && !reordered && notes.isEmpty())
			return;
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("projections", tilts.projectionCount());
		entry.put("distinct_tilts", tilts.tiltCount());
		entry.put("exposures_per_tilt", IntStream.range(0, tilts.tiltCount()).map(tilts::exposureCount).toArray());
		entry.put("averaged", averageRepeats && tilts.hasRepeats());
		if (fileIndex != null)
			entry.put("file_index", fileIndex);
		if (!notes.isEmpty())
			entry.put("notes", notes);
		acquisition.put(name, entry);
		if (tilts.hasRepeats() && !averageRepeats)
			System.err.println("Note: " + name + " has " + tilts.summary() + "; every exposure is a projection of its own (--average-repeats averages them)");
	}

	private static TiltSeries averaged(String name, TiltSeries s) {
		RepeatedTilts tilts = RepeatedTilts.of(s.geometry());
		if (!tilts.hasRepeats())
			return s;
		RepeatAveraging.Result r = RepeatAveraging.average(s, CrossCorrelationOptions.DEFAULT);
		double rms = 0;
		for (int i = 0; i < r.dx().length; i++)
			rms += (r.dx()[i] * r.dx()[i] + r.dy()[i] * r.dy()[i]) / r.dx().length;
		System.err.printf(Locale.ROOT, "Note: %s has %s; averaged the exposures of each tilt after aligning them (RMS shift %.2f px)%n", name, tilts.summary(), Math.sqrt(rms));
		return r.averaged();
	}
}
