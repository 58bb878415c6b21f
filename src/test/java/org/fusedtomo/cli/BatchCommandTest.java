package org.fusedtomo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fusedtomo batch} on this JVM: each series' folder holds what {@code reconstruct} writes for that
 * series alone; bad batch input fails with one line, exit 2, before anything is written; a series that fails
 * while the batch runs leaves no folder and does not stop the others.
 */
class BatchCommandTest {

	static final Path DATA = Path.of("test-data", "core-shell-32").toAbsolutePath();
	static final String[] OPTIONS = { "--method", "sirt", "--iterations", "3", "--threads", "1" };

	@TempDir
	Path tmp;

	@Test
	void eachSeriesGetsWhatReconstructWritesForIt() throws IOException {
		Path batch = tmp.resolve("batch");
		FusedTomoTest.Run r = FusedTomoTest.run(FusedTomoTest.concat(new String[] { "batch", "--out", batch.toString(), DATA.resolve("HAADF.tif").toString(), DATA.resolve("Co.tif").toString() }, OPTIONS));
		assertEquals(0, r.code(), r.err());
		for (String name : List.of("HAADF", "Co")) {
			Path alone = tmp.resolve("alone-" + name);
			FusedTomoTest.Run a = FusedTomoTest.run(FusedTomoTest.concat(new String[] { "reconstruct", "--haadf", DATA.resolve(name + ".tif").toString(), "--out", alone.toString() }, OPTIONS));
			assertEquals(0, a.code(), a.err());
			assertSameOutputs(alone, batch.resolve(name));
		}
		assertEquals(List.of("Co", "HAADF"), list(batch));
		// NB: each series is reconstructed as a --haadf; the line names the file written and the series it came from.
		assertTrue(r.out().contains("Wrote HAADF.tif (sirt, from Co.tif) to " + batch.resolve("Co").toAbsolutePath()), r.out());
		assertTrue(r.out().contains("Wrote HAADF.tif (sirt) to " + batch.resolve("HAADF").toAbsolutePath()), r.out());
	}

	@Test
	void aListFileNamesSeriesRelativeToItsFolder() throws IOException {
		Path listed = Files.createDirectories(tmp.resolve("in"));
		Files.copy(DATA.resolve("Mn.tif"), listed.resolve("t0.tif"));
		Files.copy(DATA.resolve("Mn.rawtlt"), listed.resolve("t0.rawtlt"));
		Path list = Files.writeString(listed.resolve("series.txt"), "# a time series\nt0.tif\n\n" + DATA.resolve("O.tif") + "\n");
		Path batch = tmp.resolve("batch");
		FusedTomoTest.Run r = FusedTomoTest.run(FusedTomoTest.concat(new String[] { "batch", "--out", batch.toString(), "--list", list.toString() }, OPTIONS));
		assertEquals(0, r.code(), r.err());
		assertEquals(List.of("O", "t0"), list(batch));
		Path alone = tmp.resolve("alone");
		assertEquals(0, FusedTomoTest.run(FusedTomoTest.concat(new String[] { "reconstruct", "--haadf", listed.resolve("t0.tif").toString(), "--out", alone.toString() }, OPTIONS)).code());
		assertSameOutputs(alone, batch.resolve("t0"));
	}

	@Test
	void badBatchInputFailsWithOneLineAndWritesNothing() throws IOException {
		String haadf = DATA.resolve("HAADF.tif").toString();
		Path twin = Files.createDirectories(tmp.resolve("twin"));
		Files.copy(DATA.resolve("HAADF.tif"), twin.resolve("HAADF.tif"));
		Path out = tmp.resolve("out");
		String[][] cases = { { "--method", "wbp" }, { tmp.resolve("none.tif").toString(), "--method", "wbp" }, { haadf, twin.resolve("HAADF.tif").toString() },
			{ haadf, "--iterations", "0" }, { haadf, "--haadf", haadf }, { "--engine", "hadoop", haadf }, { "--master", "local[2]", haadf },
			{ "--list", tmp.resolve("missing.txt").toString() }, { "--engine", "spark", haadf }, { haadf, "--method", "sirt", "--slabs", "2" }, { haadf, "--no-such-option" },
			{ haadf, "--method", "sirt", "--auto-folds", "3" }, { haadf, "--method", "sirt", "--auto" }, { haadf, "--method", "fused", "--lambda-chem", "-1" }, { haadf, haadf },
			{ twin.toString(), "--method", "wbp" } };
		String[] expected = { "batch needs at least one tilt series", "none.tif: does not exist", "has the same name as", "--iterations must be at least 1",
			"--haadf is not a batch option", "Unknown --engine 'hadoop'", "--master needs --engine spark", "missing.txt: cannot be read (--list)",
			"--engine spark is not on the class path", "--slabs needs --engine spark", "reconstruct options: Unknown option: '--no-such-option'",
			"--auto-folds needs --auto", "--auto chooses the weights of --method fused", "--lambda-chem", "HAADF.tif: is given twice; give each series once",
			"twin: is a folder, not a file; give one of its files: HAADF.tif" };
		for (int i = 0; i < cases.length; i++) {
			FusedTomoTest.Run r = FusedTomoTest.run(FusedTomoTest.concat(new String[] { "batch", "--out", out.toString() }, cases[i]));
			assertEquals(2, r.code(), String.join(" ", cases[i]) + ": " + r.err());
			assertTrue(r.err().contains(expected[i]), r.err());
			assertEquals(1, r.err().strip().lines().count(), r.err());
			assertFalse(Files.exists(out), "wrote " + out);
		}
	}

	@Test
	void aSeriesThatFailsLeavesNoFolderAndTheOthersAreWritten() throws IOException {
		Path broken = Files.writeString(tmp.resolve("broken.tif"), "not a TIFF");
		Path batch = tmp.resolve("batch");
		FusedTomoTest.Run r = FusedTomoTest.run(FusedTomoTest.concat(new String[] { "batch", "--out", batch.toString(), broken.toString(), DATA.resolve("HAADF.tif").toString() }, OPTIONS));
		assertEquals(2, r.code(), r.err());
		String last = r.err().strip().lines().reduce((a, b) -> b).orElseThrow();
		assertTrue(last.startsWith("fusedtomo batch: error: 1 of 2 series failed") && last.contains("broken: fusedtomo reconstruct: error: ") && last.contains("broken.tif"), last);
		assertEquals(List.of("HAADF"), list(batch));
		assertTrue(Files.exists(batch.resolve("HAADF").resolve("HAADF.tif")));
	}

	/** The same file names, and every file byte for byte except report.json, whose timings differ. */
	static void assertSameOutputs(Path expected, Path actual) throws IOException {
		assertEquals(list(expected), list(actual));
		for (String name : list(expected))
			if (!name.equals("report.json"))
				assertArrayEquals(Files.readAllBytes(expected.resolve(name)), Files.readAllBytes(actual.resolve(name)), name);
		assertEquals(withoutTimings(expected.resolve("report.json")), withoutTimings(actual.resolve("report.json")));
	}

	/** report.json with the numbers of its timings blanked and the output folder's name removed. */
	private static String withoutTimings(Path report) throws IOException {
		String json = Files.readString(report);
		int t = json.indexOf("\"timings_s\"");
		if (t >= 0) {
			int end = json.indexOf('}', t);
			json = json.substring(0, t) + json.substring(t, end).replaceAll("-?[0-9][0-9.eE+-]*", "#") + json.substring(end);
		}
		return json;
	}

	static List<String> list(Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}
}
