package org.fusedtomo.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fusedtomo.data.Elements;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.TiffSeries;

/** The input series of a command: {@code --haadf FILE} and {@code --chem EL=FILE ...}, named "HAADF" and by element. */
final class SeriesFiles {

	static final String HAADF = "HAADF";

	private SeriesFiles() {}

	/** HAADF first, then the chemical series in the order given; element symbols checked, files must exist. */
	static Map<String, Path> parse(Path haadf, List<String> chem) {
		Map<String, Path> files = new LinkedHashMap<>();
		files.put(HAADF, haadf);
		for (String spec : chem) {
			int eq = spec.indexOf('=');
			if (eq <= 0 || eq == spec.length() - 1)
				throw new IllegalArgumentException("--chem '" + spec + "' must be ELEMENT=FILE, e.g. Co=Co.tif");
			String element = spec.substring(0, eq).trim();
			if (!Elements.isElement(element))
				throw new IllegalArgumentException("--chem '" + spec + "': unknown element symbol '" + element + "'");
			if (files.put(element, Path.of(spec.substring(eq + 1))) != null)
				throw new IllegalArgumentException("--chem names element " + element + " twice");
		}
		for (Map.Entry<String, Path> f : files.entrySet())
			if (!Files.isRegularFile(f.getValue()))
				throw new InvalidInputException(f.getValue(), "no such file (given for " + f.getKey() + ")");
		return files;
	}

	/** Reads every file; the HAADF stack takes its angles from {@code haadfAngles} when given, the others from their sidecars. */
	static Map<String, TiltSeries> read(Map<String, Path> files, Path haadfAngles) {
		Map<String, TiltSeries> series = new LinkedHashMap<>();
		files.forEach((name, file) -> series.put(name, name.equals(HAADF) ? TiffSeries.readTiltSeries(file, haadfAngles) : TiffSeries.readTiltSeries(file)));
		return series;
	}
}
