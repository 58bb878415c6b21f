package org.fusedtomo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.fusedtomo.cli.FusedTomo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code fusedtomo reconstruct --engine spark} on the committed 32-pixel test series: the outputs equal the
 * local engine's, and bad engine options fail with one line, exit 2 and no output folder.
 */
class SparkReconstructCommandTest {

	private static final Path HAADF = Path.of("..", "test-data", "core-shell-32", "HAADF.tif");
	private static final Path TRUTH = HAADF.resolveSibling("truth");

	@TempDir
	Path tmp;

	/**
	 * HAADF and Co, scored against the truth and compared with it: every file but report.json is byte for byte the
	 * local run's (volumes, orthoslices.png, comparison.png, convergence plots), though the Spark run never held
	 * a volume in the driver; report.json has the same NRMSE within double round-off (slab shares summed), the
	 * same histories within the round-off of their sums over slabs, and the same parameters.
	 */
	@ParameterizedTest
	@CsvSource({ "sirt,local[2],5", "tv,local[2],3", "wbp,'local-cluster[2,1,1024]',4" })
	void everyOutputEqualsTheLocalRuns(String method, String master, int slabs) throws IOException {
		Path local = tmp.resolve("local"), spark = tmp.resolve("spark");
		// NB: wbp has no iterations, and --iterations with it is refused.
		String[] common = concat(new String[] { "reconstruct", "--haadf", HAADF.toString(), "--chem", "Co=" + HAADF.resolveSibling("Co.tif"), "--method", method, "--threads", "1",
			"--truth", TRUTH.toString(), "--compare-with", TRUTH.toString() }, method.equals("wbp") ? new String[0] : new String[] { "--iterations", "4" });
		Run l = run(concat(common, "--out", local.toString()));
		assertEquals(0, l.code, l.err);
		Run s = run(concat(common, "--out", spark.toString(), "--engine", "spark", "--master", master, "--slabs", String.valueOf(slabs)));
		assertEquals(0, s.code, s.err);
		List<String> names;
		try (var files = Files.list(local)) {
			names = files.map(f -> f.getFileName().toString()).sorted().toList();
		}
		try (var files = Files.list(spark)) {
			assertEquals(names, files.map(f -> f.getFileName().toString()).sorted().toList());
		}
		assertTrue(names.containsAll(List.of("HAADF.tif", "Co.tif", "orthoslices.png", "comparison.png", "report.json")), names.toString());
		for (String name : names)
			if (!name.equals("report.json"))
				assertArrayEquals(Files.readAllBytes(local.resolve(name)), Files.readAllBytes(spark.resolve(name)), name);
		JsonObject a = report(local), b = report(spark);
		assertEquals(a.get("parameters"), b.get("parameters"));
		JsonObject na = a.getAsJsonObject("metrics").getAsJsonObject("nrmse"), nb = b.getAsJsonObject("metrics").getAsJsonObject("nrmse");
		assertEquals(na.keySet(), nb.keySet());
		assertEquals(Set.of("HAADF", "Co"), na.keySet());
		for (String el : na.keySet())
			assertEquals(na.get(el).getAsDouble(), nb.get(el).getAsDouble(), 1e-12 * na.get(el).getAsDouble(), el);
		assertEquals(a.getAsJsonObject("history").keySet(), b.getAsJsonObject("history").keySet());
		for (String series : a.getAsJsonObject("history").keySet()) {
			JsonObject ha = a.getAsJsonObject("history").getAsJsonObject(series), hb = b.getAsJsonObject("history").getAsJsonObject(series);
			assertEquals(ha.keySet(), hb.keySet());
			for (String term : ha.keySet())
				for (int i = 0; i < ha.getAsJsonArray(term).size(); i++) {
					double x = ha.getAsJsonArray(term).get(i).getAsDouble();
					// NB: cost terms are double sums over slabs, in another order (docs/spark.md).
					assertEquals(x, hb.getAsJsonArray(term).get(i).getAsDouble(), 1e-9 * Math.abs(x), series + " " + term);
				}
		}
	}

	private static JsonObject report(Path dir) throws IOException {
		return JsonParser.parseString(Files.readString(dir.resolve("report.json"))).getAsJsonObject();
	}

	private static String[] concat(String[] a, String... b) {
		String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
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
