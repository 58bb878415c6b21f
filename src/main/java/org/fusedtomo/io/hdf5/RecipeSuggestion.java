package org.fusedtomo.io.hdf5;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.fusedtomo.io.ElementNames;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

/**
 * A recipe ({@link Hdf5Recipe}) guessed from the dataset names of an HDF5 file of unknown layout, for the refusal
 * to show: a 3D dataset named HAADF (else ADF), a 1D dataset named after angles or tilts as long as one of its
 * axes, and the 3D datasets of the same shape named after an element or a line (Fe, Fe_Ka). A user gets a recipe
 * to save and check instead of having to write one from the dataset list (the IDP file needed one).
 */
final class RecipeSuggestion {

	private RecipeSuggestion() {}

	/** The recipe as one line of JSON, or empty when no HAADF or no angles can be told from the names. */
	static Optional<String> of(Path h5, Group root) {
		List<Dataset> all = new ArrayList<>();
		collect(root, all);
		Dataset haadf = named(all, "HAADF");
		if (haadf == null)
			haadf = named(all, "ADF");
		if (haadf == null)
			return Optional.empty();
		int[] dims = haadf.getDimensions();
		String angles = null;
		int axis = -1;
		for (Dataset d : all) {
			String name = d.getName().toLowerCase(Locale.ROOT);
			if (d.getDimensions().length != 1 || !(name.contains("angle") || name.contains("tilt")))
				continue;
			for (int a = 0; a < dims.length && axis < 0; a++)
				if (dims[a] == d.getDimensions()[0]) {
					angles = path(d);
					axis = a;
				}
			if (axis >= 0)
				break;
		}
		if (angles == null)
			return Optional.empty();
		Map<String, String> chemical = new LinkedHashMap<>();
		Set<String> elements = new LinkedHashSet<>();
		for (Dataset d : all)
			if (d != haadf && Arrays.equals(d.getDimensions(), dims)) {
				Optional<String> el = ElementNames.symbolOf(d.getName());
				if (el.isPresent() && elements.add(el.get()))
					chemical.put(d.getName(), path(d));
			}
		StringBuilder b = new StringBuilder("{\"file\": \"").append(h5.getFileName()).append("\", \"haadf\": \"").append(path(haadf)).append("\", \"angles\": \"").append(angles)
			.append("\", \"angleAxis\": ").append(axis);
		if (!chemical.isEmpty())
			b.append(", \"chemical\": {").append(chemical.entrySet().stream().map(e -> "\"" + e.getKey() + "\": \"" + e.getValue() + "\"").collect(Collectors.joining(", ")))
				.append("}");
		return Optional.of(b.append("}").toString());
	}

	private static void collect(Group g, List<Dataset> out) {
		for (Node n : g) {
			if (n instanceof Group c)
				collect(c, out);
			else if (n instanceof Dataset d)
				out.add(d);
		}
	}

	/** The first 3D dataset whose name, upper case, is or contains {@code word}. */
	private static Dataset named(List<Dataset> all, String word) {
		for (Dataset d : all)
			if (d.getDimensions().length == 3 && d.getName().toUpperCase(Locale.ROOT).contains(word))
				return d;
		return null;
	}

	private static String path(Dataset d) {
		return d.getPath().replaceFirst("^/", "");
	}
}
