package org.fusedtomo.io.bruker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.spectra.SpectrumImage;

/**
 * Reads Bruker Esprit {@code .bcf} files (version 1 and 2): an SFS container ({@link SfsContainer})
 * with the XML header {@code EDSDatabase/HeaderData} ({@link BcfHeader}) and one packed spectrum
 * image per {@code EDSDatabase/SpectrumData<i>} ({@link PackedPixels}). Opening reads the container's
 * directory and header only; the spectra are streamed by {@link SpectrumImage#scan}.
 */
public final class BcfFiles {

	static final String HEADER = "EDSDatabase/HeaderData";
	static final String SPECTRUM_DATA = "EDSDatabase/SpectrumData";

	private static final Pattern SPECTRUM_NAME = Pattern.compile("EDSDatabase/SpectrumData(\\d+)");

	private BcfFiles() {}

	/** Whether {@code head}, the first bytes of a file, are those of a {@code .bcf} (SFS) file. */
	public static boolean isBcf(byte[] head) {
		return SfsContainer.hasMagic(head);
	}

	/**
	 * The spectrum images of {@code file}, one per {@code SpectrumData<i>} (usually one).
	 *
	 * @throws InvalidInputException when it is not a {@code .bcf} file, or is truncated or damaged; the
	 *             message names the file
	 * @throws IOException when it cannot be read
	 */
	public static List<SpectrumImage> open(Path file) throws IOException {
		try (SfsContainer sfs = SfsContainer.open(file)) {
			SfsContainer.Entry head = sfs.file(HEADER);
			if (head == null)
				throw sfs.corrupt("it has no " + HEADER);
			List<Integer> indexes = new ArrayList<>();
			for (String name : sfs.files().keySet()) {
				Matcher m = SPECTRUM_NAME.matcher(name);
				if (m.matches())
					indexes.add(Integer.parseInt(m.group(1)));
			}
			if (indexes.isEmpty())
				throw sfs.corrupt("it holds no spectrum image (no " + SPECTRUM_DATA + "<i>)");
			BcfHeader header = new BcfHeader(file, sfs.readAll(head), indexes);
			List<SpectrumImage> out = new ArrayList<>();
			for (BcfHeader.Dataset d : header.datasets) {
				PackedPixels data = new PackedPixels(sfs, sfs.file(SPECTRUM_DATA + d.index()));
				int[] hw;
				try {
					hw = data.heightWidth();
				}
				finally {
					data.close();
				}
				if (hw[0] <= 0 || hw[1] <= 0 || hw[0] > 1 << 16 || hw[1] > 1 << 16)
					throw sfs.corrupt(SPECTRUM_DATA + d.index() + " claims " + Integer.toUnsignedString(hw[1]) + " x " + Integer.toUnsignedString(hw[0]) + " pixels");
				out.add(new BcfSpectrumImage(file, header, d, hw[1], hw[0]));
			}
			return List.copyOf(out);
		}
	}
}
