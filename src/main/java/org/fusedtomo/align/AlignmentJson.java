package org.fusedtomo.align;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.InvalidInputException;

/**
 * Reads and writes an {@link Alignment} as JSON ({@code alignment.json}):
 *
 * <pre>
 * { "format": "fusedtomo-alignment", "version": 1,
 *   "anglesDeg": [...], "dxPx": [...], "dyPx": [...],
 *   "axisRotationDeg": 2.0, "axisOffsetPx": 3.0, "methods": ["centre-of-mass", ...] }
 * </pre>
 *
 * Optional fields of {@link AlignmentEvidence} (written by {@link #toJson(Alignment, AlignmentEvidence)},
 * read by {@link #evidence}, ignored by {@link #load}; files without them stay valid):
 * {@code "axis": {"rotationDeg", "rotationSigmaDeg", "rotationCandidateDeg", "rotationSupported",
 * "offsetPx", "offsetSigmaPx", "criterion"}} (a NaN or infinite error is written as null),
 * {@code "residualPerTilt", "heldOutDxPx", "heldOutDyPx"} (one per projection, see {@link TiltResiduals}),
 * {@code "shiftErrorRmsPx": {"x", "y"}} (their RMS) and {@code "warnings"}. The optional {@code "series":
 * {"widthPx", "heightPx", "pixelSize", "unit"}} ({@link #withSeries}) records the grid of the HAADF series the
 * shifts are in pixels of, so that {@link #checkSeries} refuses the alignment for a series read on another grid.
 *
 * Files are written through {@link AtomicFiles} (a temporary file in the same folder, then a rename),
 * so a reader never sees half a file and an input is never overwritten. Malformed text throws
 * {@link IllegalArgumentException} naming the source, the field and the problem; a file that cannot be
 * read or parsed throws {@link InvalidInputException} naming the file.
 */
public final class AlignmentJson {

	static final String FORMAT = "fusedtomo-alignment";
	static final int VERSION = 1;

	private AlignmentJson() {}

	/** The JSON text of {@code alignment}, pretty-printed. */
	public static String toJson(Alignment alignment) {
		return toJson(alignment, AlignmentEvidence.NONE);
	}

	/** The JSON text of {@code alignment} with the optional fields of {@code evidence}, pretty-printed. */
	public static String toJson(Alignment alignment, AlignmentEvidence evidence) {
		JsonObject o = object(alignment);
		AxisEstimate axis = evidence.axis();
		if (axis != null) {
			JsonObject a = new JsonObject();
			a.addProperty("rotationDeg", axis.rotationDeg());
			a.add("rotationSigmaDeg", finiteOrNull(axis.rotationSigmaDeg()));
			a.addProperty("rotationCandidateDeg", axis.rotationCandidateDeg());
			a.addProperty("rotationSupported", axis.rotationSupported());
			a.addProperty("offsetPx", alignment.axisOffsetPx());
			a.add("offsetSigmaPx", finiteOrNull(axis.offsetSigmaPx()));
			a.addProperty("criterion", axis.criterion());
			o.add("axis", a);
		}
		TiltResiduals r = evidence.residuals();
		if (r != null) {
			double[] rms = r.shiftErrorRmsPx();
			JsonObject e = new JsonObject();
			e.add("x", finiteOrNull(rms[0]));
			e.add("y", finiteOrNull(rms[1]));
			o.add("shiftErrorRmsPx", e);
			o.add("heldOutDxPx", finiteArray(r.heldOutDxPx()));
			o.add("heldOutDyPx", finiteArray(r.heldOutDyPx()));
			o.add("residualPerTilt", finiteArray(r.residual()));
		}
		if (!evidence.warnings().isEmpty()) {
			JsonArray w = new JsonArray();
			evidence.warnings().forEach(w::add);
			o.add("warnings", w);
		}
		return new GsonBuilder().setPrettyPrinting().create().toJson(o);
	}

	/**
	 * The optional evidence fields of JSON text written by {@link #toJson(Alignment, AlignmentEvidence)};
	 * {@link AlignmentEvidence#NONE} parts where absent (older files). {@code source} names it in errors.
	 *
	 * @throws IllegalArgumentException on syntax errors or mistyped evidence fields
	 */
	public static AlignmentEvidence evidence(String json, String source) {
		try {
			Alignment alignment = parse(json);
			JsonObject o = JsonParser.parseString(json).getAsJsonObject();
			AxisEstimate axis = null;
			if (o.has("axis")) {
				if (!o.get("axis").isJsonObject())
					throw new IllegalArgumentException("axis must be an object, got " + kind(o.get("axis")));
				JsonObject a = o.getAsJsonObject("axis");
				axis = new AxisEstimate(number(a, "rotationDeg"), numberOrNaN(a, "rotationSigmaDeg"), number(a, "rotationCandidateDeg"), number(a, "offsetPx"),
					numberOrNaN(a, "offsetSigmaPx"), a.has("criterion") ? String.valueOf(stringOrNull(a.get("criterion"))) : "unknown", List.of());
			}
			TiltResiduals residuals = null;
			if (o.has("residualPerTilt")) {
				double[] res = numbers(o, "residualPerTilt", true), sx = numbers(o, "heldOutDxPx", true), sy = numbers(o, "heldOutDyPx", true);
				int n = alignment.angleCount();
				if (res.length != n || sx.length != n || sy.length != n)
					throw new IllegalArgumentException("residualPerTilt, heldOutDxPx and heldOutDyPx must have one entry per projection (" + n + "), got " + res.length + ", "
						+ sx.length + " and " + sy.length);
				residuals = new TiltResiduals(alignment.anglesDeg(), res, sx, sy);
			}
			List<String> warnings = new ArrayList<>();
			if (o.has("warnings")) {
				if (!o.get("warnings").isJsonArray())
					throw new IllegalArgumentException("warnings must be an array of strings, got " + kind(o.get("warnings")));
				for (JsonElement e : o.getAsJsonArray("warnings"))
					warnings.add(String.valueOf(stringOrNull(e)));
			}
			return new AlignmentEvidence(axis, residuals, warnings);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
		}
	}

	private static JsonObject object(Alignment alignment) {
		JsonObject o = new JsonObject();
		o.addProperty("format", FORMAT);
		o.addProperty("version", VERSION);
		o.add("anglesDeg", array(alignment.anglesDeg()));
		o.add("dxPx", array(alignment.dx()));
		o.add("dyPx", array(alignment.dy()));
		o.addProperty("axisRotationDeg", alignment.axisRotationDeg());
		o.addProperty("axisOffsetPx", alignment.axisOffsetPx());
		JsonArray m = new JsonArray();
		alignment.methods().forEach(m::add);
		o.add("methods", m);
		return o;
	}

	private static JsonElement finiteOrNull(double v) {
		return Double.isFinite(v) ? new JsonPrimitive(v) : com.google.gson.JsonNull.INSTANCE;
	}

	private static JsonArray finiteArray(double[] values) {
		JsonArray a = new JsonArray();
		for (double v : values)
			a.add(finiteOrNull(v));
		return a;
	}

	private static double numberOrNaN(JsonObject o, String field) {
		JsonElement e = o.get(field);
		return e == null || e.isJsonNull() ? Double.NaN : toNumber(e, field);
	}

	/**
	 * Parses JSON text written by {@link #toJson}; {@code source} names it in error messages.
	 *
	 * @throws IllegalArgumentException on syntax errors, a missing or mistyped field, non-finite
	 *         numbers or arrays of different lengths
	 */
	public static Alignment fromJson(String json, String source) {
		try {
			return parse(json);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
		}
	}

	/** The alignment in {@code json}; problems are thrown as messages without a source. */
	private static Alignment parse(String json) {
		JsonElement root;
		try {
			root = JsonParser.parseString(json);
		}
		catch (JsonParseException e) {
			throw new IllegalArgumentException("not valid JSON (" + e.getMessage() + ")", e);
		}
		if (!root.isJsonObject())
			throw new IllegalArgumentException("an alignment must be a JSON object, got " + kind(root));
		JsonObject o = root.getAsJsonObject();
		if (o.has("format") && !FORMAT.equals(stringOrNull(o.get("format"))))
			throw new IllegalArgumentException("format is " + o.get("format") + ", expected \"" + FORMAT + "\"");
		if (o.has("version") && number(o, "version") > VERSION)
			throw new IllegalArgumentException("alignment version " + o.get("version") + " is newer than this software reads (" + VERSION + ")");
		double[] angles = numbers(o, "anglesDeg");
		double[] dx = numbers(o, "dxPx");
		double[] dy = numbers(o, "dyPx");
		if (dx.length != angles.length || dy.length != angles.length)
			throw new IllegalArgumentException("anglesDeg, dxPx and dyPx must have one entry per projection, got "
				+ angles.length + ", " + dx.length + " and " + dy.length);
		double rotation = number(o, "axisRotationDeg");
		if (!(Math.abs(rotation) <= MAX_AXIS_ROTATION_DEG))
			throw new IllegalArgumentException("axisRotationDeg " + rotation + " lies outside [-180, 180] deg; an axis turned further is the same axis: give it within half a turn");
		double offset = number(o, "axisOffsetPx");
		List<String> methods = new ArrayList<>();
		if (o.has("methods")) {
			if (!o.get("methods").isJsonArray())
				throw new IllegalArgumentException("methods must be an array of strings, got " + kind(o.get("methods")));
			for (JsonElement e : o.getAsJsonArray("methods")) {
				String s = stringOrNull(e);
				if (s == null)
					throw new IllegalArgumentException("methods must hold strings, got " + kind(e));
				methods.add(s);
			}
		}
		return new Alignment(angles, dx, dy, rotation, offset, methods);
	}

	/**
	 * Writes {@code alignment} to {@code file} atomically through {@code files}, which refuses to
	 * overwrite the inputs it protects.
	 *
	 * @throws InvalidInputException when {@code file} is a protected input or a directory
	 * @throws java.io.UncheckedIOException naming the file when writing fails
	 */
	public static void save(Alignment alignment, Path file, AtomicFiles files) {
		save(alignment, AlignmentEvidence.NONE, file, files);
	}

	/** {@link #save(Alignment, Path, AtomicFiles)} with the optional evidence fields. */
	public static void save(Alignment alignment, AlignmentEvidence evidence, Path file, AtomicFiles files) {
		byte[] json = toJson(alignment, evidence).getBytes(StandardCharsets.UTF_8);
		files.write(file, out -> out.write(json));
	}

	/** {@link #save(Alignment, Path, AtomicFiles)} protecting no inputs. */
	public static void save(Alignment alignment, Path file) {
		save(alignment, file, AtomicFiles.protecting());
	}

	/**
	 * Reads an alignment file.
	 *
	 * @throws InvalidInputException naming the file when it cannot be read or is not a valid alignment
	 */
	public static Alignment load(Path file) {
		String text;
		try {
			text = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new InvalidInputException(file, "cannot read the alignment: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
		}
		try {
			return parse(text);
		}
		catch (IllegalArgumentException e) {
			throw new InvalidInputException(file, e.getMessage(), e);
		}
	}

	/** {@code alignmentJson} with the {@code "series"} section: the grid of {@code haadf}, whose pixels the shifts are in. */
	public static String withSeries(String alignmentJson, TiltSeries haadf) {
		JsonObject o = JsonParser.parseString(alignmentJson).getAsJsonObject();
		JsonObject g = new JsonObject();
		g.addProperty("widthPx", haadf.width());
		g.addProperty("heightPx", haadf.height());
		g.addProperty("pixelSize", haadf.calibration().pixelSize());
		g.addProperty("unit", haadf.calibration().unit());
		o.add("series", g);
		return new GsonBuilder().setPrettyPrinting().create().toJson(o);
	}

	/**
	 * Refuses the alignment in {@code alignmentFile} for {@code series} (read from {@code seriesFile}) when the file
	 * records another grid ({@link #withSeries}): its shifts are in the pixels of that grid, so a series read with
	 * another {@code --bin} would be moved by the wrong amounts without a word. Files without the section pass.
	 *
	 * @throws InvalidInputException naming the alignment file, both grids and what to do
	 */
	public static void checkSeries(Path alignmentFile, TiltSeries series, Path seriesFile) {
		checkSeries(alignmentFile, series, seriesFile.toString(), "read it as the aligned series was (the same --bin)");
	}

	/**
	 * {@link #checkSeries(Path, TiltSeries, Path)} for a series known by {@code seriesName} (an image in Fiji), with
	 * {@code sameGrid} saying how to get the aligned series' grid back.
	 */
	public static void checkSeries(Path alignmentFile, TiltSeries series, String seriesName, String sameGrid) {
		int w, h;
		String made;
		try {
			JsonElement root = JsonParser.parseString(Files.readString(alignmentFile, StandardCharsets.UTF_8));
			if (!root.isJsonObject() || !root.getAsJsonObject().has("series"))
				return;
			if (!root.getAsJsonObject().get("series").isJsonObject())
				throw new IllegalArgumentException("series must be an object, got " + kind(root.getAsJsonObject().get("series")));
			JsonObject g = root.getAsJsonObject().getAsJsonObject("series");
			w = (int) number(g, "widthPx");
			h = (int) number(g, "heightPx");
			String unit = g.has("unit") ? String.valueOf(stringOrNull(g.get("unit"))) : "";
			made = w + " x " + h + " pixels" + (g.has("pixelSize") ? " of " + String.format(java.util.Locale.ROOT, "%.4g", number(g, "pixelSize")) + " " + unit : "");
		}
		catch (IOException | JsonParseException | IllegalArgumentException e) {
			throw new InvalidInputException(alignmentFile, "cannot read the alignment: " + e.getMessage(), e);
		}
		if (w == series.width() && h == series.height())
			return;
		String read = series.width() + " x " + series.height() + " pixels of " + String.format(java.util.Locale.ROOT, "%.4g", series.calibration().pixelSize()) + " "
			+ series.calibration().unit();
		throw new InvalidInputException(alignmentFile, "its shifts are in pixels of a " + made + " series, but " + seriesName + " is read as " + read
			+ "; " + sameGrid + ", or align it anew");
	}

	private static JsonArray array(double[] values) {
		JsonArray a = new JsonArray();
		for (double v : values)
			a.add(v);
		return a;
	}

	/** Largest |axisRotationDeg| read: half a turn either way covers every axis direction. */
	public static final double MAX_AXIS_ROTATION_DEG = 180;

	/** Largest difference, degrees, between an alignment's angle and its series' tilt (text files round angles). */
	static final double ANGLE_MATCH_TOLERANCE_DEG = 0.05;

	/**
	 * Refuses {@code alignment} (read from {@code alignmentFile}) for the series it is to align,
	 * {@code series} read from {@code seriesFile}: its angles must be that series' tilts, repeats included
	 * (the same multiset within {@value #ANGLE_MATCH_TOLERANCE_DEG}°), and its shifts and axis offset must lie
	 * within the image: a larger shift moves the whole image out of view, so it comes from another series or a
	 * damaged file.
	 *
	 * @throws InvalidInputException naming the alignment file, the value and the series it does not fit
	 */
	public static void checkFits(Alignment alignment, Path alignmentFile, TiltSeries series, Path seriesFile) {
		int w = series.width(), h = series.height();
		for (int i = 0; i < alignment.angleCount(); i++)
			if (!(Math.abs(alignment.dx(i)) <= w) || !(Math.abs(alignment.dy(i)) <= h))
				throw new InvalidInputException(alignmentFile, String.format(java.util.Locale.ROOT,
					"shift (%s, %s) px at tilt %s deg moves the image beyond its %d x %d pixels of %s; this alignment is not for this series (align it anew)",
					alignment.dx(i), alignment.dy(i), alignment.anglesDeg()[i], w, h, seriesFile));
		if (!(Math.abs(alignment.axisOffsetPx()) <= w))
			throw new InvalidInputException(alignmentFile, "axisOffsetPx " + alignment.axisOffsetPx() + " lies beyond the " + w + " px width of " + seriesFile + "; align it anew");
		double[] ours = alignment.anglesDeg(), theirs = series.anglesDeg();
		java.util.Arrays.sort(ours);
		java.util.Arrays.sort(theirs);
		String why = null;
		if (ours.length != theirs.length)
			why = "holds " + ours.length + " angles but " + seriesFile + " has " + theirs.length + " projections";
		else
			for (int i = 0; i < ours.length && why == null; i++)
				if (!(Math.abs(ours[i] - theirs[i]) <= ANGLE_MATCH_TOLERANCE_DEG))
					why = "angle " + ours[i] + " deg (sorted entry " + (i + 1) + ") is not a tilt of " + seriesFile + " (there " + theirs[i] + " deg)";
		if (why != null)
			throw new InvalidInputException(alignmentFile, why + ": it was made for another series (" + describe(ours) + " vs " + describe(theirs)
				+ "); align this series anew, or give the alignment made for it");
	}

	/** "41 angles, -60 to 60 deg, 2 repeated" and the like. */
	private static String describe(double[] sorted) {
		int repeats = 0;
		for (int i = 1; i < sorted.length; i++)
			if (Math.abs(sorted[i] - sorted[i - 1]) <= org.fusedtomo.geometry.RepeatedTilts.TOLERANCE_DEG)
				repeats++;
		return sorted.length + " angles, " + sorted[0] + " to " + sorted[sorted.length - 1] + " deg" + (repeats > 0 ? ", " + repeats + " repeated" : "");
	}

	private static double[] numbers(JsonObject o, String field) {
		return numbers(o, field, false);
	}

	/** The array {@code field}; with {@code nullIsNaN}, JSON nulls (unknown values) read as NaN. */
	private static double[] numbers(JsonObject o, String field, boolean nullIsNaN) {
		JsonElement e = o.get(field);
		if (e == null || !e.isJsonArray())
			throw new IllegalArgumentException("field " + field + " must be an array of numbers, got " + kind(e));
		JsonArray a = e.getAsJsonArray();
		double[] v = new double[a.size()];
		for (int i = 0; i < v.length; i++)
			v[i] = nullIsNaN && a.get(i).isJsonNull() ? Double.NaN : toNumber(a.get(i), field + "[" + i + "]");
		return v;
	}

	private static double number(JsonObject o, String field) {
		return toNumber(o.get(field), field);
	}

	private static double toNumber(JsonElement e, String field) {
		if (e == null || !e.isJsonPrimitive() || !((JsonPrimitive) e).isNumber()) {
			// Gson writes NaN and infinities as bare words only when lenient; accept none of them.
			throw new IllegalArgumentException(field + " must be a finite number, got " + kind(e));
		}
		double v = e.getAsDouble();
		if (!Double.isFinite(v))
			throw new IllegalArgumentException(field + " must be a finite number, got " + v);
		return v;
	}

	private static String stringOrNull(JsonElement e) {
		return e != null && e.isJsonPrimitive() && ((JsonPrimitive) e).isString() ? e.getAsString() : null;
	}

	private static String kind(JsonElement e) {
		if (e == null || e.isJsonNull())
			return "nothing";
		if (e.isJsonPrimitive())
			return e.toString();
		return e.isJsonArray() ? "an array" : "an object";
	}
}
