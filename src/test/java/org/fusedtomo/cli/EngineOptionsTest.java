package org.fusedtomo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine options of {@code reconstruct} without the Spark module on the class path (as in the Fiji jar
 * and this module's tests): each misuse fails with one line, exit 2, before anything is written.
 */
class EngineOptionsTest {

	@TempDir
	Path tmp;

	@Test
	void engineOptionsAreCheckedAndSparkWithoutItsModuleSaysHowToGetIt() {
		String haadf = Path.of("test-data", "core-shell-32", "HAADF.tif").toString();
		String[][] cases = { { "--engine", "spark" }, { "--engine", "spark", "--slabs", "0" }, { "--slabs", "4" }, { "--engine", "hadoop" },
			{ "--engine", "spark", "--auto" } };
		String[] expected = { "--engine spark is not on the class path; build the fusedtomo-spark module", "--slabs must be at least 1, got 0", "--slabs needs --engine spark",
			"Unknown --engine 'hadoop'", "--auto needs --engine local" };
		for (int i = 0; i < cases.length; i++) {
			Path out = tmp.resolve("out" + i);
			String[] method = i == cases.length - 1 ? new String[] { "--method", "fused", "--chem", "Co=" + Path.of("test-data", "core-shell-32", "Co.tif") } : new String[] { "--method", "wbp" };
			String[] args = FusedTomoTest.concat(FusedTomoTest.concat(new String[] { "reconstruct", "--haadf", haadf, "--out", out.toString() }, method), cases[i]);
			FusedTomoTest.Run r = FusedTomoTest.run(args);
			assertEquals(2, r.code(), r.err());
			assertTrue(r.err().contains(expected[i]), r.err());
			assertEquals(1, r.err().strip().lines().count(), r.err());
			assertFalse(Files.exists(out));
		}
	}
}
