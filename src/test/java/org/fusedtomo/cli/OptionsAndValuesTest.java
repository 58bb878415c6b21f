package org.fusedtomo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import net.imglib2.img.array.ArrayImgs;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.io.TiltAngles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options and values refused before any work (issue 19, items 5, 7 and 8; docs/reliability.md, "Options
 * and values"): each case ends with exit 2, one stderr line naming the option or file and the value, no
 * {@code --out} folder, and inputs unchanged. The series are 16 x 16 pixels, so every case runs in well under
 * a second.
 */
class OptionsAndValuesTest {

	@TempDir
	static Path tmp;

	/** A 16 x 16 series of a smooth blob at 7 tilts -60..60, with its .rawtlt, and a chemical series like it. */
	static Path haadf, chem;

	static final double[] ANGLES = { -60, -40, -20, 0, 20, 40, 60 };

	@BeforeAll
	static void write() {
		haadf = tmp.resolve("in/HAADF.tif");
		chem = tmp.resolve("in/Co.tif");
		TiffSeries.writeTiltSeries(blob(ANGLES, 1), haadf, AtomicFiles.protecting());
		TiffSeries.writeTiltSeries(blob(ANGLES, 0.1f), chem, AtomicFiles.protecting());
	}

	static TiltSeries blob(double[] angles, float scale) {
		int n = 16;
		float[] d = new float[n * n * angles.length];
		for (int a = 0; a < angles.length; a++)
			for (int y = 0; y < n; y++)
				for (int x = 0; x < n; x++)
					d[(a * n + y) * n + x] = scale * (float) Math.exp(-((x - 7.5) * (x - 7.5) + (y - 7.5) * (y - 7.5)) / 20.0);
		return new TiltSeries(ArrayImgs.floats(d, n, n, angles.length), angles, new Calibration(1, "nm"));
	}

	static TiltSeries constant(double[] angles, float value) {
		float[] d = new float[16 * 16 * angles.length];
		java.util.Arrays.fill(d, value);
		return new TiltSeries(ArrayImgs.floats(d, 16, 16, angles.length), angles, Calibration.PIXEL);
	}

	/**
	 * Runs {@code args} (with {@code --out} at a fresh folder) and asserts exit 2, one stderr line holding
	 * every fragment, no output folder, and the inputs' bytes unchanged.
	 */
	static String assertRefused(List<Path> inputs, String[] fragments, String... args) {
		Path out = tmp.resolve("out-" + Math.abs(String.join(" ", args).hashCode()));
		Map<Path, byte[]> before = new LinkedHashMap<>();
		for (Path p : inputs)
			before.put(p, bytes(p));
		List<String> all = new ArrayList<>(List.of(args));
		if (!args[0].equals("bench")) // NB: bench writes nothing but an optional --plot
			all.addAll(List.of("--out", out.toString()));
		FusedTomoTest.Run r = FusedTomoTest.run(all.toArray(String[]::new));
		String err = r.err().strip();
		assertEquals(2, r.code(), err + r.out());
		assertEquals(1, err.lines().count(), err);
		for (String f : fragments)
			assertTrue(err.toLowerCase(Locale.ROOT).contains(f.toLowerCase(Locale.ROOT)), "'" + f + "' not in: " + err);
		assertFalse(Files.exists(out), "--out was created: " + out);
		before.forEach((p, b) -> assertArrayEquals(b, bytes(p), p + " changed"));
		return err;
	}

	static String[] has(String... fragments) {
		return fragments;
	}

	static byte[] bytes(Path p) {
		try {
			return Files.readAllBytes(p);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static Path anglesFile(String name, double... angles) {
		Path f = tmp.resolve(name);
		TiltAngles.write(f, angles, AtomicFiles.protecting());
		return f;
	}

	static Path series(String name, TiltSeries s) {
		Path f = tmp.resolve(name + "/" + name + ".tif");
		TiffSeries.writeTiltSeries(s, f, AtomicFiles.protecting());
		return f;
	}

	// --- item 5: options that crashed or wrote NaN ---

	/** A --chem key that is a line or a lower-case symbol is refused with the symbol meant (the message only said "unknown element symbol"). */
	@Test
	void reconstruct_chemKeyThatIsALineOrLowerCaseNamesTheSymbol() {
		String lower = assertRefused(List.of(haadf, chem), has("unknown element symbol 'co'"), "reconstruct", "--haadf", haadf.toString(), "--chem", "co=" + chem);
		assertTrue(lower.endsWith("(symbols are capitalised: Co)"), lower);
		String line = assertRefused(List.of(haadf, chem), has("unknown element symbol 'Co_Ka'"), "reconstruct", "--haadf", haadf.toString(), "--chem", "Co_Ka=" + chem);
		assertTrue(line.endsWith("(the element of Co_Ka is Co)"), line);
		String none = assertRefused(List.of(haadf, chem), has("unknown element symbol 'Xx'"), "reconstruct", "--haadf", haadf.toString(), "--chem", "Xx=" + chem);
		assertTrue(none.endsWith("'Xx'"), none);
	}

	@Test
	void reconstruct_depthBeyondTheHeapIsRefusedBeforeReconstructing() {
		assertRefused(List.of(haadf), has("--depth 2000000", "heap", "smaller"), "reconstruct", "--haadf", haadf.toString(), "--method", "wbp", "--depth", "2000000");
		assertRefused(List.of(haadf), has("--depth must be at least 1, got 0"), "reconstruct", "--haadf", haadf.toString(), "--method", "wbp", "--depth", "0");
	}

	@Test
	void reconstruct_aNegativeMarginOrOneWithATruthIsRefused() {
		assertRefused(List.of(haadf), has("--margin must be at least 0, got -1"), "reconstruct", "--haadf", haadf.toString(), "--method", "wbp", "--margin", "-1");
		Path truth = tmp.resolve("truth-margin");
		Volume v = new Volume(new VolumeGeometry(16, 16, 16), Calibration.PIXEL);
		v.data()[0] = 1;
		TiffSeries.writeElementVolumes(Map.of("HAADF", v), truth, AtomicFiles.protecting());
		assertRefused(List.of(haadf, truth.resolve("HAADF.tif")), has("--margin needs no --truth"), "reconstruct", "--haadf", haadf.toString(), "--method", "wbp", "--margin", "2",
			"--truth", truth.toString());
	}

	@Test
	void tune_batchZeroIsRefused() {
		assertRefused(List.of(), has("--batch must be at least 1, got 0"), "tune", "--simulate", "core-shell", "--size", "16", "--batch", "0");
		assertRefused(List.of(), has("--lambda-tv 1.0E45 overflows 32-bit floats"), "tune", "--simulate", "core-shell", "--size", "16", "--lambda-tv", "1e-3:1e45");
		assertRefused(List.of(), has("--lambda-chem '1:0.1'", "0 < LOW < HIGH"), "tune", "--simulate", "core-shell", "--size", "16", "--lambda-chem", "1:0.1");
	}

	@Test
	void bench_repeatsAndThreadsZeroAreRefusedBeforeAnyWork() {
		assertRefused(List.of(), has("--repeats must be at least 1, got 0"), "bench", "--size", "16", "--repeats", "0");
		assertRefused(List.of(), has("--threads must be at least 1, got 0"), "bench", "--size", "16", "--threads", "0");
		assertRefused(List.of(), has("--size 100000", "heap"), "bench", "--size", "100000");
	}

	@Test
	void reconstruct_lambdaThatOverflowsFloatIsRefused() {
		assertRefused(List.of(haadf, chem), has("--lambda-tv 1.0E45", "overflows 32-bit floats"), "reconstruct", "--haadf", haadf.toString(), "--chem", "Co=" + chem,
			"--method", "fused", "--lambda-tv", "1e45");
		assertRefused(List.of(haadf), has("--lambda-tv 1.0E45", "overflows"), "reconstruct", "--haadf", haadf.toString(), "--method", "tv", "--lambda-tv", "1e45");
		assertRefused(List.of(haadf, chem), has("--lambda-chem must be a non-negative number, got -1.0"), "reconstruct", "--haadf", haadf.toString(), "--chem", "Co=" + chem,
			"--method", "fused", "--lambda-chem", "-1");
	}

	@Test
	void requireFinite_namesTheMethodTheSeriesAndTheOption() {
		Volume v = new Volume(new VolumeGeometry(4, 4, 4), Calibration.PIXEL);
		ReconstructCommand.requireFinite("fused", "Co", v, "--lambda-tv 1.0");
		v.data()[3] = Float.NaN;
		v.data()[5] = Float.POSITIVE_INFINITY;
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReconstructCommand.requireFinite("fused", "Co", v, "--lambda-tv 1e30"));
		assertTrue(e.getMessage().startsWith("--method fused gave Co 3.1 % NaN or infinite voxels; nothing was written. Check --lambda-tv 1e30"), e.getMessage());
	}

	// --- item 7: values accepted silently ---

	@Test
	void reconstruct_tiltsOutsideNinetyDegreesAreRefusedUnlessFullRotation() {
		Path wild = anglesFile("wild.rawtlt", -700, -40, -20, 0, 20, 40, 700);
		assertRefused(List.of(haadf, wild), has("wild.rawtlt", "tilt -700 deg (projection 1)", "[-90, 90]", "--full-rotation"), "reconstruct", "--haadf", haadf.toString(), "--angles",
			wild.toString(), "--method", "wbp");
		assertRefused(List.of(haadf, wild), has("wild.rawtlt", "tilt -700 deg", "[-360, 360]"), "reconstruct", "--haadf", haadf.toString(), "--angles", wild.toString(), "--method", "wbp",
			"--full-rotation");
		Path turn = anglesFile("turn.rawtlt", 0, 60, 120, 180, 240, 300, 360);
		assertRefused(List.of(haadf, turn), has("turn.rawtlt", "0 deg (projection 1) and 360 deg (projection 7)", "whole turn"), "reconstruct", "--haadf", haadf.toString(), "--angles",
			turn.toString(), "--method", "wbp", "--full-rotation");
		// the option accepts a series beyond +-90 that stays within one turn
		Path wide = anglesFile("wide.rawtlt", -150, -100, -50, 0, 50, 100, 150);
		Path out = tmp.resolve("wide-out");
		FusedTomoTest.Run r = FusedTomoTest.run("reconstruct", "--haadf", haadf.toString(), "--angles", wide.toString(), "--method", "wbp", "--full-rotation", "--out", out.toString());
		assertEquals(0, r.code(), r.err());
		assertTrue(Files.isRegularFile(out.resolve("HAADF.tif")));
	}

	/**
	 * Tilts in radians in a degree file (numpy's deg2rad written as a .rawtlt) are refused with the degrees they
	 * would be; they were read as a series of 2.1 deg. A small series in degrees (halves of a degree) still reads.
	 */
	@Test
	void reconstruct_anglesInRadiansAreRefusedNamingTheDegrees() {
		double[] radians = java.util.Arrays.stream(ANGLES).map(Math::toRadians).toArray();
		Path rad = anglesFile("radians.rawtlt", radians);
		assertRefused(List.of(haadf, rad), has("radians.rawtlt", "7 tilts", "-1.047 to 1.047 deg", "radians", "-60 to 60 deg", "give the tilts in degrees"), "reconstruct", "--haadf",
			haadf.toString(), "--angles", rad.toString(), "--method", "wbp");
		assertRefused(List.of(haadf, rad), has("radians.rawtlt", "radians"), "reconstruct", "--haadf", haadf.toString(), "--angles", rad.toString(), "--method", "wbp",
			"--full-rotation");
		// a sidecar in radians is named as the file the angles came from
		TiltSeries inRadians = blob(radians, 1);
		Path besideRadians = series("rad", inRadians);
		assertRefused(List.of(besideRadians), has("rad.rawtlt", "look like radians"), "reconstruct", "--haadf", besideRadians.toString(), "--method", "wbp");
		Path small = anglesFile("small.rawtlt", -1.5, -1, -0.5, 0, 0.5, 1, 1.5);
		Path out = tmp.resolve("small-out");
		FusedTomoTest.Run r = FusedTomoTest.run("reconstruct", "--haadf", haadf.toString(), "--angles", small.toString(), "--method", "wbp", "--out", out.toString());
		assertEquals(0, r.code(), r.err());
	}

	/**
	 * A folder where a series file belongs (--haadf sim, --chem Co=sim/truth, --survey sim) is named as a folder with
	 * the series files it holds; it was "no such file (given for HAADF)", of a folder that exists.
	 */
	@Test
	void reconstruct_aFolderWhereAFileBelongsNamesItsSeriesFiles() {
		Path dir = haadf.getParent();
		assertRefused(List.of(haadf, chem), has(dir + ": is a folder, not a file (given for --haadf)", "Co.tif, HAADF.tif"), "reconstruct", "--haadf", dir.toString(), "--method", "wbp");
		assertRefused(List.of(haadf, chem), has(dir + ": is a folder, not a file (given for --chem Co)", "Co.tif, HAADF.tif"), "reconstruct", "--haadf", haadf.toString(), "--chem",
			"Co=" + dir, "--method", "wbp");
		assertRefused(List.of(haadf, chem), has(dir + ": is a folder, not a file (given for --survey)", "Co.tif, HAADF.tif"), "reconstruct", "--haadf", haadf.toString(), "--chem",
			"Co=" + chem, "--survey", dir.toString(), "--method", "wbp");
		Path empty = tmp.resolve("empty-folder");
		try {
			Files.createDirectories(empty);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		assertRefused(List.of(haadf), has(empty + ": is a folder, not a file (given for --haadf)", "holds no tilt-series file"), "reconstruct", "--haadf", empty.toString(), "--method", "wbp");
	}

	/**
	 * A chemical series without angles is told to take a sidecar, not "--angles FILE", which gives the HAADF's tilts
	 * only (a user following the old message gave the HAADF's --angles and got the same refusal).
	 */
	@Test
	void reconstruct_aChemicalSeriesWithoutAnglesIsNotPointedToAngles() throws IOException {
		Path co = series("noangles", blob(ANGLES, 0.1f));
		Files.delete(TiltAngles.sidecarFor(co));
		String err = assertRefused(List.of(haadf, co), has("noangles.tif: has no tilt angles", "put noangles.rawtlt", "--angles gives the HAADF's tilts only"), "reconstruct",
			"--haadf", haadf.toString(), "--chem", "Co=" + co, "--method", "sirt");
		assertFalse(err.contains("or give an angle file"), err);
		// the HAADF keeps the pointer to --angles
		assertRefused(List.of(co), has("noangles.tif: has no tilt angles", "or give an angle file (--angles FILE)"), "reconstruct", "--haadf", co.toString(), "--method", "sirt");
	}

	/**
	 * --angles takes a range FIRST:LAST:STEP for a stack too, as simulate's --haadf-angles and --spectra's --angles do;
	 * it was "-60:60:20: tilt-angle file not found". The result equals the one with the same angles in a file.
	 */
	@Test
	void reconstruct_anglesTakeARange() {
		Path file = anglesFile("range-equivalent.rawtlt", ANGLES);
		Path byRange = tmp.resolve("by-range"), byFile = tmp.resolve("by-file");
		FusedTomoTest.Run r = FusedTomoTest.run("reconstruct", "--haadf", haadf.toString(), "--angles", "-60:60:20", "--method", "wbp", "--out", byRange.toString());
		assertEquals(0, r.code(), r.err());
		r = FusedTomoTest.run("reconstruct", "--haadf", haadf.toString(), "--angles", file.toString(), "--method", "wbp", "--out", byFile.toString());
		assertEquals(0, r.code(), r.err());
		assertArrayEquals(TiffSeries.readVolume(byFile.resolve("HAADF.tif")).data(), TiffSeries.readVolume(byRange.resolve("HAADF.tif")).data());
		assertRefused(List.of(haadf), has("--angles '-60:60' is not an angle range FIRST:LAST:STEP"), "reconstruct", "--haadf", haadf.toString(), "--angles", "-60:60", "--method", "wbp");
		assertRefused(List.of(haadf), has("has 7 projections", "lists 13 tilt angles"), "reconstruct", "--haadf", haadf.toString(), "--angles", "-60:60:10", "--method", "wbp");
	}

	/** A SerialEM .mdoc given as --angles is named as such, with where it is read; it was "line 1: 'PixelSpacing = 10' is not a tilt angle". */
	@Test
	void reconstruct_anMdocAsAnglesIsNamedAsSuch() throws IOException {
		Path mdoc = Files.writeString(tmp.resolve("series.mdoc"), "PixelSpacing = 10\n\n[ZValue = 0]\nTiltAngle = -60\n");
		assertRefused(List.of(haadf, mdoc), has("series.mdoc: is a SerialEM .mdoc", "--angles takes one angle in degrees per line", "beside an MRC stack"), "reconstruct", "--haadf",
			haadf.toString(), "--angles", mdoc.toString(), "--method", "wbp");
	}

	@Test
	void reconstruct_singleProjectionIsRefused() {
		Path one = series("one", blob(new double[] { 0 }, 1));
		assertRefused(List.of(one), has("one.tif", "single projection", "at least 2 tilts", "fused in 2D by fused2d"), "reconstruct", "--haadf", one.toString(), "--method", "wbp");
	}

	@Test
	void reconstruct_allZeroOrConstantStacksAreRefusedByFile() {
		Path zero = series("zero", constant(ANGLES, 0));
		assertRefused(List.of(zero), has("zero.tif", "HAADF is all zero", "7 projections"), "reconstruct", "--haadf", zero.toString(), "--method", "wbp");
		Path flat = series("flat", constant(ANGLES, 3.5f));
		assertRefused(List.of(haadf, flat), has("flat.tif", "Co has every pixel equal to 3.5"), "reconstruct", "--haadf", haadf.toString(), "--chem", "Co=" + flat, "--method", "fused");
	}

	@Test
	void align_axisSearchBeyondAQuarterTurnIsRefused() {
		assertRefused(List.of(haadf), has("--axis-search must lie in (0, 90] deg, got 1000.0", "--axis-rotation"), "align", "--haadf", haadf.toString(), "--axis-search", "1000");
		assertRefused(List.of(haadf), has("--axis-search", "got 0.0"), "align", "--haadf", haadf.toString(), "--axis-search", "0");
	}

	/** --axis-rotation off a quarter turn, and --bin below 1, are refused naming the option before any file is read (a missing file is not reached). */
	@Test
	void axisRotationOffAQuarterTurnAndBinBelowOneNameTheOptionBeforeReading() {
		Path missing = tmp.resolve("not-there.tif");
		for (String command : new String[] { "reconstruct", "align" }) {
			String err = assertRefused(List.of(haadf), has("--axis-rotation", "multiple of 90", "got 45.0", "--axis-search"), command, "--haadf", missing.toString(), "--axis-rotation", "45");
			assertFalse(err.contains("not-there.tif"), err);
			err = assertRefused(List.of(haadf), has("--bin must be at least 1, got 0"), command, "--haadf", missing.toString(), "--bin", "0");
			assertFalse(err.contains("not-there.tif"), err);
		}
	}

	@Test
	void align_alignmentOfAnotherSeriesIsRefusedByFile() {
		Path other = tmp.resolve("other.json");
		AlignmentJson.save(Alignment.identity(new double[] { -70, -50, -30, -10, 10, 30, 50 }), other);
		assertRefused(List.of(haadf, other), has("other.json", "angle -70.0 deg", "another series", "align this series anew"), "align", "--haadf", haadf.toString(), "--alignment",
			other.toString());
		Path far = tmp.resolve("far.json");
		double[] dx = new double[ANGLES.length];
		dx[2] = 1e9;
		AlignmentJson.save(Alignment.identity(ANGLES).withShifts(dx, new double[ANGLES.length], "test"), far);
		assertRefused(List.of(haadf, far), has("far.json", "shift (1.0E9, 0.0) px at tilt -20.0 deg", "16 x 16 pixels"), "align", "--haadf", haadf.toString(), "--alignment",
			far.toString());
	}

	// --- item 8: messages that name the file ---

	@Test
	void reconstruct_truthOfAnotherSizeIsNamedBeforeReconstructing() {
		Path truth = tmp.resolve("truth32");
		Map<String, Volume> t = new LinkedHashMap<>();
		Volume v = new Volume(new VolumeGeometry(32, 32, 32), Calibration.PIXEL);
		v.data()[0] = 1;
		t.put("HAADF", v);
		TiffSeries.writeElementVolumes(t, truth, AtomicFiles.protecting());
		assertRefused(List.of(haadf, truth.resolve("HAADF.tif")), has("truth32", "HAADF.tif", "is 32 x 32 x 32 voxels but the reconstruction is 16 x 16 x 16 (--truth)"), "reconstruct",
			"--haadf", haadf.toString(), "--method", "wbp", "--truth", truth.toString());
		Path zeros = tmp.resolve("truth0");
		TiffSeries.writeElementVolumes(Map.of("HAADF", new Volume(new VolumeGeometry(16, 16, 16), Calibration.PIXEL)), zeros, AtomicFiles.protecting());
		assertRefused(List.of(haadf), has("truth0", "HAADF.tif", "(--truth) is all zero"), "reconstruct", "--haadf", haadf.toString(), "--method", "wbp", "--truth", zeros.toString());
		// A folder that is not there is named with its option before any series is read (a missing --haadf file would be named first otherwise).
		Path missing = tmp.resolve("no-such-folder");
		assertRefused(List.of(haadf), has("no-such-folder", "(--truth) no such folder"), "reconstruct", "--haadf", tmp.resolve("missing.tif").toString(), "--method", "wbp",
			"--truth", missing.toString());
		assertRefused(List.of(haadf), has("no-such-folder", "(--compare-with) no such folder"), "reconstruct", "--haadf", haadf.toString(), "--method", "wbp",
			"--compare-with", missing.toString());
		assertRefused(List.of(haadf), has("HAADF.tif", "(--compare-with) is a file, not a folder"), "reconstruct", "--haadf", haadf.toString(), "--method", "wbp",
			"--compare-with", haadf.toString());
	}

	@Test
	void tune_truthOfAnotherSizeOrMissingIsNamedBeforeTuning() {
		Path truth = tmp.resolve("tune-truth");
		Volume v = new Volume(new VolumeGeometry(32, 32, 16), Calibration.PIXEL);
		v.data()[0] = 1;
		TiffSeries.writeElementVolumes(Map.of("Co", v), truth, AtomicFiles.protecting());
		assertRefused(List.of(haadf, chem, truth.resolve("Co.tif")), has("tune-truth", "Co.tif", "is 32 x 32 x 16 voxels but the reconstruction is 16 x 16 x 16 (--truth)"), "tune",
			"--haadf", haadf.toString(), "--chem", "Co=" + chem, "--truth", truth.toString(), "--evaluations", "1");
		Path other = tmp.resolve("tune-truth-mn");
		TiffSeries.writeElementVolumes(Map.of("Mn", v), other, AtomicFiles.protecting());
		assertRefused(List.of(haadf, chem), has("tune-truth-mn", "(--truth) holds no Co.tif"), "tune", "--haadf", haadf.toString(), "--chem", "Co=" + chem, "--truth", other.toString(),
			"--evaluations", "1");
	}
}
