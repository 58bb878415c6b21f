package org.fusedtomo.io.npy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.fusedtomo.io.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npy shapes whose product overflows, or exceeds the data, are refused before allocating (issue 19). */
class NpyShapeChecksTest {

	@TempDir
	Path tmp;

	static void assertRefused(Path f, String... fragments) {
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> NpyFiles.read(f));
		assertEquals(1, e.getMessage().lines().count(), e.getMessage());
		assertTrue(e.getMessage().contains(f.getFileName().toString()), e.getMessage());
		for (String s : fragments)
			assertTrue(e.getMessage().contains(s), "'" + s + "' not in: " + e.getMessage());
	}

	@Test
	void read_refusesShapesWhoseProductOverflowsOrExceedsTheData() throws IOException {
		// (2^31 - 1)^3 x 4 wraps around a long to a small number without the saturating product.
		Path wrap = Files.write(tmp.resolve("wrap.npy"), NpyFilesTest.npy("<f4", false, "(2147483647, 2147483647, 2147483647, 4)", new byte[64]));
		assertRefused(wrap, "more than 2^31 values");
		Path big = Files.write(tmp.resolve("big.npy"), NpyFilesTest.npy("<f4", false, "(46340, 46340)", new byte[64]));
		assertRefused(big, "truncated", "(46340, 46340)");
		Path huge = Files.write(tmp.resolve("huge.npy"), NpyFilesTest.npy("<f4", false, "(99999999999, 2)", new byte[64]));
		assertRefused(huge, "not a tuple of integers");
	}
}
