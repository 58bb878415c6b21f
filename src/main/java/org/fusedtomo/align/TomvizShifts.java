package org.fusedtomo.align;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import org.fusedtomo.io.InvalidInputException;

/**
 * Reads the shifts that tomviz saves from its image-alignment tool ({@code TomVizAlignments.json}: a
 * JSON array with one {@code [x, y]} pair of pixels per tilt, in tilt order) as an {@link Alignment} in
 * our model. tomviz stores the translation it applies to each image, with x of opposite sign to our
 * displacement and y the same (found on the IDP set of docs/real-data.md, where the two agree to under a
 * pixel that way), so dx = −x and dy = y; the axis is left vertical and centred.
 */
public final class TomvizShifts {

	private TomvizShifts() {}

	/**
	 * @param anglesDeg the tilt of each entry, degrees, as many as the file has entries
	 * @throws InvalidInputException when the file cannot be read, is not an array of [x, y] number pairs,
	 *         or has another number of entries
	 */
	public static Alignment load(Path file, double[] anglesDeg) {
		JsonElement root;
		try {
			root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (IOException | JsonParseException e) {
			throw new InvalidInputException(file, "cannot read the tomviz shifts: " + e.getMessage(), e);
		}
		if (!root.isJsonArray())
			throw new InvalidInputException(file, "tomviz shifts must be a JSON array of [x, y] pairs, got " + root);
		JsonArray entries = root.getAsJsonArray();
		if (entries.size() != anglesDeg.length)
			throw new InvalidInputException(file, "has " + entries.size() + " shifts but " + anglesDeg.length + " tilt angles were given; give one angle per entry");
		double[] dx = new double[entries.size()], dy = new double[entries.size()];
		for (int i = 0; i < entries.size(); i++) {
			JsonElement e = entries.get(i);
			if (!e.isJsonArray() || e.getAsJsonArray().size() != 2 || !e.getAsJsonArray().get(0).isJsonPrimitive() || !e.getAsJsonArray().get(1).isJsonPrimitive())
				throw new InvalidInputException(file, "entry " + i + " is not an [x, y] pair of numbers: " + e);
			try {
				dx[i] = -e.getAsJsonArray().get(0).getAsDouble();
				dy[i] = e.getAsJsonArray().get(1).getAsDouble();
			}
			catch (NumberFormatException ex) {
				throw new InvalidInputException(file, "entry " + i + " is not an [x, y] pair of numbers: " + e, ex);
			}
		}
		return new Alignment(anglesDeg, dx, dy, 0, 0, List.of("tomviz"));
	}
}
