package org.fusedtomo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fusedtomo reconstruct --method fused --engine spark --slabs 5} on the committed 32-pixel series (Co and
 * Mn; isotropic TV, 3 prox iterations, so the halos of 4 and 5 slices are narrower than the volume) writes the
 * local engine's element volumes byte for byte (SparkFusedTest: difference 0) and the same cost history.
 */
class SparkFusedCommandTest {

	private static final Path HAADF = Path.of("..", "test-data", "core-shell-32", "HAADF.tif");

	@TempDir
	Path tmp;

	@Test
	void fusedOnFiveSlabsWritesTheLocalEnginesVolumes() throws Exception {
		Path spark = assertFiveSlabsWriteTheLocalVolumes("--tv-guide", "0", "--tv-iterations", "3");
		String report = Files.readString(spark.resolve("report.json"));
		assertTrue(report.contains("\"total\""), report);
	}

	/**
	 * {@code --solver reference} (2 SIRT and 3 prox iterations per step) on 5 slabs writes the local engine's volumes
	 * byte for byte (SparkFusedTest: difference 0).
	 */
	@Test
	void referenceSolverOnFiveSlabsWritesTheLocalEnginesVolumes() throws Exception {
		assertFiveSlabsWriteTheLocalVolumes("--solver", "reference", "--sirt-iterations", "2", "--tv-iterations", "3");
	}

	/** Runs fused on Co and Mn with {@code options} locally and on 5 slabs, asserts equal Co.tif and Mn.tif; returns the Spark run's folder. */
	private Path assertFiveSlabsWriteTheLocalVolumes(String... options) throws Exception {
		Path local = tmp.resolve("local"), spark = tmp.resolve("spark");
		String[] args = SlabTestData.concat(new String[] { "reconstruct", "--haadf", HAADF.toString(), "--chem", "Co=" + HAADF.resolveSibling("Co.tif"), "--chem",
			"Mn=" + HAADF.resolveSibling("Mn.tif"), "--method", "fused" }, options);
		args = SlabTestData.concat(args, "--em-iterations", "3", "--iterations", "4", "--threads", "1", "--out");
		SparkReconstructCommandTest.Run l = SparkReconstructCommandTest.run(SlabTestData.concat(args, local.toString()));
		assertEquals(0, l.code(), l.err());
		SparkReconstructCommandTest.Run s = SparkReconstructCommandTest.run(SlabTestData.concat(args, spark.toString(), "--engine", "spark", "--master", "local[2]", "--slabs", "5"));
		assertEquals(0, s.code(), s.err());
		for (String el : new String[] { "Co", "Mn" })
			assertArrayEquals(Files.readAllBytes(local.resolve(el + ".tif")), Files.readAllBytes(spark.resolve(el + ".tif")), el);
		return spark;
	}
}
