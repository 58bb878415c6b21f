package org.fusedtomo.io.hdf5;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.io.DecodedStack;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.LengthUnits;
import org.fusedtomo.io.TiltAngles;
import org.fusedtomo.io.TiltSeriesFile;

/**
 * Thermo Fisher Velox EMD images: {@code Data/Image/<id>/Data} of shape (y, x, frame) and {@code
 * Data/Image/<id>/Metadata}, one null-padded JSON text per frame as a uint8 column (bytes, frame).
 * Each frame is a projection at {@code Stage.AlphaTilt} (radians, returned in degrees); the pixel
 * size is {@code BinaryResult.PixelSize.width} in {@code BinaryResult.PixelUnitX} (metres). When the
 * file holds several images, the one whose {@code BinaryResult.Detector} mentions HAADF is used.
 */
final class VeloxFiles {

	private VeloxFiles() {}

	static boolean isVelox(HdfFile f) {
		return f.getChildren().get("Data") instanceof Group d && d.getChildren().get("Image") instanceof Group;
	}

	static TiltSeriesFile read(Path h5, HdfFile f, Path angleFile) {
		Group images = (Group) ((Group) f.getChildren().get("Data")).getChild("Image");
		List<Group> candidates = new ArrayList<>();
		for (Node n : images)
			if (n instanceof Group g && g.getChildren().get("Data") instanceof Dataset && g.getChildren().get("Metadata") instanceof Dataset)
				candidates.add(g);
		if (candidates.isEmpty())
			throw new InvalidInputException(h5, "Velox EMD file holds no image (Data/Image/<id>/Data with Metadata): an empty stack");
		Group image = candidates.get(0);
		if (candidates.size() > 1) {
			image = candidates.stream().filter(g -> detector(h5, g).toUpperCase(Locale.ROOT).contains("HAADF")).findFirst().orElseThrow(() -> new InvalidInputException(h5,
				"Velox EMD file holds " + candidates.size() + " images and none from a HAADF detector; use a recipe to choose one"));
		}
		List<JsonObject> meta = metadata(h5, (Dataset) image.getChild("Metadata"));
		JsonObject first = meta.get(0);
		Calibration cal = LengthUnits.calibration(number(first, "BinaryResult", "PixelSize", "width"), string(first, "m", "BinaryResult", "PixelUnitX"));
		DecodedStack stack = Hdf5Arrays.stack(h5, (Dataset) image.getChild("Data"), 2, cal);
		if (angleFile != null) {
			String from = angleFile.getFileName().toString();
			return TiltSeriesFile.single(h5, "HDF5 (Velox EMD)", stack.pixelType(), from, stack.toSorted(TiltAngles.read(angleFile), from));
		}
		double[] angles = new double[meta.size()];
		for (int i = 0; i < angles.length; i++) {
			double rad = number(meta.get(i), "Stage", "AlphaTilt");
			if (Double.isNaN(rad))
				throw new InvalidInputException(h5, "Velox metadata of frame " + (i + 1) + " has no Stage.AlphaTilt; give an angle file (--angles FILE)");
			angles[i] = rad;
		}
		angles = TiltAngles.radiansToDegrees(h5, "Velox metadata Stage.AlphaTilt", angles);
		return TiltSeriesFile.single(h5, "HDF5 (Velox EMD)", stack.pixelType(), "Velox metadata (Stage.AlphaTilt)", stack.toSorted(angles, "the Velox metadata"));
	}

	private static String detector(Path h5, Group g) {
		List<JsonObject> m = metadata(h5, (Dataset) g.getChild("Metadata"));
		return string(m.get(0), "", "BinaryResult", "Detector");
	}

	/** One JSON object per frame from the (bytes, frame) uint8 dataset. */
	static List<JsonObject> metadata(Path h5, Dataset d) {
		int[] dims = d.getDimensions();
		if (dims.length != 2)
			throw new InvalidInputException(h5, "Velox metadata '" + d.getPath() + "' is not a 2D (bytes, frame) array");
		double[] flat = Hdf5Arrays.doubles(h5, d);
		int n = dims[0], frames = dims[1];
		List<JsonObject> out = new ArrayList<>();
		for (int k = 0; k < frames; k++) {
			byte[] b = new byte[n];
			int len = 0;
			while (len < n && flat[len * frames + k] != 0) {
				b[len] = (byte) flat[len * frames + k];
				len++;
			}
			try {
				JsonElement e = JsonParser.parseString(new String(b, 0, len, StandardCharsets.UTF_8));
				out.add(e.isJsonObject() ? e.getAsJsonObject() : new JsonObject());
			}
			catch (JsonParseException e) {
				throw new InvalidInputException(h5, "Velox metadata of frame " + (k + 1) + " is not valid JSON: " + e.getMessage(), e);
			}
		}
		return out;
	}

	/** A number (Velox writes them as strings) at a path of keys, or NaN. */
	static double number(JsonObject o, String... keys) {
		try {
			return Double.parseDouble(string(o, "", keys));
		}
		catch (NumberFormatException e) {
			return Double.NaN;
		}
	}

	/** The primitive at a path of keys as text, or {@code fallback}. */
	static String string(JsonObject o, String fallback, String... keys) {
		JsonElement e = o;
		for (String k : keys) {
			if (!e.isJsonObject() || !e.getAsJsonObject().has(k))
				return fallback;
			e = e.getAsJsonObject().get(k);
		}
		return e.isJsonPrimitive() ? e.getAsString() : fallback;
	}
}
