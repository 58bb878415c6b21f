package org.fusedtomo.io.hdf5;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.io.DecodedStack;

/**
 * The 2D images of any HDF5 file: every numeric dataset with two dimensions (rows y, columns x, in file
 * order), by path without the leading "/", e.g. "HAADF" or "eels/Co". Other datasets are skipped. For 2D
 * fusion, where the HAADF image and the chemical maps are plain 2D datasets.
 */
public final class Hdf5Images {

	private Hdf5Images() {}

	/**
	 * Each 2D dataset as a stack of one slice, in file order.
	 *
	 * @throws org.fusedtomo.io.InvalidInputException when the file is not readable HDF5
	 */
	public static LinkedHashMap<String, DecodedStack> read(Path h5) {
		return Hdf5Files.withFile(h5, f -> {
			LinkedHashMap<String, DecodedStack> out = new LinkedHashMap<>();
			collect(h5, f, out);
			return out;
		});
	}

	/**
	 * The datasets of {@code h5} that {@link #read} skips (not 2D), each as its path, shape and type, e.g.
	 * "HAADF (16, 256, 256) uint16": what a user who named one of them as an image needs to see.
	 */
	public static List<String> notImages(Path h5) {
		return Hdf5Files.withFile(h5, f -> {
			List<String> out = new ArrayList<>();
			collectNotImages(f, out);
			return out;
		});
	}

	private static void collectNotImages(Group g, List<String> out) {
		for (Node n : g) {
			if (n instanceof Group c)
				collectNotImages(c, out);
			else if (n instanceof Dataset d && d.getDimensions().length != 2)
				out.add(Hdf5Arrays.describe(d));
		}
	}

	private static void collect(Path h5, Group g, LinkedHashMap<String, DecodedStack> out) {
		for (Node n : g) {
			if (n instanceof Group c)
				collect(h5, c, out);
			else if (n instanceof Dataset d && d.getDimensions().length == 2 && !d.isEmpty()) {
				int h = d.getDimensions()[0], w = d.getDimensions()[1];
				String path = d.getPath().replaceFirst("^/", "");
				DecodedStack.checkSize(h5, path, w, h, 1);
				out.put(path, new DecodedStack(h5, path, Hdf5Arrays.floats(h5, d), w, h, 1, Calibration.PIXEL, Hdf5Arrays.typeName(d)));
			}
		}
	}
}
