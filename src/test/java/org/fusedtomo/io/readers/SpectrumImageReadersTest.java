package org.fusedtomo.io.readers;

import org.fusedtomo.io.RealData;
import org.fusedtomo.io.BadInput;
import org.fusedtomo.io.InvalidInputException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@link SpectrumImageReaders}: one line naming the file, the file untouched. */
class SpectrumImageReadersTest {

	@TempDir
	Path dir;

	static void assertRejected(Path file, String... fragments) {
		byte[] before = BadInput.bytes(file);
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> SpectrumImageReaders.open(file));
		String m = e.getMessage();
		assertTrue(m.contains(file.getFileName().toString()), m);
		assertEquals(1, m.lines().count(), m);
		for (String f : fragments)
			assertTrue(m.toLowerCase(Locale.ROOT).contains(f.toLowerCase(Locale.ROOT)), "'" + f + "' not in: " + m);
		assertArrayEquals(before, BadInput.bytes(file), "the input was modified");
	}

	@Test
	void truncatedVeloxAndDm_areRejected() throws IOException {
		Path emd = RealData.require("spectra/example_velox_EELS_EDS.emd");
		Path dm = RealData.require("spectra/EELS_SI.dm4");
		assertRejected(cut(emd, "cut.emd", 3_000_000), "truncated");
		assertRejected(cut(dm, "cut.dm4", 100_000), "truncated");
	}

	/** The first {@code length} bytes of {@code file}, in the temporary folder (the data folder is read-only). */
	private Path cut(Path file, String name, int length) throws IOException {
		return Files.write(dir.resolve(name), java.util.Arrays.copyOf(Files.readAllBytes(file), length));
	}

	@Test
	void filesThatAreNoSpectrumImage_areRejected() throws IOException {
		Path velox = dir.resolve("images.emd");
		try (WritableHdfFile w = HdfFile.write(velox)) {
			w.putGroup("Data").putGroup("Image").putGroup("a").putDataset("Data", new float[2][3][1]);
		}
		assertRejected(velox, "not a Velox spectrum image");
		Path text = Files.writeString(dir.resolve("notes.emd"), "hello");
		assertRejected(text, "not a supported spectrum-image file");
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> SpectrumImageReaders.open(dir.resolve("missing.dm4")));
		assertTrue(e.getMessage().contains("missing.dm4") && e.getMessage().contains("not found"), e.getMessage());
	}
}
