package org.fusedtomo.io.mrc;

import static org.fusedtomo.io.BadInput.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.fusedtomo.io.SeriesReaders;
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
