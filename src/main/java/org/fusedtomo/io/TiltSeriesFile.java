package org.fusedtomo.io;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.fusedtomo.data.Elements;
import org.fusedtomo.data.TiltSeries;

/**
 * Everything one tilt-series file held: the HAADF (or only) series and, for multi-modal containers, one
 * chemical series per element symbol in file order, each with its own angles. Immutable map; the series
 * themselves share their pixel arrays with the caller.
 *
 * @param path the file that was read (for a recipe, the recipe file)
 * @param format the format and layout, e.g. "MRC (FEI1 extended header)", "HDF5 (tomo_TV)"
 * @param pixelType the stored pixel type of the HAADF series, e.g. "uint16"
 * @param anglesFrom where the HAADF angles came from, e.g. "HAADF.rawtlt", "DM tags (Meta Data)"
 */
public record TiltSeriesFile(Path path, String format, String pixelType, String anglesFrom, TiltSeries haadf, Map<String, TiltSeries> chemical) {

	public TiltSeriesFile {
		if (path == null || format == null || pixelType == null || anglesFrom == null)
			throw new IllegalArgumentException("path, format, pixelType and anglesFrom must not be null");
		if (haadf == null)
			throw new IllegalArgumentException(path + ": a tilt-series file needs a HAADF (primary) series");
		for (String el : chemical.keySet())
			if (!Elements.isElement(el))
				throw new InvalidInputException(path, "chemical series '" + el + "' is not an element symbol; use e.g. Fe, Co, O");
		chemical = Collections.unmodifiableMap(new LinkedHashMap<>(chemical));
	}

	/** A file with one series only. */
	public static TiltSeriesFile single(Path path, String format, String pixelType, String anglesFrom, TiltSeries series) {
		return new TiltSeriesFile(path, format, pixelType, anglesFrom, series, Map.of());
	}
}
