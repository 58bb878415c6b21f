package org.fusedtomo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.TiffSeries;

import picocli.CommandLine.Option;

/** The input series options shared by commands that read a HAADF series and chemical maps (a picocli mixin). */
final class InputOptions {

	@Option(names = "--haadf", description = "HAADF tilt series (TIFF stack with a .rawtlt beside it).")
	Path haadf;

	@Option(names = "--chem", description = "Chemical series as ELEMENT=FILE, repeatable, e.g. --chem Co=Co.tif.")
	List<String> chem = new ArrayList<>();

	@Option(names = "--angles", description = "Tilt angles for the HAADF stack (one per line), instead of its sidecar.")
	Path angles;

	/** HAADF first, then the chemical files in the order given; throws naming the command when --haadf is missing. */
	Map<String, Path> files(String command) {
		if (haadf == null)
			throw new IllegalArgumentException(command + " needs --haadf FILE");
		return ReconstructCommand.inputFiles(haadf, chem);
	}

	TiltSeries haadfSeries() {
		return TiffSeries.readTiltSeries(haadf, angles);
	}

	/** Element to chemical series, in the order given. */
	Map<String, TiltSeries> chemicalSeries(Map<String, Path> files) {
		Map<String, TiltSeries> chemical = new LinkedHashMap<>();
		files.forEach((name, file) -> {
			if (!name.equals("HAADF"))
				chemical.put(name, TiffSeries.readTiltSeries(file));
		});
		return chemical;
	}
}
