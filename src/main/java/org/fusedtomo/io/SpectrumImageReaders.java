package org.fusedtomo.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.fusedtomo.spectra.SpectrumImage;

/**
 * The one entry point that opens spectrum-image files, the sibling of {@link SeriesReaders} for (x, y, energy)
 * data (issue 18). Placeholder until the Bruker, Velox and DM readers are merged: it refuses every file.
 */
public final class SpectrumImageReaders {

	private SpectrumImageReaders() {}

	/**
	 * The spectrum images in {@code file}.
	 *
	 * @throws InvalidInputException when the file is missing or not a supported spectrum-image file
	 * @throws IOException when the file cannot be read
	 */
	public static List<SpectrumImage> open(Path file) throws IOException {
		if (!Files.isRegularFile(file))
			throw new InvalidInputException(file, "no such file");
		throw new InvalidInputException(file, "unsupported format: not a spectrum-image file this build can read");
	}
}
