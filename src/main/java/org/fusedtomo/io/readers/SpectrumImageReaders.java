package org.fusedtomo.io.readers;

import org.fusedtomo.io.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.fusedtomo.io.bruker.BcfFiles;
import org.fusedtomo.io.dm.DmSpectrumImages;
import org.fusedtomo.io.hdf5.VeloxSpectra;
import org.fusedtomo.spectra.SpectrumImage;

/**
 * The one entry point that opens any supported spectrum-image file, the sibling of
 * {@link SeriesReaders} for (x, y, energy) data (issue 18). The reader is chosen by the file's first
 * bytes, in the order of {@link #READERS}; adding a format is one line there.
 * <ul>
 * <li>Bruker Esprit {@code .bcf} (SFS container), see {@link BcfFiles};</li>
 * <li>HDF5 ({@code \211HDF}): Thermo Fisher Velox EMD, see {@link VeloxSpectra};</li>
 * <li>Gatan DM3/DM4 (version word 3 or 4): see {@link DmSpectrumImages}.</li>
 * </ul>
 * Opening reads metadata only; spectra are streamed by {@link SpectrumImage#scan}. Bad input is
 * refused with an {@link InvalidInputException} that names the file and the problem.
 */
public final class SpectrumImageReaders {

	/** Opens one file whose format {@link #accepts} has recognised. */
	@FunctionalInterface
	interface Opener {
		List<SpectrumImage> open(Path file) throws IOException;
	}

	/** Recognises a format from the file and its first {@link #HEAD} bytes. */
	@FunctionalInterface
	interface Detector {
		boolean accepts(Path file, byte[] head);
	}

	/** A supported format: its name for messages, how to recognise it and how to open it. */
	record Reader(String name, Detector detector, Opener opener) {
	}

	/** Number of leading bytes handed to each {@link Detector}. */
	static final int HEAD = 512;

	/** The supported formats, tried in order; one line per format. */
	static final List<Reader> READERS = List.of(
			new Reader("Bruker .bcf", (file, head) -> BcfFiles.isBcf(head), BcfFiles::open),
			new Reader("Velox .emd", (file, head) -> startsWith(head, 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'), VeloxSpectra::read),
			new Reader("Gatan DM3/DM4", (file, head) -> startsWith(head, 0, 0, 0, 3) || startsWith(head, 0, 0, 0, 4), DmSpectrumImages::read));

	private SpectrumImageReaders() {}

	/**
	 * The spectrum images in {@code file} (most files hold one; a {@code .bcf} or Velox file may hold several).
	 *
	 * @throws InvalidInputException when the file is missing, not a supported spectrum-image file,
	 *             truncated or damaged; the message names the file
	 * @throws IOException when the file cannot be read
	 */
	public static List<SpectrumImage> open(Path file) throws IOException {
		return reader(file).opener().open(file);
	}

	/** Whether {@code file} is a spectrum-image file of a supported format (false for a missing or unreadable file). */
	public static boolean isSpectrumImage(Path file) {
		try {
			reader(file);
			return true;
		}
		catch (InvalidInputException e) {
			return false;
		}
	}

	private static Reader reader(Path file) {
		if (Files.isDirectory(file))
			throw new InvalidInputException(file, "is a directory, expected a spectrum-image file");
		if (!Files.isRegularFile(file))
			throw new InvalidInputException(file, "file not found");
		byte[] head;
		try (InputStream in = Files.newInputStream(file)) {
			head = in.readNBytes(HEAD);
		}
		catch (IOException e) {
			throw new InvalidInputException(file, "cannot read the file: " + e.getMessage(), e);
		}
		if (head.length == 0)
			throw new InvalidInputException(file, "is empty (0 bytes)");
		for (Reader r : READERS)
			if (r.detector().accepts(file, head))
				return r;
		throw new InvalidInputException(file, "is not a supported spectrum-image file ("
				+ READERS.stream().map(Reader::name).collect(Collectors.joining(", ")) + ")");
	}

	private static boolean startsWith(byte[] head, int... magic) {
		if (head.length < magic.length)
			return false;
		for (int i = 0; i < magic.length; i++)
			if (head[i] != (byte) magic[i])
				return false;
		return true;
	}
}
