package org.fusedtomo.align;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Reads and writes an {@link Alignment} as JSON ({@code alignment.json}):
 *
 * <pre>
 * { "format": "fusedtomo-alignment", "version": 1,
 *   "anglesDeg": [...], "dxPx": [...], "dyPx": [...],
 *   "axisRotationDeg": 2.0, "axisOffsetPx": 3.0, "methods": ["centre-of-mass", ...] }
 * </pre>
 *
 * Files are written atomically (a temporary file in the same folder, then a rename), so a reader never
 * sees half a file. Malformed input throws {@link IllegalArgumentException} naming the source, the field
 * and the problem.
 */
public final class AlignmentJson {

	static final String FORMAT = "fusedtomo-alignment";
	static final int VERSION = 1;

	private AlignmentJson() {}

	/** The JSON text of {@code alignment}, pretty-printed. */
	public static String toJson(Alignment alignment) {
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
		return new GsonBuilder().setPrettyPrinting().create().toJson(o);
	}

	/**
	 * Parses JSON text written by {@link #toJson}; {@code source} names it in error messages.
	 *
	 * @throws IllegalArgumentException on syntax errors, a missing or mistyped field, non-finite
	 *         numbers or arrays of different lengths
	 */
	public static Alignment fromJson(String json, String source) {
		JsonElement root;
		try {
			root = JsonParser.parseString(json);
		}
		catch (JsonParseException e) {
			throw new IllegalArgumentException(source + ": not valid JSON (" + e.getMessage() + ")", e);
		}
		if (!root.isJsonObject())
			throw new IllegalArgumentException(source + ": an alignment must be a JSON object, got " + kind(root));
		JsonObject o = root.getAsJsonObject();
		if (o.has("format") && !FORMAT.equals(stringOrNull(o.get("format"))))
			throw new IllegalArgumentException(source + ": format is " + o.get("format") + ", expected \"" + FORMAT + "\"");
		if (o.has("version") && number(o, "version", source) > VERSION)
			throw new IllegalArgumentException(source + ": alignment version " + o.get("version") + " is newer than this software reads (" + VERSION + ")");
		double[] angles = numbers(o, "anglesDeg", source);
		double[] dx = numbers(o, "dxPx", source);
		double[] dy = numbers(o, "dyPx", source);
		if (dx.length != angles.length || dy.length != angles.length)
			throw new IllegalArgumentException(source + ": anglesDeg, dxPx and dyPx must have one entry per projection, got "
				+ angles.length + ", " + dx.length + " and " + dy.length);
		double rotation = number(o, "axisRotationDeg", source);
		double offset = number(o, "axisOffsetPx", source);
		List<String> methods = new ArrayList<>();
		if (o.has("methods")) {
			if (!o.get("methods").isJsonArray())
				throw new IllegalArgumentException(source + ": methods must be an array of strings, got " + kind(o.get("methods")));
			for (JsonElement e : o.getAsJsonArray("methods")) {
				String s = stringOrNull(e);
				if (s == null)
					throw new IllegalArgumentException(source + ": methods must hold strings, got " + kind(e));
				methods.add(s);
			}
		}
		try {
			return new Alignment(angles, dx, dy, rotation, offset, methods);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
		}
	}

	/** Writes {@code alignment} to {@code file} atomically (temporary file + rename). */
	public static void save(Alignment alignment, Path file) {
		Path target = file.toAbsolutePath();
		try {
			Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
			try {
				Files.writeString(tmp, toJson(alignment), StandardCharsets.UTF_8);
				try {
					Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				}
				catch (AtomicMoveNotSupportedException e) {
					Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
				}
			}
			finally {
				Files.deleteIfExists(tmp);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot write alignment " + file + ": " + e.getMessage(), e);
		}
	}

	/**
	 * Reads an alignment file.
	 *
	 * @throws UncheckedIOException when it cannot be read
	 * @throws IllegalArgumentException when its content is not a valid alignment
	 */
	public static Alignment load(Path file) {
		String text;
		try {
			text = Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read alignment " + file + ": " + e.getMessage(), e);
		}
		return fromJson(text, file.toString());
	}

	private static JsonArray array(double[] values) {
		JsonArray a = new JsonArray();
		for (double v : values)
			a.add(v);
		return a;
	}

	private static double[] numbers(JsonObject o, String field, String source) {
		JsonElement e = o.get(field);
		if (e == null || !e.isJsonArray())
			throw new IllegalArgumentException(source + ": field " + field + " must be an array of numbers, got " + kind(e));
		JsonArray a = e.getAsJsonArray();
		double[] v = new double[a.size()];
		for (int i = 0; i < v.length; i++)
			v[i] = toNumber(a.get(i), field + "[" + i + "]", source);
		return v;
	}

	private static double number(JsonObject o, String field, String source) {
		return toNumber(o.get(field), field, source);
	}

	private static double toNumber(JsonElement e, String field, String source) {
		if (e == null || !e.isJsonPrimitive() || !((JsonPrimitive) e).isNumber()) {
			// Gson writes NaN and infinities as bare words only when lenient; accept none of them.
			throw new IllegalArgumentException(source + ": " + field + " must be a finite number, got " + kind(e));
		}
		double v = e.getAsDouble();
		if (!Double.isFinite(v))
			throw new IllegalArgumentException(source + ": " + field + " must be a finite number, got " + v);
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
