package org.fusedtomo.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TiltAnglesTest {

	@TempDir
	Path dir;

	@Test
	void read_skipsBlankLinesAndComments() throws IOException {
		Path f = dir.resolve("a.tlt");
		Files.writeString(f, "\uFEFF# tilt angles\r\n-60\r\n\r\n  -30.5  # drifted\n0\n\t29.75\n1e1\n");
		assertArrayEquals(new double[] { -60, -30.5, 0, 29.75, 10 }, TiltAngles.read(f));
	}

	@Test
	void write_roundTripsExactly() throws IOException {
		double[] angles = { -69.99999999999999, -0.1, 0, 1e-7, 0.30000000000000004, 70 };
		Path f = dir.resolve("s.rawtlt");
		TiltAngles.write(f, angles, AtomicFiles.protecting());
		assertArrayEquals(angles, TiltAngles.read(f));
		assertEquals(6, Files.readAllLines(f).size());
	}

	@Test
	void read_errorsNameTheFileAndLine() throws IOException {
		Path f = dir.resolve("bad.rawtlt");
		Files.writeString(f, "10\n20\n3O\n");
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> TiltAngles.read(f));
		assertTrue(e.getMessage().contains("bad.rawtlt") && e.getMessage().contains("line 3") && e.getMessage().contains("3O"), e.getMessage());
		assertEquals(f, e.file());
		for (String bad : new String[] { "NaN", "-Infinity", "1 2", "12,5" }) {
			Files.writeString(f, "0\n" + bad + "\n");
			e = assertThrows(InvalidInputException.class, () -> TiltAngles.read(f), bad);
			assertTrue(e.getMessage().contains("bad.rawtlt") && e.getMessage().contains("line 2"), e.getMessage());
		}
		Files.writeString(f, "# nothing\n\n");
		e = assertThrows(InvalidInputException.class, () -> TiltAngles.read(f));
		assertTrue(e.getMessage().contains("bad.rawtlt") && e.getMessage().contains("no tilt angles"), e.getMessage());
		Files.write(f, new byte[] { 'I', 'I', 42, 0, 8, 0, 0, 0, 10, 0 });
		e = assertThrows(InvalidInputException.class, () -> TiltAngles.read(f));
		assertTrue(e.getMessage().contains("line 1") && !e.getMessage().contains("\n"), e.getMessage());
		Path missing = dir.resolve("missing.tlt");
		e = assertThrows(InvalidInputException.class, () -> TiltAngles.read(missing));
		assertTrue(e.getMessage().contains("missing.tlt") && e.getMessage().contains("not found"), e.getMessage());
	}

	@Test
	void findSidecar_prefersRawtltThenTlt() throws IOException {
		Path tif = dir.resolve("series.ali.tif");
		assertEquals(Optional.empty(), TiltAngles.findSidecar(tif));
		Files.writeString(dir.resolve("series.ali.tlt"), "0\n", StandardCharsets.US_ASCII);
		assertEquals(Optional.of(dir.resolve("series.ali.tlt")), TiltAngles.findSidecar(tif));
		Files.writeString(dir.resolve("series.ali.rawtlt"), "0\n", StandardCharsets.US_ASCII);
		assertEquals(Optional.of(dir.resolve("series.ali.rawtlt")), TiltAngles.findSidecar(tif));
		assertEquals(dir.resolve("series.ali.rawtlt"), TiltAngles.sidecarFor(tif));
	}
}
