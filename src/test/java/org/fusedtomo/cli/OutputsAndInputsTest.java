package org.fusedtomo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.fusedtomo.cli.FusedTomoTest.Run;
import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.readers.SeriesReaders;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.io.dm.DmTestFiles;
import org.fusedtomo.io.mrc.MrcFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, outputs and inputs: a command that fails or is cancelled leaves nothing in {@code --out} (not
 * even the folder it would have created), and no input or sidecar of an input is ever changed. Each case
 * checks the exit code, the single stderr line, the absent {@code --out} and SHA-256 checksums of the
 * input folders before and after.
 */
class OutputsAndInputsTest {

	@TempDir
	static Path tmp;

	static Path sim;

	@BeforeAll
	static void simulate() {
		sim = tmp.resolve("sim");
		Run r = FusedTomoTest.run("simulate", "--phantom", "core-shell", "--size", "16", "--out", sim.toString(), "--haadf-angles", "-60:60:10", "--chem-angles", "-60:60:30",
			"--seed", "3");
		assertEquals(0, r.code(), r.err());
	}

	@AfterEach
	void noSimulatedCtrlC() {
		Monitors.cancelAtStage = null;
	}

	@Test
	void align_outIntoTheFolderOfAnMrcWithDescendingRawtlt_isRefusedBeforeAnyWork() throws IOException {
		Path in = Files.createDirectories(tmp.resolve("mrc-in"));
		TiltSeries s = TiffSeries.readTiltSeries(sim.resolve("HAADF.tif"));
		Path mrc = in.resolve("HAADF.mrc");
		MrcFiles.writeTiltSeries(reversed(s), mrc, false, AtomicFiles.protecting());
		// NB: as a microscope writes it: the last tilt first, and a comment a rewrite would lose.
		StringBuilder rawtlt = new StringBuilder("# tilts in acquisition order, +60 first\n");
		for (int i = s.angleCount() - 1; i >= 0; i--)
			rawtlt.append(s.angleDeg(i)).append('\n');
		Files.writeString(in.resolve("HAADF.rawtlt"), rawtlt);
		assertEquals(s.angleDeg(s.angleCount() - 1), SeriesReaders.read(mrc).haadf().angleDeg(s.angleCount() - 1));
		Map<String, String> before = checksums(in);

		Run r = FusedTomoTest.run("align", "--haadf", mrc.toString(), "--out", in.toString(), "--method", "com");

		assertRefused(r, "HAADF.rawtlt", "refusing to overwrite");
		assertEquals(before, checksums(in));
	}

	@Test
	void align_outIntoTheFolderOfADm3WithItsRawtlt_isRefusedBeforeAnyWork() throws IOException {
		Path in = Files.createDirectories(tmp.resolve("dm3-in"));
		Path dm3 = dm3(in.resolve("HAADF.dm3"));
		Files.writeString(in.resolve("HAADF.rawtlt"), "# sidecar\n-40\n0\n40\n");
		Map<String, String> before = checksums(in);

		Run r = FusedTomoTest.run("align", "--haadf", dm3.toString(), "--out", in.toString(), "--method", "com");

		assertRefused(r, "HAADF.rawtlt", "refusing to overwrite");
		assertEquals(before, checksums(in));
	}

	@Test
	void align_outIntoTheFolderOfADm3WithoutSidecar_refusesToGiveItOne() throws IOException {
		Path in = Files.createDirectories(tmp.resolve("dm3-tags-in"));
		Path dm3 = dm3(in.resolve("HAADF.dm3"));
		Map<String, String> before = checksums(in);

		Run r = FusedTomoTest.run("align", "--haadf", dm3.toString(), "--out", in.toString(), "--method", "com");

		// NB: a HAADF.rawtlt written there would replace the angles in the DM3's tags on the next read.
		assertRefused(r, "HAADF.rawtlt", "would be read with an input");
		assertEquals(before, checksums(in));
	}

	@Test
	void reconstruct_outIntoTheInputFolder_isRefusedBeforeAnyWork() throws IOException {
		Map<String, String> before = checksums(sim);
		Run r = FusedTomoTest.run("reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Co=" + sim.resolve("Co.tif"), "--method", "wbp", "--out",
			sim.toString());
		assertRefused(r, "HAADF.tif", "refusing to overwrite");
		assertEquals(before, checksums(sim));
	}

	@Test
	void reconstruct_truthOfAnotherSize_leavesNothing() throws IOException {
		Path wrong = wrongSizeVolumes(tmp.resolve("truth-12"));
		Map<String, String> simBefore = checksums(sim), wrongBefore = checksums(wrong);
		Path out = tmp.resolve("rec-truth-mismatch");

		Run r = FusedTomoTest.run("reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Co=" + sim.resolve("Co.tif"), "--method", "wbp", "--truth",
			wrong.toString(), "--out", out.toString());

		assertRefused(r, "HAADF.tif", "--truth");
		assertNothingAt(out);
		assertEquals(simBefore, checksums(sim));
		assertEquals(wrongBefore, checksums(wrong));
	}

	@Test
	void reconstruct_compareWithOfAnotherSize_leavesNothing() throws IOException {
		Path wrong = wrongSizeVolumes(tmp.resolve("compare-12"));
		Map<String, String> simBefore = checksums(sim), wrongBefore = checksums(wrong);
		Path out = tmp.resolve("rec-compare-mismatch");

		Run r = FusedTomoTest.run("reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Co=" + sim.resolve("Co.tif"), "--method", "wbp",
			"--compare-with", wrong.toString(), "--out", out.toString());

		assertRefused(r, "HAADF.tif", "--compare-with");
		assertNothingAt(out);
		assertEquals(simBefore, checksums(sim));
		assertEquals(wrongBefore, checksums(wrong));
	}

	@Test
	void aRunIntoTheFolderOfAnEarlierRun_namesTheFilesThatAreNotOfIt() throws IOException {
		Path out = tmp.resolve("reused");
		String haadf = sim.resolve("HAADF.tif").toString();
		Run first = FusedTomoTest.run("reconstruct", "--haadf", haadf, "--chem", "Co=" + sim.resolve("Co.tif"), "--method", "wbp", "--out", out.toString());
		assertEquals(0, first.code(), first.err());
		assertFalse(first.err().contains("Note: "), first.err());
		byte[] co = Files.readAllBytes(out.resolve("Co.tif"));
		// NB: the same command again replaces every file: nothing to say.
		Run again = FusedTomoTest.run("reconstruct", "--haadf", haadf, "--chem", "Co=" + sim.resolve("Co.tif"), "--method", "wbp", "--out", out.toString());
		assertEquals(0, again.code(), again.err());
		assertFalse(again.err().contains("Note: "), again.err());
		// The HAADF alone: Co.tif of the earlier run stays beside the new HAADF.tif and report.json, untouched, and is named.
		Run second = FusedTomoTest.run("reconstruct", "--haadf", haadf, "--method", "wbp", "--out", out.toString());
		assertEquals(0, second.code(), second.err());
		List<String> notes = second.err().lines().filter(l -> l.startsWith("Note: ")).toList();
		assertEquals(1, notes.size(), second.err());
		assertTrue(notes.get(0).contains("held an earlier run's results") && notes.get(0).contains("left 1 file of that run beside this one's: Co.tif (give each run its own --out)"), notes.get(0));
		assertTrue(java.util.Arrays.equals(co, Files.readAllBytes(out.resolve("Co.tif"))));
		assertFalse(Files.readString(out.resolve("report.json")).contains("Co.tif"));
	}

	/**
	 * An --out that holds files this run would replace but no report.json of an earlier run (a simulation's truth
	 * folder, another program's data) is refused, naming the file, before any work (reconstruct) or before anything
	 * is moved (fsc, whose names come late); `reconstruct --out sim/truth` replaced the ground-truth Co.tif and HAADF.tif
	 * without a word. simulate into its own earlier folder (report.json above truth/) still replaces its files.
	 */
	@Test
	void aRunIntoAFolderOfOtherFiles_refusesToReplaceThem() throws IOException {
		Path truth = sim.resolve("truth");
		Map<String, String> before = checksums(truth);
		Run r = FusedTomoTest.run("reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Co=" + sim.resolve("Co.tif"), "--method", "wbp", "--out", truth.toString());
		assertRefused(r, truth.resolve("HAADF.tif").toString(), "holds no report.json of an earlier run");
		assertEquals(before, checksums(truth));
		assertNoStaging(truth);
		// a command whose names come late (simulate) is refused when it would move its files into place
		Path foreign = Files.createDirectories(tmp.resolve("foreign"));
		Files.writeString(foreign.resolve("HAADF.tif"), "another program's file");
		Run sim2 = FusedTomoTest.run("simulate", "--phantom", "core-shell", "--size", "16", "--out", foreign.toString(), "--haadf-angles", "-60:60:30", "--chem-angles", "-60:60:60");
		assertRefused(sim2, foreign.resolve("HAADF.tif").toString(), "holds no report.json of an earlier run");
		assertEquals("another program's file", Files.readString(foreign.resolve("HAADF.tif")));
		assertEquals(1, Files.list(foreign).count());
		// a folder of other files whose names this run does not write is written into, as before
		Path other = tmp.resolve("other-files");
		Files.createDirectories(other);
		Files.writeString(other.resolve("notes.txt"), "mine");
		Run ok = FusedTomoTest.run("reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--method", "wbp", "--out", other.toString());
		assertEquals(0, ok.code(), ok.err());
		// simulate again into its own folder: its report.json is there, so truth/ is its own earlier output
		Path again = tmp.resolve("sim-again");
		for (int k = 0; k < 2; k++) {
			Run s = FusedTomoTest.run("simulate", "--phantom", "core-shell", "--size", "16", "--out", again.toString(), "--haadf-angles", "-60:60:30", "--chem-angles", "-60:60:60",
				"--seed", "3");
			assertEquals(0, s.code(), s.err());
		}
	}

	/**
	 * A run whose --out is its input's folder, again: the note on an earlier run's files does not name the run's own
	 * inputs (maps --input bcf --out bcf named the five .bcf files as "files of that run").
	 */
	@Test
	void aRunIntoItsInputFolderAgain_doesNotNameItsInputsAsAnEarlierRunsFiles() throws IOException {
		Path folder = Files.createDirectories(tmp.resolve("input-folder"));
		Files.copy(sim.resolve("HAADF.tif"), folder.resolve("HAADF.tif"));
		Files.copy(sim.resolve("HAADF.rawtlt"), folder.resolve("HAADF.rawtlt"));
		for (int k = 0; k < 2; k++) {
			Run r = FusedTomoTest.run("fsc", "--haadf", folder.resolve("HAADF.tif").toString(), "--iterations", "3", "--out", folder.toString());
			assertEquals(0, r.code(), r.err());
			assertFalse(r.err().contains("Note: "), r.err());
		}
	}

	@Test
	void reconstruct_cancelledDuringTheSecondSeries_leavesNeitherTheFirstNorTheFolder() throws IOException {
		Map<String, String> before = checksums(sim);
		Path out = tmp.resolve("rec-cancelled");
		// NB: a simulated Ctrl-C (the monitor's cancel, as the SIGINT handler calls it) once the HAADF series is done and Co begins.
		Monitors.cancelAtStage = stage -> stage.startsWith("Co:");

		Run r = FusedTomoTest.run("reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Co=" + sim.resolve("Co.tif"), "--method", "sirt",
			"--iterations", "5", "--out", out.toString());

		assertEquals(130, r.code(), r.err());
		assertTrue(r.err().lines().anyMatch(l -> l.startsWith("HAADF:") && l.contains("100%")), "the HAADF series finished first:\n" + r.err());
		List<String> messages = messages(r.err());
		assertEquals(1, messages.size(), r.err());
		assertTrue(messages.get(0).contains("cancelled"), messages.get(0));
		assertNothingAt(out);
		assertEquals(before, checksums(sim));
	}

	@Test
	void reconstruct_cancelled_leavesAnExistingOutFolderAsItWas() throws IOException {
		Path out = Files.createDirectories(tmp.resolve("rec-cancelled-existing"));
		Files.writeString(out.resolve("notes.txt"), "mine");
		Files.writeString(out.resolve("HAADF.tif"), "an older result");
		// NB: an earlier run's folder (its report.json); a folder of other files is refused before any work (aRunIntoAFolderOfOtherFiles_refusesToReplaceThem).
		Files.writeString(out.resolve("report.json"), "{}");
		Map<String, String> before = checksums(out);
		Monitors.cancelAtStage = stage -> stage.startsWith("Co:");

		Run r = FusedTomoTest.run("reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Co=" + sim.resolve("Co.tif"), "--method", "sirt",
			"--iterations", "5", "--out", out.toString());

		assertEquals(130, r.code(), r.err());
		assertEquals(before, checksums(out));
		assertNoStaging(tmp);
	}

	@Test
	void parameterErrors_leaveNoOutFolder() throws IOException {
		String haadf = sim.resolve("HAADF.tif").toString(), co = "Co=" + sim.resolve("Co.tif");
		List<String[]> cases = List.of(
			new String[] { "reconstruct", "--haadf", haadf, "--method", "nope" },
			new String[] { "reconstruct", "--haadf", haadf, "--chem", co, "--auto-folds", "3" },
			new String[] { "reconstruct", "--haadf", haadf, "--chem", co, "--method", "sirt", "--auto" },
			new String[] { "reconstruct", "--haadf", haadf, "--chem", co, "--hold-out-chem", "1" },
			new String[] { "reconstruct", "--haadf", haadf, "--chem", co, "--leave-out-chem", "5" },
			new String[] { "reconstruct", "--haadf", haadf, "--chem", "Xx=" + sim.resolve("Co.tif") },
			new String[] { "reconstruct", "--haadf", haadf, "--chem", "Co=" + sim.resolve("missing.tif") },
			new String[] { "reconstruct", "--haadf", haadf, "--chem", "Co=" + haadf, "--method", "wbp" },
			new String[] { "reconstruct", "--haadf", haadf, "--method", "wbp", "--filter", "nope" },
			new String[] { "reconstruct", "--haadf", haadf, "--method", "wbp", "--truth", sim.resolve("missing").toString() },
			new String[] { "align", "--haadf", haadf, "--method", "nope" },
			new String[] { "align", "--haadf", haadf, "--background", "nope" },
			new String[] { "align", "--haadf", haadf, "--compare-shifts", sim.resolve("report.json").toString() },
			new String[] { "align", "--haadf", haadf, "--bin", "0" },
			new String[] { "fsc", "--haadf", haadf, "--method", "fused" },
			new String[] { "tune", "--haadf", haadf },
			new String[] { "simulate", "--size", "4" },
			new String[] { "simulate", "--size", "16", "--chem-bin", "40" },
			new String[] { "demo", "--size", "8" },
			new String[] { "fused2d", "--input", haadf, "--bin", "0" },
			new String[] { "reconstruct", "--haadf", haadf, "--iterations", "many" });
		Map<String, String> before = checksums(sim);
		for (int i = 0; i < cases.size(); i++) {
			Path out = tmp.resolve("param-" + i);
			String[] args = FusedTomoTest.concat(cases.get(i), "--out", out.toString());
			Run r = FusedTomoTest.run(args);
			String what = String.join(" ", cases.get(i));
			assertEquals(2, r.code(), what + "\n" + r.err());
			assertEquals(1, messages(r.err()).size(), what + "\n" + r.err());
			assertFalse(Files.exists(out), what + " left " + out);
		}
		assertNoStaging(tmp);
		assertEquals(before, checksums(sim));
	}

	@Test
	void outFolderThatIsAFile_isRefusedAndLeftAsItWas() throws IOException {
		Path file = Files.writeString(tmp.resolve("out-is-a-file"), "not a folder");
		Run r = FusedTomoTest.run("reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--method", "wbp", "--out", file.toString());
		assertRefused(r, "out-is-a-file", "is a file");
		assertEquals("not a folder", Files.readString(file));
	}

	@Test
	void sameFileAsHaadfAndChem_isRefusedInOneLine() {
		Path out = tmp.resolve("same-file");
		Run r = FusedTomoTest.run("reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Co=" + sim.resolve(".").resolve("HAADF.tif"), "--method", "wbp",
			"--out", out.toString());
		assertRefused(r, "HAADF.tif", "--haadf and --chem Co");
		assertNothingAt(out);
	}

	// --- the staging of OutputDirectory itself ---

	@Test
	void staged_nothingAppearsUntilCommit_thenEverythingAtOnce() throws IOException {
		Path parent = Files.createDirectories(tmp.resolve("staging-commit"));
		Path out = parent.resolve("a").resolve("out");
		StagedOutputs run = StagedOutputs.begin();
		OutputDirectory dir = new OutputDirectory(out, AtomicFiles.protecting());
		new OutputDirectory(out.resolve("truth"), AtomicFiles.protecting()).text("t.txt", "truth");
		dir.text("report.json", "{}");
		assertFalse(Files.exists(parent.resolve("a")), "nothing at the final place before commit");

		run.commit();

		assertEquals("{}", Files.readString(out.resolve("report.json")));
		assertEquals("truth", Files.readString(out.resolve("truth/t.txt")));
		assertNoStaging(parent);
	}

	@Test
	void staged_discardLeavesAnExistingFolderAsItWas_andCreatesNoNewOne() throws IOException {
		Path existing = Files.createDirectories(tmp.resolve("staging-discard"));
		Files.writeString(existing.resolve("report.json"), "older");
		Files.writeString(existing.resolve("keep.txt"), "mine");
		Map<String, String> before = checksums(existing);
		Path fresh = tmp.resolve("staging-discard-fresh");
		StagedOutputs run = StagedOutputs.begin();
		new OutputDirectory(existing, AtomicFiles.protecting()).text("report.json", "newer");
		new OutputDirectory(fresh, AtomicFiles.protecting()).text("x.txt", "x");

		run.discard();

		assertEquals(before, checksums(existing));
		assertFalse(Files.exists(fresh));
		assertNoStaging(tmp);
	}

	@Test
	void staged_writeOverAnInputOrItsSidecar_isRefusedAtOnce() throws IOException {
		Path in = Files.createDirectories(tmp.resolve("staging-inputs"));
		Path mrc = Files.writeString(in.resolve("TS.mrc"), "pixels");
		StagedOutputs run = StagedOutputs.begin();
		try {
			OutputDirectory dir = new OutputDirectory(in, new AtomicFiles(SeriesReaders.withCompanions(mrc)));
			for (String name : List.of("TS.mrc", "TS.rawtlt", "TS.tlt", "TS.mdoc", "TS.mrc.mdoc")) {
				IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> dir.text(name, "x"));
				assertTrue(e.getMessage().contains(name), e.getMessage());
			}
			dir.text("other.txt", "fine");
			run.commit();
		}
		finally {
			run.discard();
		}
		assertEquals("pixels", Files.readString(mrc));
		assertEquals(List.of("TS.mrc", "other.txt"), list(in));
	}

	// --- helpers ---

	/** Exit 2 and one stderr line naming {@code file} and saying {@code why}. */
	private static void assertRefused(Run r, String file, String why) {
		assertEquals(2, r.code(), r.err());
		List<String> lines = messages(r.err());
		assertEquals(1, lines.size(), r.err());
		assertTrue(lines.get(0).contains(file) && lines.get(0).contains(why), lines.get(0));
	}

	/** The stderr lines that are not progress lines ("stage  42% (4/10) 0.1 s"). */
	private static List<String> messages(String err) {
		return err.lines().filter(l -> !l.isBlank() && !l.matches(".*\\d+% \\(\\d+/\\d+\\)\\s+[\\d.]+ s\\s*")).toList();
	}

	private static void assertNothingAt(Path out) {
		assertFalse(Files.exists(out), out + " exists");
		assertNoStaging(out.getParent());
	}

	private static void assertNoStaging(Path folder) {
		try (Stream<Path> s = Files.list(folder)) {
			List<Path> left = s.filter(p -> p.getFileName().toString().startsWith(".fusedtomo-staging")).toList();
			assertTrue(left.isEmpty(), "staging left: " + left);
		}
		catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	private static List<String> list(Path folder) throws IOException {
		try (Stream<Path> s = Files.list(folder)) {
			return s.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	/** SHA-256 of every file under {@code folder}, hidden ones included, by relative path. */
	static Map<String, String> checksums(Path folder) throws IOException {
		Map<String, String> sums = new TreeMap<>();
		List<Path> files;
		try (Stream<Path> s = Files.walk(folder)) {
			files = s.filter(Files::isRegularFile).toList();
		}
		for (Path f : files) {
			try (InputStream in = new DigestInputStream(Files.newInputStream(f), MessageDigest.getInstance("SHA-256"))) {
				DigestInputStream d = (DigestInputStream) in;
				d.transferTo(java.io.OutputStream.nullOutputStream());
				sums.put(folder.relativize(f).toString(), HexFormat.of().formatHex(d.getMessageDigest().digest()));
			}
			catch (NoSuchAlgorithmException e) {
				throw new AssertionError(e);
			}
		}
		return sums;
	}

	/** {@code s} with its projections in reverse (descending angle) order. */
	private static TiltSeries reversed(TiltSeries s) {
		int w = s.width(), h = s.height(), n = s.angleCount();
		ArrayImg<FloatType, FloatArray> img = ArrayImgs.floats(w, h, n);
		float[] to = img.update(null).getCurrentStorageArray(), from = s.data();
		double[] angles = new double[n];
		for (int k = 0; k < n; k++) {
			System.arraycopy(from, (n - 1 - k) * w * h, to, k * w * h, w * h);
			angles[k] = s.angleDeg(n - 1 - k);
		}
		return new TiltSeries(img, angles, s.calibration());
	}

	/** A 16 x 16 x 3 DM3 stack with its angles (-40, 0, 40) in the tags. */
	private static Path dm3(Path file) throws IOException {
		double[] px = new double[16 * 16 * 3];
		for (int i = 0; i < px.length; i++)
			px[i] = 1 + (i * 37 % 101);
		return DmTestFiles.floatStack(file, 16, 16, 3, px, -40, 0, 40);
	}

	/** A folder with HAADF.tif and Co.tif of 12³ voxels, not the 16³ of the simulated series' reconstruction. */
	private static Path wrongSizeVolumes(Path dir) {
		Volume v = new Volume(new VolumeGeometry(12, 12, 12), Calibration.PIXEL);
		java.util.Arrays.fill(v.data(), 1f);
		Map<String, Volume> volumes = new java.util.LinkedHashMap<>();
		volumes.put("HAADF", v);
		volumes.put("Co", v);
		TiffSeries.writeElementVolumes(volumes, dir, AtomicFiles.protecting());
		return dir;
	}
}
