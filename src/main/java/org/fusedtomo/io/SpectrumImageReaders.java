package org.fusedtomo.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.fusedtomo.io.dm.DmSpectrumImages;
import org.fusedtomo.io.hdf5.VeloxSpectra;
import org.fusedtomo.spectra.SpectrumImage;

/**
 * The one entry point that opens a spectrum-image file (issue 18); the reader is chosen by the file's
 * magic bytes, whatever its name:
 * <ul>
 * <li>HDF5 ({@code \211HDF}): Thermo Fisher Velox EMD, see {@link VeloxSpectra};</li>
 * <li>Gatan DM3/DM4 (version word 3 or 4): see {@link DmSpectrumImages}.</li>
 * </ul>
 * Adding a format is one line of {@link #open}. Opening reads metadata only; each spectrum image's
 * {@link SpectrumImage#scan} reads its spectra.
 */
public final class SpectrumImageReaders {

	private SpectrumImageReaders() {}

	/**
	 * The spectrum images in {@code file}, at least one.
	 *
	 * @throws InvalidInputException naming the file and the problem (missing, truncated, no spectrum image, unknown format)
	 */
	public static List<SpectrumImage> open(Path file) {
		byte[] head = head(file);
		if (startsWith(head, 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'))
			return VeloxSpectra.read(file);
		if (startsWith(head, 0, 0, 0, 3) || startsWith(head, 0, 0, 0, 4))
			return DmSpectrumImages.read(file);
		throw new InvalidInputException(file, "is not a supported spectrum-image file (Velox .emd or Gatan DM3/DM4; checked by its first bytes)");
	}

	private static byte[] head(Path file) {
		if (Files.isDirectory(file))
			throw new InvalidInputException(file, "is a directory, expected a spectrum-image file");
		if (!Files.isRegularFile(file))
			throw new InvalidInputException(file, "file not found");
		try (InputStream in = Files.newInputStream(file)) {
			byte[] head = in.readNBytes(16);
			if (head.length == 0)
				throw new InvalidInputException(file, "is empty (0 bytes)");
			return head;
		}
		catch (IOException e) {
			throw new InvalidInputException(file, "cannot read the file: " + e.getMessage(), e);
		}
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
