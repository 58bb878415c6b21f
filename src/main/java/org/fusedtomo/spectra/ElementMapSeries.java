package org.fusedtomo.spectra;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.imglib2.img.array.ArrayImgs;

import org.fusedtomo.data.Binning;
import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.spectra.SpectrumImage.SpectrumKind;

/**
 * A tilt series of spectrum-image files (one per tilt) made into tilt series of element maps, the HAADF and the
 * survey image. Every file is opened first for its metadata only, so that sizes, lines and angles are checked
 * before any spectrum is read; then the files are reduced in angle order, one at a time
 * ({@link SpectrumMaps#extract}), so memory holds the maps, never two spectrum images.
 * <p>
 * A tilt's angle is the file's stage tilt, else a number in its name ("-40.bcf", "tilt_-40.5deg.emd",
 * "tilt+10.dm4"), else the fallback list, given in file-name order.
 */
public final class ElementMapSeries {

	/** Name of the HAADF series. */
	public static final String HAADF = "HAADF";
	/** Name of the survey-image series. */
	public static final String SURVEY = "survey";
	/** File endings taken from a folder. */
	public static final Set<String> EXTENSIONS = Set.of("bcf", "emd", "dm3", "dm4");

	/** Opens the spectrum images of one file (e.g. {@code io.readers.SpectrumImageReaders::open}). */
	@FunctionalInterface
	public interface Opener {
		List<SpectrumImage> open(Path file) throws IOException;
	}

	/** One tilt: its file, angle and where the angle came from ("metadata", "file name" or "--angles"). */
	public record Tilt(Path file, double angleDeg, String angleSource) {
	}

	/**
	 * The outcome.
	 *
	 * @param series the element maps by output name (element symbol, or line name when an element has several
	 *        lines), {@code HAADF} and {@code survey} where every file has one, EELS exponent maps as {@code <line>-r};
	 *        angles ascending
	 * @param outputNames output name of each line
	 * @param tilts the tilts in angle order
	 * @param windows the windows of each kind on the first tilt's energy axis
	 * @param axes the energy axis of each kind on the first tilt
	 * @param sumSpectra per kind, the sum spectrum of each tilt in angle order
	 * @param notes things a user should know (dropped side windows, images left out)
	 */
	public record Result(Map<String, TiltSeries> series, Map<String, String> outputNames, List<Tilt> tilts, Map<SpectrumKind, List<LineWindows>> windows,
		Map<SpectrumKind, EnergyAxis> axes, Map<SpectrumKind, List<double[]>> sumSpectra, List<String> notes) {
	}

	private ElementMapSeries() {}

	/**
	 * The spectrum-image files of {@code inputs}: files as given, folders as their {@link #EXTENSIONS} files sorted by name.
	 *
	 * @throws InvalidInputException when an input is missing or a folder holds none
	 */
	public static List<Path> files(List<Path> inputs) {
		List<Path> out = new ArrayList<>();
		for (Path in : inputs) {
			if (Files.isDirectory(in)) {
				TreeSet<Path> found = new TreeSet<>();
				try (DirectoryStream<Path> list = Files.newDirectoryStream(in)) {
					for (Path p : list)
						if (Files.isRegularFile(p) && EXTENSIONS.contains(extension(p)) && !p.getFileName().toString().startsWith("."))
							found.add(p);
				}
				catch (IOException e) {
					throw new InvalidInputException(in, "cannot list the folder: " + e.getMessage(), e);
				}
				if (found.isEmpty())
					throw new InvalidInputException(in, "holds no spectrum-image files (." + String.join(", .", new TreeSet<>(EXTENSIONS)) + ")");
				out.addAll(found);
			}
			else if (Files.isRegularFile(in))
				out.add(in);
			else
				throw new InvalidInputException(in, "no such file or folder");
		}
		if (out.isEmpty())
			throw new IllegalArgumentException("no spectrum-image files given");
		if (new LinkedHashSet<>(out.stream().map(p -> p.toAbsolutePath().normalize()).toList()).size() != out.size())
			throw new IllegalArgumentException("a spectrum-image file is given twice");
		return out;
	}

	/**
	 * The line names of a comma-separated list, parsed.
	 *
	 * @throws IllegalArgumentException for an unknown or repeated name, or none
	 */
	public static List<SpectralLines.Line> lines(String commaSeparated) {
		List<SpectralLines.Line> lines = new ArrayList<>();
		for (String n : commaSeparated.split(","))
			if (!n.isBlank()) {
				SpectralLines.Line l = SpectralLines.parse(n);
				if (lines.stream().anyMatch(o -> o.name().equals(l.name())))
					throw new IllegalArgumentException("line " + l.name() + " is given twice");
				lines.add(l);
			}
		if (lines.isEmpty())
			throw new IllegalArgumentException("no lines given, e.g. Fe_Ka,Pt_La,S_Ka (EDS) or Co_L3,O_K (EELS)");
		return lines;
	}

	/**
	 * Maps of {@code lines} from every file.
	 *
	 * @param fallbackAnglesDeg angles for files with none in their metadata or name, one per file in file-name order; null when none
	 * @throws IllegalArgumentException (often an {@link InvalidInputException} naming the file) for files that do not fit
	 *         together or the lines, before any spectrum is read
	 * @throws IOException when a file cannot be read
	 */
	public static Result run(List<Path> files, List<SpectralLines.Line> lines, MapSettings settings, double[] fallbackAnglesDeg, Opener opener, Monitor monitor)
		throws IOException {
		return run(files, lines, settings, fallbackAnglesDeg, opener, monitor, null);
	}

	/**
	 * {@link #run(List, List, MapSettings, double[], Opener, Monitor)}; with {@code surveyOption} not null, every file
	 * must hold a survey image, all of one size, checked with the metadata before any spectrum is read (the refusal
	 * names the file and that option).
	 */
	public static Result run(List<Path> files, List<SpectralLines.Line> lines, MapSettings settings, double[] fallbackAnglesDeg, Opener opener, Monitor monitor,
		String surveyOption) throws IOException {
		if (files.isEmpty())
			throw new IllegalArgumentException("no spectrum-image files given");
		Map<SpectrumKind, List<SpectralLines.Line>> byKind = new EnumMap<>(SpectrumKind.class);
		for (SpectralLines.Line l : lines)
			byKind.computeIfAbsent(l.kind(), k -> new ArrayList<>()).add(l);
		Map<String, String> outputNames = outputNames(lines);

		// Pass 1: metadata only, every check before any spectrum is read.
		List<Map<SpectrumKind, SpectrumImage>> chosen = new ArrayList<>();
		SpectrumImage.SurveyImage firstSurvey = null;
		for (Path f : files) {
			monitor.checkCancelled();
			List<SpectrumImage> all = opener.open(f);
			Map<SpectrumKind, SpectrumImage> pick = new EnumMap<>(SpectrumKind.class);
			for (Map.Entry<SpectrumKind, List<SpectralLines.Line>> e : byKind.entrySet())
				pick.put(e.getKey(), choose(f, all, e.getKey(), e.getValue(), settings));
			chosen.add(pick);
			if (surveyOption != null)
				firstSurvey = checkSurvey(f, pick.values().iterator().next(), firstSurvey, files.get(0), surveyOption);
		}
		for (SpectrumKind k : byKind.keySet()) {
			SpectrumImage first = chosen.get(0).get(k);
			for (int i = 1; i < files.size(); i++) {
				SpectrumImage si = chosen.get(i).get(k);
				if (si.width() != first.width() || si.height() != first.height())
					throw new InvalidInputException(files.get(i), String.format(Locale.ROOT, "its %s spectrum image is %d x %d pixels but that of %s is %d x %d; a series needs one size",
						k, si.width(), si.height(), files.get(0).getFileName(), first.width(), first.height()));
			}
		}
		List<Tilt> tilts = angles(files, chosen, fallbackAnglesDeg);
		Integer[] order = new Integer[files.size()];
		for (int i = 0; i < order.length; i++)
			order[i] = i;
		// NB: a stable sort: files at one tilt are repeated exposures, kept in the order given (a folder's: by name), as every reader keeps them.
		Arrays.sort(order, Comparator.comparingDouble(i -> tilts.get(i).angleDeg()));
		List<String> notes = new ArrayList<>(repeatedTiltNotes(files, tilts, order));

		// Pass 2: one file at a time, in angle order.
		int n = files.size();
		Map<String, float[][]> maps = new LinkedHashMap<>();
		Map<SpectrumKind, List<double[]>> sums = new EnumMap<>(SpectrumKind.class);
		Map<SpectrumKind, List<LineWindows>> windows = new EnumMap<>(SpectrumKind.class);
		Map<SpectrumKind, EnergyAxis> axes = new EnumMap<>(SpectrumKind.class);
		int mapW = 0, mapH = 0;
		Calibration mapCalibration = null;
		List<SpectrumImage.SurveyImage> haadf = new ArrayList<>(), survey = new ArrayList<>();
		List<String> firstImages = new ArrayList<>();
		Map<String, double[]> windowCounts = new LinkedHashMap<>();
		for (int k = 0; k < n; k++) {
			int i = order[k];
			Monitor sub = monitor.sub(files.get(i).getFileName().toString(), k, 1, n);
			SpectrumImage imagesOf = null;
			for (Map.Entry<SpectrumKind, List<SpectralLines.Line>> e : byKind.entrySet()) {
				SpectrumImage si = chosen.get(i).get(e.getKey());
				imagesOf = imagesOf == null ? si : imagesOf;
				SpectrumMaps.Result r = SpectrumMaps.extract(si, e.getValue(), settings, sub);
				if (k == 0) {
					windows.put(e.getKey(), r.windows());
					axes.put(e.getKey(), r.axis());
					for (LineWindows lw : r.windows())
						if (!lw.note().isEmpty())
							notes.add(lw.line().name() + ": " + lw.note());
					mapW = r.width();
					mapH = r.height();
					mapCalibration = r.calibration();
				}
				else if (r.width() != mapW || r.height() != mapH)
					throw new InvalidInputException(files.get(i), "its maps are " + r.width() + " x " + r.height() + ", the first tilt's " + mapW + " x " + mapH);
				sums.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).add(r.sumSpectrum());
				r.windowCounts().forEach((line, c) -> {
					double[] t = windowCounts.computeIfAbsent(line, x -> new double[2]);
					t[0] += c[0];
					t[1] += c[1];
				});
				int kk = k;
				r.maps().forEach((line, m) -> maps.computeIfAbsent(outputNames.get(line), x -> new float[n][])[kk] = m);
				r.exponents().forEach((line, m) -> maps.computeIfAbsent(line + "-r", x -> new float[n][])[kk] = m);
			}
			Map<String, SpectrumImage.SurveyImage> images = imagesOf.images();
			if (k == 0)
				firstImages.addAll(images.keySet());
			haadf.add(haadfOf(images, imagesOf));
			survey.add(surveyOf(images, imagesOf));
			// NB: drop this tilt's spectrum images now that it is reduced.
			chosen.set(i, null);
		}
		double[] angles = Arrays.stream(order).mapToDouble(i -> tilts.get(i).angleDeg()).toArray();
		Map<String, TiltSeries> series = new LinkedHashMap<>();
		// NB: say which image became the HAADF, or why there is none; maps wrote no HAADF.tif from a .bcf whose image is "Ch 1" without a word.
		SpectrumImage.SurveyImage firstHaadf = haadf.stream().filter(im -> im != null).findFirst().orElse(null);
		if (firstHaadf == null)
			notes.add("HAADF not written: no image in the files is named HAADF, ADF or DF (the first file holds " + (firstImages.isEmpty() ? "none" : String.join(", ", firstImages))
				+ "); align and reconstruct need a HAADF series, give one with --haadf");
		else if (!firstHaadf.name().equalsIgnoreCase(HAADF))
			notes.add("HAADF is the files' '" + firstHaadf.name() + "' image");
		TiltSeries h = stack(HAADF, haadf, angles, notes);
		if (h != null)
			series.put(HAADF, settings.bin() > 1 && h.width() >= settings.bin() && h.height() >= settings.bin() ? Binning.bin(h, settings.bin()) : h);
		List<String> empty = new ArrayList<>();
		for (Map.Entry<String, float[][]> e : maps.entrySet()) {
			series.put(e.getKey(), stack(e.getValue(), mapW, mapH, angles, mapCalibration));
			if (outputNames.containsValue(e.getKey()) && Arrays.stream(e.getValue()).allMatch(m -> allZero(m)))
				empty.add(e.getKey());
		}
		// NB: an all-zero map is refused later by align and reconstruct as "an empty or failed acquisition"; say here which window held nothing.
		if (!empty.isEmpty())
			notes.add(String.join(", ", empty) + (empty.size() == 1 ? ": its window holds" : ": their windows hold") + " no counts in any pixel of any tilt (is the element in the specimen?)");
		notes.addAll(backgroundOnlyNotes(windowCounts));
		TiltSeries s = stack(SURVEY, survey, angles, notes);
		if (s != null)
			series.put(SURVEY, s);
		List<Tilt> sorted = Arrays.stream(order).map(tilts::get).toList();
		return new Result(series, outputNames, sorted, windows, axes, sums, notes);
	}

	/**
	 * One note per tilt held by several files (repeated exposures, kept as separate projections in the order given),
	 * so that a file given a wrong tilt does not pass without a word.
	 */
	private static List<String> repeatedTiltNotes(List<Path> files, List<Tilt> tilts, Integer[] order) {
		List<String> notes = new ArrayList<>();
		for (int k = 0; k < order.length;) {
			int end = k + 1;
			while (end < order.length && tilts.get(order[end]).angleDeg() == tilts.get(order[k]).angleDeg())
				end++;
			if (end - k > 1) {
				List<String> names = new ArrayList<>();
				for (int j = k; j < end; j++)
					names.add(files.get(order[j]).getFileName().toString());
				notes.add(String.format(Locale.ROOT, "tilt %s deg is held by %d files (%s): kept as repeated exposures in this order (--average-repeats, in Fiji \"Average repeated tilts\", averages them)",
					tilts.get(order[k]).angleDeg(), end - k, String.join(", ", names)));
			}
			k = end;
		}
		return notes;
	}

	/**
	 * One note per line whose window, in the spectrum summed over every pixel and tilt, holds no significant excess
	 * over the background its model predicts (excess under 3 Poisson sigma of window and background): a line absent
	 * from the specimen gave a map of the background under its window without a word.
	 */
	static List<String> backgroundOnlyNotes(Map<String, double[]> windowCounts) {
		List<String> notes = new ArrayList<>();
		windowCounts.forEach((line, c) -> {
			double excess = c[0] - c[1], sigma = Math.sqrt(Math.max(0, c[0] + c[1]));
			if (excess < 3 * sigma)
				notes.add(String.format(Locale.ROOT, "%s: its window holds %.0f counts in the summed spectrum against %.0f expected from the background (excess %.0f, under 3 sigma = %.0f): "
					+ "its map is background (is the element in the specimen?)", line, c[0], c[1], excess, 3 * sigma));
		});
		return notes;
	}

	private static boolean allZero(float[] m) {
		for (float v : m)
			if (v != 0)
				return false;
		return true;
	}

	/** Output name per line: the element, or the line's name where one element has several lines. */
	static Map<String, String> outputNames(List<SpectralLines.Line> lines) {
		Map<String, Integer> count = new LinkedHashMap<>();
		for (SpectralLines.Line l : lines)
			count.merge(l.element(), 1, Integer::sum);
		Map<String, String> out = new LinkedHashMap<>();
		for (SpectralLines.Line l : lines)
			out.put(l.name(), count.get(l.element()) == 1 ? l.element() : l.name());
		return out;
	}

	private static SpectrumImage choose(Path file, List<SpectrumImage> all, SpectrumKind kind, List<SpectralLines.Line> lines, MapSettings s) {
		List<SpectrumImage> ofKind = all.stream().filter(si -> si.kind() == kind).toList();
		if (ofKind.isEmpty())
			throw new InvalidInputException(file, "holds no " + kind + " spectrum image (it holds " + (all.isEmpty() ? "none" : all.stream().map(si -> si.kind().toString()).distinct().toList()) + ") for "
				+ lines.stream().map(SpectralLines.Line::name).toList());
		List<String> reasons = new ArrayList<>();
		for (SpectrumImage si : ofKind)
			try {
				LineWindows.of(lines, si.energyAxis(), s, file.toString());
				return si;
			}
			catch (IllegalArgumentException e) {
				if (ofKind.size() == 1)
					throw e;
				String m = e.getMessage();
				reasons.add(m.startsWith(file + ": ") ? m.substring(file.toString().length() + 2) : m);
			}
		// NB: every range's reason: a Velox file holds one EELS image per energy range, and the first one's said nothing of the range that nearly fits.
		throw new InvalidInputException(file, "none of its " + ofKind.size() + " " + kind + " spectrum images holds the windows of " + lines.stream().map(SpectralLines.Line::name).toList()
			+ ": " + String.join("; ", reasons));
	}

	private static List<Tilt> angles(List<Path> files, List<Map<SpectrumKind, SpectrumImage>> chosen, double[] fallback) {
		List<Tilt> tilts = new ArrayList<>();
		List<Integer> missing = new ArrayList<>();
		for (int i = 0; i < files.size(); i++) {
			SpectrumImage si = chosen.get(i).values().iterator().next();
			if (si.tiltDeg().isPresent())
				tilts.add(new Tilt(files.get(i), si.tiltDeg().getAsDouble(), "metadata"));
			else {
				Double fromName = angleFromName(files.get(i));
				tilts.add(fromName == null ? null : new Tilt(files.get(i), fromName, "file name"));
				if (fromName == null)
					missing.add(i);
			}
		}
		if (missing.isEmpty())
			return tilts;
		if (fallback == null)
			throw new InvalidInputException(files.get(missing.get(0)), "has no tilt angle in its metadata or name (e.g. -40.bcf, tilt_-40.5deg.emd); give --angles FIRST:LAST:STEP");
		if (fallback.length != files.size())
			throw new IllegalArgumentException("--angles gives " + fallback.length + " angles for " + files.size() + " files (one per file, in file-name order)");
		Integer[] byName = new Integer[files.size()];
		for (int i = 0; i < byName.length; i++)
			byName[i] = i;
		Arrays.sort(byName, Comparator.comparing(i -> files.get(i).getFileName().toString()));
		for (int k = 0; k < byName.length; k++)
			tilts.set(byName[k], new Tilt(files.get(byName[k]), fallback[k], "--angles"));
		return tilts;
	}

	private static final Pattern DEG = Pattern.compile("([-+]?\\d+(?:\\.\\d+)?)\\s*(?:deg|°)", Pattern.CASE_INSENSITIVE);
	private static final Pattern TILT = Pattern.compile("(?:tilt|angle|alpha)[ _=-]?([-+]?\\d+(?:\\.\\d+)?)", Pattern.CASE_INSENSITIVE);
	private static final Pattern NUMBER = Pattern.compile("[-+]?\\d+(?:\\.\\d+)?");

	/** The tilt in a file name: a number before "deg", after "tilt"/"angle"/"alpha", or the whole base name; null when none. */
	public static Double angleFromName(Path file) {
		String name = file.getFileName().toString();
		int dot = name.lastIndexOf('.');
		String base = dot > 0 ? name.substring(0, dot) : name;
		for (Pattern p : List.of(DEG, TILT)) {
			Matcher m = p.matcher(base);
			if (m.find())
				return Double.parseDouble(m.group(1));
		}
		return NUMBER.matcher(base.trim()).matches() ? Double.valueOf(base.trim()) : null;
	}

	private static SpectrumImage.SurveyImage haadfOf(Map<String, SpectrumImage.SurveyImage> images, SpectrumImage si) {
		for (String want : List.of("HAADF", "ADF", "DF"))
			for (SpectrumImage.SurveyImage im : images.values())
				if (im.name().toUpperCase(Locale.ROOT).contains(want) && !isSurvey(im, si))
					return im;
		return null;
	}

	/**
	 * The survey image of {@code file}'s spectrum image {@code si}, refused in one line naming the file and
	 * {@code option} when there is none or when its size differs from {@code first}'s (of {@code firstFile}; null for the first file).
	 */
	private static SpectrumImage.SurveyImage checkSurvey(Path file, SpectrumImage si, SpectrumImage.SurveyImage first, Path firstFile, String option) throws IOException {
		Map<String, SpectrumImage.SurveyImage> images = si.images();
		SpectrumImage.SurveyImage survey = surveyOf(images, si);
		if (survey == null)
			throw new InvalidInputException(file, "holds no survey image (" + (images.isEmpty() ? "no image" : "only " + String.join(", ", images.keySet()))
				+ " beside its " + si.width() + " x " + si.height() + " spectrum image); " + option + " needs one in every file: give the survey series with --survey FILE, or drop " + option);
		if (first != null && (survey.width() != first.width() || survey.height() != first.height()))
			throw new InvalidInputException(file, "its survey image is " + survey.width() + " x " + survey.height() + " pixels but that of " + firstFile.getFileName() + " is "
				+ first.width() + " x " + first.height() + "; " + option + " needs one size in every file");
		return first != null ? first : survey;
	}

	private static SpectrumImage.SurveyImage surveyOf(Map<String, SpectrumImage.SurveyImage> images, SpectrumImage si) {
		for (SpectrumImage.SurveyImage im : images.values())
			if (isSurvey(im, si))
				return im;
		return null;
	}

	/** A survey image: named so, or of another size than the spectrum image. */
	private static boolean isSurvey(SpectrumImage.SurveyImage im, SpectrumImage si) {
		return im.name().toLowerCase(Locale.ROOT).contains("survey") || im.width() != si.width() || im.height() != si.height();
	}

	private static TiltSeries stack(String name, List<SpectrumImage.SurveyImage> images, double[] angles, List<String> notes) {
		long have = images.stream().filter(im -> im != null).count();
		if (have == 0)
			return null;
		SpectrumImage.SurveyImage first = images.stream().filter(im -> im != null).findFirst().orElseThrow();
		if (have < images.size() || images.stream().anyMatch(im -> im.width() != first.width() || im.height() != first.height())) {
			notes.add(name + " not written: " + (have < images.size() ? "only " + have + " of " + images.size() + " files hold one" : "its size differs between files"));
			return null;
		}
		float[][] px = images.stream().map(SpectrumImage.SurveyImage::pixels).toArray(float[][]::new);
		return stack(px, first.width(), first.height(), angles, first.calibration());
	}

	private static TiltSeries stack(float[][] slices, int w, int h, double[] angles, Calibration c) {
		float[] data = new float[w * h * slices.length];
		for (int a = 0; a < slices.length; a++)
			System.arraycopy(slices[a], 0, data, a * w * h, w * h);
		return new TiltSeries(ArrayImgs.floats(data, w, h, slices.length), angles, c == null ? Calibration.PIXEL : c);
	}

	private static String extension(Path p) {
		String n = p.getFileName().toString();
		int dot = n.lastIndexOf('.');
		return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
	}
}
