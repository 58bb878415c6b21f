package org.fusedtomo.cli;

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

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ij.IJ;
import ij.ImagePlus;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the command line in-process, as a user would, and checks files, exit codes and messages. */
class FusedTomoTest {

	@TempDir
	static Path tmp;

	static Path sim;

	@BeforeAll
	static void simulate() {
		sim = simulateSmall(tmp.resolve("sim"));
	}

	/** A 24³ core-shell simulation (29 HAADF tilts, 5 chemical) into {@code dir}, for command tests. */
	static Path simulateSmall(Path dir) {
		Run r = run("simulate", "--phantom", "core-shell", "--size", "24", "--out", dir.toString(), "--haadf-angles", "-70:70:5", "--chem-angles", "-60:60:30", "--seed", "3");
		assertEquals(0, r.code, r.err);
		return dir;
	}

	@Test
	void simulate_writesSeriesAnglesTruthAndReport() throws IOException {
		for (String f : new String[] { "HAADF.tif", "HAADF.rawtlt", "Co.tif", "Co.rawtlt", "Mn.tif", "O.tif", "truth/Co.tif", "truth/HAADF.tif", "truth.png", "report.json" })
			assertTrue(Files.isRegularFile(sim.resolve(f)), f);
		ImagePlus haadf = IJ.openImage(sim.resolve("HAADF.tif").toString());
		assertEquals(24, haadf.getWidth());
		assertEquals(29, haadf.getStackSize()); // -70..70 step 5
		assertEquals(29, Files.readAllLines(sim.resolve("HAADF.rawtlt")).stream().filter(l -> !l.isBlank()).count());
		assertEquals(5, IJ.openImage(sim.resolve("Co.tif").toString()).getStackSize());
	}

	@Test
	void reconstruct_sirtWithTruthReportsNrmse() throws IOException {
		Path out = tmp.resolve("rec-sirt");
		Run r = run("reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Co=" + sim.resolve("Co.tif"),
			"--out", out.toString(), "--method", "sirt", "--iterations", "30", "--truth", sim.resolve("truth").toString());
		assertEquals(0, r.code, r.err);
		ImagePlus v = IJ.openImage(out.resolve("HAADF.tif").toString());
		assertEquals(24, v.getWidth());
		assertEquals(24, v.getStackSize());
		assertTrue(Files.isRegularFile(out.resolve("Co.tif")));
		assertTrue(Files.isRegularFile(out.resolve("orthoslices.png")));
		assertTrue(Files.isRegularFile(out.resolve("convergence-HAADF.png")));
		JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
		double nrmse = report.getAsJsonObject("metrics").getAsJsonObject("nrmse").get("HAADF").getAsDouble();
		assertTrue(nrmse < 0.5, "HAADF NRMSE " + nrmse);
		assertTrue(r.out.contains("NRMSE HAADF"), r.out);
		assertEquals(30, report.getAsJsonObject("history").getAsJsonObject("HAADF").getAsJsonArray("data").size());
	}

	@Test
	void reconstruct_readsCommittedTestDataAndScoresAgainstItsTruth() throws IOException {
		Path data = Path.of("test-data", "core-shell-32");
		Path out = tmp.resolve("rec-test-data");
		Run r = run("reconstruct", "--haadf", data.resolve("HAADF.tif").toString(), "--chem", "Co=" + data.resolve("Co.tif"),
			"--method", "em", "--iterations", "30", "--out", out.toString(), "--truth", data.resolve("truth").toString());
		assertEquals(0, r.code, r.err);
		JsonObject nrmse = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject().getAsJsonObject("metrics").getAsJsonObject("nrmse");
		// Measured 0.063 (HAADF, 47 tilts) and 0.284 (Co, 9 tilts at 20 counts) when the data was made.
		assertTrue(nrmse.get("HAADF").getAsDouble() < 0.10, nrmse.toString());
		assertTrue(nrmse.get("Co").getAsDouble() < 0.35, nrmse.toString());
	}

	@Test
	void reconstruct_holdOutChemPredictsTheHeldOutMapsAndBinHalvesTheSize() throws IOException {
		Path data = Path.of("test-data", "core-shell-32");
		Path out = tmp.resolve("rec-held-out");
		Run r = run("reconstruct", "--haadf", data.resolve("HAADF.tif").toString(), "--chem", "Co=" + data.resolve("Co.tif"),
			"--method", "em", "--iterations", "20", "--hold-out-chem", "3", "--bin", "2", "--out", out.toString());
		assertEquals(0, r.code, r.err);
		assertEquals(16, IJ.openImage(out.resolve("Co.tif").toString()).getWidth());
		JsonObject metrics = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject().getAsJsonObject("metrics");
		double co = metrics.getAsJsonObject("heldout_chem_nrmse").get("Co").getAsDouble();
		assertTrue(co > 0 && co < 0.8, "held-out Co NRMSE " + co);
		assertTrue(r.out.contains("held-out NRMSE Co"), r.out);
		assertEquals(2, run("reconstruct", "--haadf", data.resolve("HAADF.tif").toString(), "--method", "em", "--hold-out-chem", "3", "--out",
			tmp.resolve("no-chem").toString()).code);
	}

	@Test
	void reconstruct_leaveOutChemHoldsOutOneFoldAndComparesWithAnotherRun() throws IOException {
		Path data = Path.of("test-data", "core-shell-32");
		String[] common = { "reconstruct", "--haadf", data.resolve("HAADF.tif").toString(), "--chem", "Co=" + data.resolve("Co.tif"), "--bin", "2", "--iterations", "20" };
		Path em = tmp.resolve("em-fold");
		Run r = run(concat(common, "--method", "em", "--leave-out-chem", "4:1", "--out", em.toString()));
		assertEquals(0, r.code, r.err);
		int chemTilts = IJ.openImage(data.resolve("Co.tif").toString()).getStackSize();
		int heldOut = (int) java.util.stream.IntStream.range(0, chemTilts).filter(i -> i % 4 == 1).count();
		assertTrue(r.out.contains("held-out NRMSE Co") && r.out.contains("(" + heldOut + " tilts)"), r.out);
		Path sirt = tmp.resolve("sirt-vs-em");
		r = run(concat(common, "--method", "sirt", "--compare-with", em.toString(), "--out", sirt.toString()));
		assertEquals(0, r.code, r.err);
		// Rows "Co sirt" and "Co em-fold": one element, two runs, each three orthoslices.
		assertTrue(IJ.openImage(sirt.resolve("comparison.png").toString()).getHeight() > IJ.openImage(sirt.resolve("orthoslices.png").toString()).getHeight());
		for (String bad : new String[] { "4:4", "1:0", "four" }) {
			r = run(concat(common, "--method", "em", "--leave-out-chem", bad, "--out", tmp.resolve("bad").toString()));
			assertEquals(2, r.code, bad);
			assertTrue(r.err.contains("--leave-out-chem '" + bad + "'"), r.err);
		}
	}

	@Test
	void reconstruct_fusedWritesOneVolumePerElementAndItsCostHistory() throws IOException {
		Path out = tmp.resolve("rec-fused");
		Run r = run("reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Co=" + sim.resolve("Co.tif"), "--chem", "Mn=" + sim.resolve("Mn.tif"),
			"--chem", "O=" + sim.resolve("O.tif"), "--method", "fused", "--iterations", "6", "--out", out.toString(), "--truth", sim.resolve("truth").toString());
		assertEquals(0, r.code, r.err);
		for (String el : new String[] { "Co", "Mn", "O" })
			assertEquals(24, IJ.openImage(out.resolve(el + ".tif").toString()).getStackSize(), el);
		assertFalse(Files.exists(out.resolve("HAADF.tif")), "fused writes element volumes only");
		assertTrue(Files.isRegularFile(out.resolve("convergence-fused.png")));
		JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
		JsonObject history = report.getAsJsonObject("history").getAsJsonObject("fused");
		for (String term : new String[] { "haadf", "chem", "tv", "total" })
			assertEquals(6, history.getAsJsonArray(term).size(), term);
		assertEquals(3, report.getAsJsonObject("metrics").getAsJsonObject("nrmse").size());
	}

	@Test
	void reconstruct_fusedWithGuidedTvRecordsTheGuideAndRefusesAWeightOfOne() throws IOException {
		Path out = tmp.resolve("rec-guided");
		String[] common = { "reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Co=" + sim.resolve("Co.tif"), "--chem", "Mn=" + sim.resolve("Mn.tif"),
			"--chem", "O=" + sim.resolve("O.tif"), "--method", "fused", "--solver", "proximal", "--lambda-tv", "0.1", "--iterations", "4" };
		Run r = run(concat(common, "--tv-guide", "0.95", "--out", out.toString()));
		assertEquals(0, r.code, r.err);
		JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
		assertEquals(0.95, report.getAsJsonObject("parameters").getAsJsonObject("fused").getAsJsonObject("model").get("tvGuide").getAsDouble(), 0);
		assertEquals(24, IJ.openImage(out.resolve("HAADF-guide.tif").toString()).getStackSize(), "the guide image is written beside the elements");
		assertTrue(Files.isRegularFile(out.resolve("haadf-guide.png")));
		Run bad = run(concat(common, "--tv-guide", "1", "--out", tmp.resolve("rec-guided-bad").toString()));
		assertEquals(2, bad.code);
		assertTrue(bad.err.contains("--tv-guide"), bad.err);
		assertFalse(Files.exists(tmp.resolve("rec-guided-bad").resolve("Co.tif")));
	}

	@Test
	void reconstruct_fusedWithJointTvRecordsItAndRefusesTheReferenceSolver() throws IOException {
		Path out = tmp.resolve("rec-joint");
		String[] common = { "reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Co=" + sim.resolve("Co.tif"), "--chem", "Mn=" + sim.resolve("Mn.tif"),
			"--chem", "O=" + sim.resolve("O.tif"), "--method", "fused", "--iterations", "3", "--joint-tv" };
		Run r = run(concat(common, "--solver", "proximal", "--tv-guide", "0.95", "--out", out.toString()));
		assertEquals(0, r.code, r.err);
		JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
		assertTrue(report.getAsJsonObject("parameters").getAsJsonObject("fused").getAsJsonObject("model").get("jointTv").getAsBoolean());
		assertEquals("[[\"Co\",\"Mn\",\"O\"]]", report.getAsJsonObject("parameters").get("fusedTvGroups").toString(), "one joint group of all elements");
		Run bad = run(concat(common, "--solver", "reference", "--out", tmp.resolve("rec-joint-bad").toString()));
		assertEquals(2, bad.code);
		assertTrue(bad.err.contains("--joint-tv") && bad.err.contains("--solver proximal"), bad.err);
	}

	@Test
	void reconstruct_fusedWithInterfaceCouplingRecordsTheGroupsAndRefusesTheReferenceSolver() throws IOException {
		Path out = tmp.resolve("rec-interface");
		String[] common = { "reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Co=" + sim.resolve("Co.tif"), "--chem", "Mn=" + sim.resolve("Mn.tif"),
			"--chem", "O=" + sim.resolve("O.tif"), "--method", "fused", "--iterations", "3", "--interface-coupling", "true" };
		Run r = run(concat(common, "--out", out.toString()));
		assertEquals(0, r.code, r.err);
		assertTrue(r.out.contains("Interface coupling: "), r.out);
		JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
		assertTrue(report.getAsJsonObject("parameters").getAsJsonObject("fused").getAsJsonObject("model").get("interfaceCoupling").getAsBoolean());
		int elements = 0;
		for (var g : report.getAsJsonObject("parameters").getAsJsonArray("fusedTvGroups"))
			elements += g.getAsJsonArray().size();
		assertEquals(3, elements, "every element in one group");
		Run bad = run(concat(common, "--solver", "reference", "--out", tmp.resolve("rec-interface-bad").toString()));
		assertEquals(2, bad.code);
		assertTrue(bad.err.contains("--interface-coupling") && bad.err.contains("--solver proximal"), bad.err);
	}

	@Test
	void reconstruct_fusedWithoutChemistryIsRefused() {
		Run r = run("reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--method", "fused", "--out", tmp.resolve("f0").toString());
		assertEquals(2, r.code);
		assertTrue(r.err.contains("--chem"), r.err);
	}

	@Test
	void study_writesTablesHeadlineAndPictures() throws IOException {
		Path out = tmp.resolve("study");
		Run r = run("study", "--size", "16", "--chem-tilts", "3,9", "--counts", "20", "--iterations", "5", "--out", out.toString());
		assertEquals(0, r.code, r.err);
		String md = Files.readString(out.resolve("fused-study.md"));
		assertTrue(md.contains("| 9 | 20 |") && md.contains("| 3 | 20 |"), md);
		assertTrue(md.contains("ratio **"), md);
		assertTrue(Files.isRegularFile(out.resolve("study/nrmse-vs-dose.png")));
		assertTrue(Files.isRegularFile(out.resolve("study/orthoslices-9-tilts.png")));
	}

	@Test
	void reconstruct_eachMethodRuns() {
		for (String method : new String[] { "wbp", "em", "tv" }) {
			Path out = tmp.resolve("rec-" + method);
			// NB: wbp has no iterations (and refuses --iterations).
			String[] args = { "reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--out", out.toString(), "--method", method };
			Run r = run(method.equals("wbp") ? args : concat(args, "--iterations", "5"));
			assertEquals(0, r.code, method + ": " + r.err);
			assertTrue(Files.isRegularFile(out.resolve("HAADF.tif")), method);
		}
	}

	@Test
	void reconstruct_refusesToOverwriteItsInput() throws IOException {
		byte[] before = Files.readAllBytes(sim.resolve("HAADF.tif"));
		Run r = run("reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--out", sim.toString(), "--method", "wbp");
		assertEquals(2, r.code);
		assertTrue(r.err.contains("HAADF.tif"), r.err);
		assertArrayEquals(before, Files.readAllBytes(sim.resolve("HAADF.tif")));
	}

	@Test
	void reconstruct_missingFileIsOneClearLine() {
		Run r = run("reconstruct", "--haadf", tmp.resolve("nope.tif").toString(), "--out", tmp.resolve("x").toString());
		assertEquals(2, r.code);
		assertTrue(r.err.contains("nope.tif"), r.err);
		assertEquals(1, r.err.strip().lines().count(), r.err);
		assertFalse(Files.exists(tmp.resolve("x").resolve("report.json")));
	}

	@Test
	void reconstruct_wrongAngleCountNamesBothNumbers() throws IOException {
		Path angles = tmp.resolve("three.tlt");
		Files.writeString(angles, "-10\n0\n10\n");
		Run r = run("reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--angles", angles.toString(), "--out", tmp.resolve("y").toString());
		assertEquals(2, r.code);
		assertTrue(r.err.contains("29") && r.err.contains("3"), r.err);
	}

	@Test
	void reconstruct_badArgumentsExitNonZero() {
		assertEquals(2, run("reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--out", tmp.resolve("z").toString(), "--method", "magic").code);
		assertEquals(2, run("reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--out", tmp.resolve("z").toString(), "--chem", "Xx=" + sim.resolve("Co.tif")).code);
		assertEquals(2, run("reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--out", tmp.resolve("z").toString(), "--iterations", "0").code);
		assertEquals(2, run("simulate", "--out", tmp.resolve("z").toString(), "--haadf-angles", "10:-10:1").code);
		assertEquals(2, run("nonsense").code);
	}

	record Run(int code, String out, String err) {}

	/** {@code a} followed by {@code b}. */
	static String[] concat(String[] a, String... b) {
		String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}

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
