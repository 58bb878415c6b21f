package org.fusedtomo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.fusedtomo.io.TiffSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fusedtomo reconstruct --method tv --engine spark --slabs 5} on the committed 32-pixel series (32 slices:
 * slabs of 6 or 7, with the default prox's halos of 11 and 12 slices) writes the local engine's volume and a
 * report with the same cost history.
 */
class SparkTvCommandTest {

	private static final Path HAADF = Path.of("..", "test-data", "core-shell-32", "HAADF.tif");

	@TempDir
	Path tmp;

	@Test
	void tvOnFiveSlabsWritesTheLocalEnginesVolume() throws Exception {
		Path local = tmp.resolve("local"), spark = tmp.resolve("spark");
		SparkReconstructCommandTest.Run l = SparkReconstructCommandTest.run("reconstruct", "--haadf", HAADF.toString(), "--method", "tv", "--iterations", "4", "--threads", "1",
			"--out", local.toString());
		assertEquals(0, l.code(), l.err());
		SparkReconstructCommandTest.Run s = SparkReconstructCommandTest.run("reconstruct", "--haadf", HAADF.toString(), "--method", "tv", "--iterations", "4", "--threads", "1",
			"--out", spark.toString(), "--engine", "spark", "--master", "local[2]", "--slabs", "5");
		assertEquals(0, s.code(), s.err());
		float[] expected = TiffSeries.readVolume(local.resolve("HAADF.tif")).data(), actual = TiffSeries.readVolume(spark.resolve("HAADF.tif")).data();
		// NB: the tolerance of SparkTvTest (bit-identical there); the volume has a maximum of order 1.
		float max = 0;
		for (float f : expected)
			max = Math.max(max, Math.abs(f));
		assertTrue(max > 0);
		assertArrayEquals(expected, actual, 1e-6f * max);
		String report = Files.readString(spark.resolve("report.json"));
		assertTrue(report.contains("\"tv\""), report);
	}
}
