package org.fusedtomo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.fusedtomo.cli.FusedTomo;
import org.fusedtomo.io.TiffSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fusedtomo reconstruct --engine spark} on the committed 32-pixel test series: the volume equals
 * the local engine's, and bad engine options fail with one line, exit 2 and no output folder.
 */
class SparkReconstructCommandTest {

	private static final Path HAADF = Path.of("..", "test-data", "core-shell-32", "HAADF.tif");

	@TempDir
	Path tmp;

	@Test
	void sparkWithFiveSlabsWritesTheLocalEnginesVolume() {
		Path local = tmp.resolve("local"), spark = tmp.resolve("spark");
		Run l = run("reconstruct", "--haadf", HAADF.toString(), "--method", "sirt", "--iterations", "5", "--threads", "1", "--out", local.toString());
		assertEquals(0, l.code, l.err);
		Run s = run("reconstruct", "--haadf", HAADF.toString(), "--method", "sirt", "--iterations", "5", "--threads", "1", "--out", spark.toString(),
			"--engine", "spark", "--master", "local[2]", "--slabs", "5");
		assertEquals(0, s.code, s.err);
		float[] expected = TiffSeries.readVolume(local.resolve("HAADF.tif")).data(), actual = TiffSeries.readVolume(spark.resolve("HAADF.tif")).data();
		assertArrayEquals(expected, actual, 1e-6f * max(expected));
		assertTrue(Files.exists(spark.resolve("report.json")));
	}

	@Test
	void badEngineOptionsFailWithOneLineAndWriteNothing() {
		String[][] bad = { { "--slabs", "0" }, { "--slabs", "1000" }, { "--master", "spark://127.0.0.1:1" } };
		String[] expected = { "--slabs must be at least 1, got 0", "--slabs 1000 is more than the", "--master spark://127.0.0.1:1 cannot be reached" };
		for (int i = 0; i < bad.length; i++) {
			Path out = tmp.resolve("bad" + i);
			Run r = run("reconstruct", "--haadf", HAADF.toString(), "--method", "wbp", "--out", out.toString(), "--engine", "spark", bad[i][0], bad[i][1]);
			assertEquals(2, r.code, r.err);
			assertTrue(r.err.contains(expected[i]), r.err);
			assertEquals(1, r.err.strip().lines().count(), r.err);
			assertFalse(Files.exists(out), "wrote " + out);
		}
		Run fused = run("reconstruct", "--haadf", HAADF.toString(), "--chem", "Co=" + HAADF.resolveSibling("Co.tif"), "--method", "fused", "--solver", "reference", "--out",
			tmp.resolve("fused").toString(), "--engine", "spark");
		assertEquals(2, fused.code, fused.err);
		assertTrue(fused.err.contains("--solver reference is not distributed yet"), fused.err);
		assertEquals(1, fused.err.strip().lines().count(), fused.err);
		assertFalse(Files.exists(tmp.resolve("fused")));
	}

	private static float max(float[] a) {
		float m = 0;
		for (float f : a)
			m = Math.max(m, Math.abs(f));
		return m;
	}

	record Run(int code, String out, String err) {}

	static Run run(String... args) {
		PrintStream oldOut = System.out, oldErr = System.err;
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		try {
			System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
			System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
			int code = FusedTomo.run(args);
			return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
		}
		finally {
			System.setOut(oldOut);
			System.setErr(oldErr);
		}
	}
}
