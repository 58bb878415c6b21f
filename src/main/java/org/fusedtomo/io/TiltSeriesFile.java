package org.fusedtomo.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

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
 * @param fileIndex the position in the file (0-based, the order of acquisition) of each HAADF projection
 *        of the angle-sorted series; copied in and out
 * @param notes what the reader did that the user should know (e.g. a hyperstack read as a series)
 * @param binning b when each value of the file's series sums or averages b × b recorded pixels, as the file says
 *        (a series the product binned and wrote, {@link TiffSeries#BINNING_KEY}); 1 as recorded
 */
public record TiltSeriesFile(Path path, String format, String pixelType, String anglesFrom, TiltSeries haadf, Map<String, TiltSeries> chemical, int[] fileIndex,
	List<String> notes, int binning) {

	public TiltSeriesFile {
		if (path == null || format == null || pixelType == null || anglesFrom == null)
			throw new IllegalArgumentException("path, format, pixelType and anglesFrom must not be null");
		if (haadf == null)
			throw new IllegalArgumentException(path + ": a tilt-series file needs a HAADF (primary) series");
		if (fileIndex == null)
			fileIndex = IntStream.range(0, haadf.angleCount()).toArray();
		if (fileIndex.length != haadf.angleCount())
			throw new IllegalArgumentException("fileIndex needs one entry per HAADF projection: " + fileIndex.length + " for " + haadf.angleCount());
		fileIndex = fileIndex.clone();
		notes = List.copyOf(notes == null ? List.of() : notes);
		if (binning < 1)
			throw new InvalidInputException(path, "says its pixels were binned " + binning + " x " + binning + "; a binning is at least 1");
		for (String el : chemical.keySet())
			if (!Elements.isElement(el))
				throw new InvalidInputException(path, "chemical series '" + el + "' is not an element symbol; use e.g. Fe, Co, O");
		chemical = Collections.unmodifiableMap(new LinkedHashMap<>(chemical));
	}

	/** A file as recorded (binning 1). */
	public TiltSeriesFile(Path path, String format, String pixelType, String anglesFrom, TiltSeries haadf, Map<String, TiltSeries> chemical, int[] fileIndex,
		List<String> notes) {
		this(path, format, pixelType, anglesFrom, haadf, chemical, fileIndex, notes, 1);
	}

	/** A file whose projections were in angle order, without notes. */
	public TiltSeriesFile(Path path, String format, String pixelType, String anglesFrom, TiltSeries haadf, Map<String, TiltSeries> chemical) {
		this(path, format, pixelType, anglesFrom, haadf, chemical, null, List.of());
	}

	/** A file whose HAADF series was sorted as {@code haadf} says, without notes. */
	public TiltSeriesFile(Path path, String format, String pixelType, String anglesFrom, DecodedStack.Sorted haadf, Map<String, TiltSeries> chemical) {
		this(path, format, pixelType, anglesFrom, haadf.series(), chemical, haadf.fileIndex(), List.of());
	}

	/** A file with one series only, in angle order. */
	public static TiltSeriesFile single(Path path, String format, String pixelType, String anglesFrom, TiltSeries series) {
		return new TiltSeriesFile(path, format, pixelType, anglesFrom, series, Map.of());
	}

	/** A file with one series only, sorted as {@code series} says. */
	public static TiltSeriesFile single(Path path, String format, String pixelType, String anglesFrom, DecodedStack.Sorted series) {
		return new TiltSeriesFile(path, format, pixelType, anglesFrom, series, Map.of());
	}

	@Override
	public int[] fileIndex() {
		return fileIndex.clone();
	}

	/** This file with {@code note} added to its notes. */
	public TiltSeriesFile withNote(String note) {
		List<String> n = new ArrayList<>(notes);
		n.add(note);
		return new TiltSeriesFile(path, format, pixelType, anglesFrom, haadf, chemical, fileIndex, n, binning);
	}

	/** This file saying that each value sums or averages {@code b} × {@code b} recorded pixels. */
	public TiltSeriesFile withBinning(int b) {
		return new TiltSeriesFile(path, format, pixelType, anglesFrom, haadf, chemical, fileIndex, notes, b);
	}

}
