package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.fusedtomo.io.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TomvizShiftsTest {

	@Test
	void load_negatesXAndKeepsY(@TempDir Path tmp) throws IOException {
		Path f = Files.writeString(tmp.resolve("TomVizAlignments.json"), "[[1, 2], [-3.5, -4]]");
		Alignment a = TomvizShifts.load(f, new double[] { -5, 5 });
		assertArrayEquals(new double[] { -1, 3.5 }, a.dx(), 0);
		assertArrayEquals(new double[] { 2, -4 }, a.dy(), 0);
		assertArrayEquals(new double[] { -5, 5 }, a.anglesDeg(), 0);
		assertEquals(0, a.axisRotationDeg());
	}

	@Test
	void load_rejectsBadFilesNamingThem(@TempDir Path tmp) throws IOException {
		Path count = Files.writeString(tmp.resolve("count.json"), "[[1, 2], [3, 4]]");
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> TomvizShifts.load(count, new double[] { 0, 5, 10 }));
		assertTrue(e.getMessage().contains("count.json") && e.getMessage().contains("2 shifts but 3 tilt angles"), e.getMessage());
		Path pair = Files.writeString(tmp.resolve("pair.json"), "[[1, 2], [3]]");
		e = assertThrows(InvalidInputException.class, () -> TomvizShifts.load(pair, new double[] { 0, 5 }));
		assertTrue(e.getMessage().contains("entry 1 is not an [x, y] pair"), e.getMessage());
		Path object = Files.writeString(tmp.resolve("object.json"), "{\"x\": 1}");
		assertThrows(InvalidInputException.class, () -> TomvizShifts.load(object, new double[] { 0 }));
	}
}
