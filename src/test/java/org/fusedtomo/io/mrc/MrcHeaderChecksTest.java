package org.fusedtomo.io.mrc;

import static org.fusedtomo.io.BadInput.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.readers.SeriesReaders;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MRC headers that do not fit their file, and .mdoc values out of range (issue 19). */
class MrcHeaderChecksTest {

	@TempDir
	Path dir;

	Path file(String name, byte[] bytes) throws IOException {
		Path p = dir.resolve(name);
		Files.write(p, bytes);
		return p;
	}

	@Test
	void read_refusesAModeThatDoesNotFitTheFileSize() throws IOException {
		// 8 x 8 x 3 float32 pixels (768 bytes) whose header says mode 1 (int16, 384 bytes).
		Path f = file("mode.mrc", MrcFilesTest.raw(ByteOrder.LITTLE_ENDIAN, 8, 8, 3, 1, "", 0, 0, new byte[0], new byte[768]));
		Files.writeString(dir.resolve("mode.rawtlt"), "-1\n0\n1\n");
		assertRejected(f, "mode 1", "exactly what mode 2", "fix the header");
		// ... or whose header says 2 sections where the file holds 3 (no mode fits exactly).
		Path depth = file("depth.mrc", MrcFilesTest.raw(ByteOrder.LITTLE_ENDIAN, 8, 8, 2, 2, "", 0, 0, new byte[0], new byte[768]));
		Files.writeString(dir.resolve("depth.rawtlt"), "-1\n1\n");
		assertRejected(depth, "8 x 8 x 2", "holds 768");
		// Trailing padding shorter than a section is accepted.
		Path padded = file("pad.mrc", MrcFilesTest.raw(ByteOrder.LITTLE_ENDIAN, 8, 8, 3, 2, "", 0, 0, new byte[0], new byte[768 + 100]));
		Files.writeString(dir.resolve("pad.rawtlt"), "-1\n0\n1\n");
		assertEquals(3, SeriesReaders.read(padded).haadf().angleCount());
	}

	@Test
	void read_refusesAStackLargerThanTheHeapBeforeAllocating() throws IOException {
		// 46340 x 46340 bytes (2.1 GB, a sparse file costing no disk) need 8.6 GB as floats.
		long pixels = 46340L * 46340;
		Assumptions.assumeTrue(4 * pixels > Runtime.getRuntime().maxMemory(), "the heap could hold the stack");
		Path f = file("huge.mrc", MrcFilesTest.raw(ByteOrder.LITTLE_ENDIAN, 46340, 46340, 1, 0, "", 0, 0, new byte[0], new byte[0]));
		try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
			r.setLength(1024 + pixels);
		}
		Files.writeString(dir.resolve("huge.rawtlt"), "0\n");
		// NB: not BadInput.assertRejected, which would hold the file's 2.1 GB to compare them.
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> SeriesReaders.read(f));
		assertEquals(1, e.getMessage().lines().count(), e.getMessage());
		for (String fragment : new String[] { "huge.mrc", "stack 46340 x 46340 x 1", "GB of memory", "-Xmx" })
			assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
	}

	@Test
	void read_refusesAnMdocZValueBeyondIntNamingTheMdocAndLine() throws IOException {
		Path f = file("ts.st", MrcFilesTest.raw(ByteOrder.LITTLE_ENDIAN, 1, 1, 2, 2, "", 0, 0, new byte[0], new byte[8]));
		Path mdoc = dir.resolve("ts.st.mdoc");
		Files.writeString(mdoc, "PixelSpacing = 2\n\n[ZValue = 0]\nTiltAngle = -3.5\n\n[ZValue = 99999999999]\nTiltAngle = 4.25\n");
		var e = assertRejected(f, "ts.st.mdoc", "line 6", "99999999999", "outside the stack of 2 sections");
		assertEquals(mdoc, e.file());
		Files.writeString(mdoc, "[ZValue = 0]\nTiltAngle = 1\n[ZValue = -99999999999999999999]\nTiltAngle = 2\n");
		assertRejected(f, "ts.st.mdoc", "line 3", "outside");
	}
}
