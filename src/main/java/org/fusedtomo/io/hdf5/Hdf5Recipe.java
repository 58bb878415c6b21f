package org.fusedtomo.io.hdf5;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.DecodedStack;
import org.fusedtomo.io.ElementNames;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.LengthUnits;
import org.fusedtomo.io.TiltAngles;
import org.fusedtomo.io.TiltSeriesFile;

/**
 * How to import any HDF5 file: which dataset is the HAADF series, which the angles (degrees), which
 * axis of the 3D datasets holds the angles (the two others, in file order, are y and x), which
 * dataset is the map of each element, and the pixel size. Saved as a small JSON file that
 * {@code fusedtomo} takes wherever it takes a tilt-series file ({@code --haadf recipe.json},
 * {@code info recipe.json}):
 *
 * <pre>
 * {"file": "IDP.h5", "haadf": "HAADF", "angles": "tilt_angles_deg", "angleAxis": 0,
 *  "chemical": {"Fe": "EDS_maps/Fe_Ka", "Pt": "EDS_maps/Pt_La"}, "pixelSize": 13.08, "unit": "nm"}
 * </pre>
 *
 * {@code file} is relative to the recipe's folder. Chemical keys are element symbols or X-ray line
 * names ("Fe_Ka" means Fe). Chemical angles come from {@code chemicalAngles} when given, else from a
 * {@code tiltAngles} dataset in the map's own group (tomo_TV), else from {@code angles}. Without
 * {@code pixelSize} the series are in pixels.
 *
 * @param chemical element symbol (or line name) to dataset path, in order
 * @param chemicalAngles dataset of the chemical angles, or null
 * @param pixelSize pixel size in {@code unit}, or null
 */
public record Hdf5Recipe(String file, String haadf, String angles, int angleAxis, Map<String, String> chemical, String chemicalAngles, Double pixelSize, String unit) {

	private static final Set<String> KEYS = Set.of("file", "haadf", "angles", "angleAxis", "chemical", "chemicalAngles", "pixelSize", "unit");

	public Hdf5Recipe {
		if (file == null || file.isBlank())
			throw new IllegalArgumentException("file must name the HDF5 file, got '" + file + "'");
		if (haadf == null || haadf.isBlank())
			throw new IllegalArgumentException("haadf must name a dataset, got '" + haadf + "'");
		if (angles == null || angles.isBlank())
			throw new IllegalArgumentException("angles must name a dataset, got '" + angles + "'");
		if (angleAxis < 0 || angleAxis > 2)
			throw new IllegalArgumentException("angleAxis must be 0, 1 or 2, got " + angleAxis);
		if (pixelSize != null && !(pixelSize > 0 && Double.isFinite(pixelSize)))
			throw new IllegalArgumentException("pixelSize must be a positive number, got " + pixelSize);
		if (pixelSize != null && (unit == null || unit.isBlank()))
			throw new IllegalArgumentException("unit must be given with pixelSize " + pixelSize + ", e.g. \"nm\"");
		if (unit != null && !unit.isBlank() && Double.isNaN(LengthUnits.nanometresPer(unit)))
			throw new IllegalArgumentException("unit \"" + unit + "\" is no length unit; use m, mm, um, nm, A or pm");
		if (pixelSize != null && !(pixelSize > 0 && Double.isFinite(pixelSize)))
			throw new IllegalArgumentException("pixelSize must be a positive number, got " + pixelSize);
		chemical = Collections.unmodifiableMap(new LinkedHashMap<>(chemical == null ? Map.of() : chemical));
	}

	/**
	 * The recipe in {@code json}.
	 *
	 * @throws InvalidInputException naming the file when it is no valid recipe
	 */
	public static Hdf5Recipe read(Path json) {
		JsonObject o;
		try {
			JsonElement e = JsonParser.parseString(Files.readString(json, StandardCharsets.UTF_8));
			if (!e.isJsonObject())
				throw new InvalidInputException(json, "is not an HDF5 recipe: expected a JSON object such as {\"file\": ..., \"haadf\": ..., \"angles\": ..., \"angleAxis\": 0}");
			o = e.getAsJsonObject();
		}
		catch (IOException e) {
			throw new InvalidInputException(json, "cannot read the recipe: " + e.getMessage(), e);
		}
		catch (JsonParseException e) {
			throw new InvalidInputException(json, "is not valid JSON: " + e.getMessage(), e);
		}
		for (String k : o.keySet())
			if (!KEYS.contains(k))
				throw new InvalidInputException(json, "unknown recipe key '" + k + "'; known keys: " + String.join(", ", new java.util.TreeSet<>(KEYS)));
		try {
			Map<String, String> chem = new LinkedHashMap<>();
			if (o.has("chemical"))
				for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("chemical").entrySet())
					chem.put(e.getKey(), e.getValue().getAsString());
			return new Hdf5Recipe(string(o, "file"), string(o, "haadf"), string(o, "angles"), o.has("angleAxis") ? wholeNumber(o, "angleAxis") : -1, chem,
				string(o, "chemicalAngles"), o.has("pixelSize") ? o.get("pixelSize").getAsDouble() : null, string(o, "unit"));
		}
		catch (IllegalArgumentException | IllegalStateException | ClassCastException | UnsupportedOperationException e) {
			throw new InvalidInputException(json, "is not a valid HDF5 recipe: " + e.getMessage(), e);
		}
	}

	/** A whole number, refusing 0.7 or "x" rather than reading them as 0. */
	private static int wholeNumber(JsonObject o, String key) {
		double v = o.get(key).getAsDouble();
		if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE)
			throw new IllegalArgumentException(key + " must be a whole number (0, 1 or 2), got " + o.get(key));
		return (int) v;
	}

	private static String string(JsonObject o, String key) {
		return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsString() : null;
	}

	/** The recipe as pretty JSON, the form {@link #read} takes. */
	public String toJson() {
		JsonObject o = new JsonObject();
		o.addProperty("file", file);
		o.addProperty("haadf", haadf);
		o.addProperty("angles", angles);
		o.addProperty("angleAxis", angleAxis);
		JsonObject c = new JsonObject();
		chemical.forEach((k, v) -> c.add(k, new JsonPrimitive(v)));
		o.add("chemical", c);
		if (chemicalAngles != null)
			o.addProperty("chemicalAngles", chemicalAngles);
		if (pixelSize != null) {
			o.addProperty("pixelSize", pixelSize);
			o.addProperty("unit", unit);
		}
		return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o) + "\n";
	}

	/** Writes {@link #toJson} to {@code json} atomically. */
	public void write(Path json, AtomicFiles files) {
		byte[] b = toJson().getBytes(StandardCharsets.UTF_8);
		files.write(json, out -> out.write(b));
	}

	/**
	 * Loads the series this recipe describes, {@code file} resolved against the recipe's folder;
	 * {@code angleFile}, when not null, replaces the HAADF angles.
	 *
	 * @throws InvalidInputException naming the recipe or the HDF5 file and the problem
	 */
	public TiltSeriesFile load(Path recipe, Path angleFile) {
		Path h5 = recipe.toAbsolutePath().getParent().resolve(file).normalize();
		if (!Files.isRegularFile(h5))
			throw new InvalidInputException(recipe, "names HDF5 file '" + file + "', which does not exist (resolved to " + h5 + ")");
		Map<String, String> symbols = new LinkedHashMap<>();
		for (Map.Entry<String, String> e : chemical.entrySet()) {
			String el = ElementNames.symbolOf(e.getKey()).orElseThrow(() -> new InvalidInputException(recipe,
				"chemical key '" + e.getKey() + "' is not an element symbol or X-ray line (e.g. Fe, Fe_Ka, Pt_La)"));
			if (symbols.put(el, e.getValue()) != null)
				throw new InvalidInputException(recipe, "element " + el + " is given twice in 'chemical'");
		}
		return Hdf5Files.withFile(h5, f -> apply(h5, f, recipe, "HDF5 (recipe " + recipe.getFileName() + ")", symbols, angleFile));
	}

	/** Reads the series of this recipe from an open file; {@code chemical} keys already symbols. */
	TiltSeriesFile apply(Path h5, HdfFile f, Path reportAs, String format, Map<String, String> symbols, Path angleFile) {
		Calibration cal = pixelSize == null ? Calibration.PIXEL : LengthUnits.calibration(pixelSize, unit);
		Dataset hd = Hdf5Arrays.dataset(h5, f, haadf);
		var stack = Hdf5Arrays.stack(h5, hd, angleAxis, cal);
		String from = angleFile != null ? angleFile.getFileName().toString() : "dataset '" + angles + "'";
		double[] a = angleFile != null ? TiltAngles.read(angleFile) : Hdf5Arrays.doubles(h5, Hdf5Arrays.dataset(h5, f, angles));
		DecodedStack.Sorted haadfSeries = stack.toSorted(a, from);
		Map<String, TiltSeries> chem = new LinkedHashMap<>();
		for (Map.Entry<String, String> e : symbols.entrySet()) {
			Dataset d = Hdf5Arrays.dataset(h5, f, e.getValue());
			String anglePath = chemicalAngles != null ? chemicalAngles : sibling(f, e.getValue(), "tiltAngles");
			chem.put(e.getKey(), Hdf5Arrays.stack(h5, d, angleAxis, cal).toTiltSeries(Hdf5Arrays.doubles(h5, Hdf5Arrays.dataset(h5, f, anglePath)), "dataset '" + anglePath + "'"));
		}
		return new TiltSeriesFile(reportAs, format, stack.pixelType(), from, haadfSeries, chem);
	}

	/** {@code <group of path>/name} when that dataset exists, else the HAADF angles. */
	private String sibling(HdfFile f, String path, String name) {
		int slash = path.lastIndexOf('/');
		String candidate = (slash > 0 ? path.substring(0, slash + 1) : "") + name;
		try {
			if (f.getByPath(candidate) instanceof Dataset)
				return candidate;
		}
		catch (RuntimeException e) {
			// NB: jhdf throws when a path does not exist; then the HAADF angles apply.
		}
		return angles;
	}
}
