package org.fusedtomo.cli;

import static org.fusedtomo.cli.FusedTomoTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.fusedtomo.cli.FusedTomoTest.Run;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.io.readers.SeriesReaders;
import org.fusedtomo.spectra.ElementMapSeries;
import org.fusedtomo.spectra.SpectrumImage;
import org.fusedtomo.spectra.SyntheticSpectrumImage;
import org.fusedtomo.spectra.SyntheticSpectrumImageAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reconstruct --spectra} and {@code align --spectra} on synthetic spectrum-image files: the same result as
 * {@code maps} and then the command on its output, and bad input refused in one line with nothing written.
 */
class SpectraInputTest {

	private static final int SIZE = 16;
	private static final double[] ANGLES = { -40, -20, 0, 20, 40 };
	private static final String LINES = "Fe_Ka,Pt_La";

	@TempDir
	Path dir;

	private final ElementMapSeries.Opener original = MapsCommand.opener;

	@AfterEach
	void restore() {
		MapsCommand.opener = original;
	}

	/**
	 * Five tilt files of {@link SyntheticSpectrumImageAccess#eds} spectrum images whose HAADF holds a bright
	 * blob that moves with the tilt as an off-axis point would, so that there is something to align.
	 */
	private Path tilts() throws IOException {
		return tilts(false);
	}

	/** As {@link #tilts()}; with {@code survey} each file also holds a survey image: its HAADF moved 1 px right, squared. */
	private Path tilts(boolean survey) throws IOException {
		return tilts(survey, Double.NaN);
	}

	/** As {@link #tilts(boolean)}, but the file at tilt {@code noSurveyAt} holds no survey image. */
	private Path tilts(boolean survey, double noSurveyAt) throws IOException {
		Path in = Files.createDirectories(dir.resolve("in"));
		Map<Path, SpectrumImage> m = new HashMap<>();
		for (double angle : ANGLES) {
			Path f = Files.createFile(in.resolve((int) angle + ".bcf"));
			float[] haadf = new float[SIZE * SIZE];
			double cx = SIZE / 2.0 + 3 * Math.sin(Math.toRadians(angle)), cy = SIZE / 2.0 - 2;
			for (int y = 0; y < SIZE; y++)
				for (int x = 0; x < SIZE; x++)
					haadf[y * SIZE + x] = (float) (1 + 10 * Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / 4.0));
			SyntheticSpectrumImage si = ((SyntheticSpectrumImage) SyntheticSpectrumImageAccess.eds(f.toString(), SIZE, angle)).withImage("HAADF", SIZE, SIZE, haadf);
			if (survey && angle != noSurveyAt) {
				float[] moved = new float[SIZE * SIZE];
				for (int i = 0; i < moved.length; i++)
					moved[i] = i % SIZE == 0 ? 1 : haadf[i - 1] * haadf[i - 1];
				si.withImage("Survey", SIZE, SIZE, moved);
			}
			m.put(f, si);
		}
		MapsCommand.opener = f -> List.of(m.get(f));
		return in;
	}

	private Run ok(String... args) {
		Run r = run(args);
		assertEquals(0, r.code(), r.err());
		return r;
	}

	private static void assertSameSeries(Path expected, Path actual, String name) {
		TiltSeries e = SeriesReaders.read(expected.resolve(name + ".tif")).haadf(), a = SeriesReaders.read(actual.resolve(name + ".tif")).haadf();
		assertArrayEquals(e.anglesDeg(), a.anglesDeg(), name);
		assertArrayEquals(e.data(), a.data(), name);
	}

	private static void assertSameVolumes(Path expected, Path actual, String... names) {
		Map<String, Volume> e = TiffSeries.readElementVolumes(expected), a = TiffSeries.readElementVolumes(actual);
		for (String name : names)
			assertArrayEquals(e.get(name).data(), a.get(name).data(), name);
	}

	@Test
	void reconstructFromSpectraEqualsMapsThenReconstruct() throws IOException {
		Path in = tilts(), maps = dir.resolve("maps"), viaMaps = dir.resolve("via-maps"), direct = dir.resolve("direct");
		ok("maps", "--input", in.toString(), "--lines", LINES, "--eds-background", "windows", "--out", maps.toString());
		String[] method = { "--method", "sirt", "--iterations", "5", "--bin", "2" };
		ok(FusedTomoTest.concat(new String[] { "reconstruct", "--haadf", maps.resolve("HAADF.tif").toString(), "--chem", "Fe=" + maps.resolve("Fe.tif"), "--chem",
			"Pt=" + maps.resolve("Pt.tif"), "--out", viaMaps.toString() }, method));
		ok(FusedTomoTest.concat(new String[] { "reconstruct", "--spectra", in.toString(), "--lines", LINES, "--eds-background", "windows", "--out", direct.toString() }, method));
		assertSameVolumes(viaMaps, direct, "HAADF", "Fe", "Pt");
		assertTrue(Files.size(direct.resolve("spectrum-eds.png")) > 1000, "the sum-spectrum picture");
		String report = Files.readString(direct.resolve("report.json"));
		assertTrue(report.contains("\"spectra\"") && report.contains("\"integration_window\"") && report.contains("\"background_windows\"")
			&& report.contains("\"angle_from\": \"file name\""), report);
	}

	@Test
	void fusedFromSpectraEqualsMapsThenFused() throws IOException {
		Path in = tilts(), maps = dir.resolve("maps"), viaMaps = dir.resolve("via-maps"), direct = dir.resolve("direct");
		ok("maps", "--input", in.toString(), "--lines", LINES, "--out", maps.toString());
		String[] method = { "--method", "fused", "--iterations", "3", "--threads", "1" };
		ok(FusedTomoTest.concat(new String[] { "reconstruct", "--haadf", maps.resolve("HAADF.tif").toString(), "--chem", "Fe=" + maps.resolve("Fe.tif"), "--chem",
			"Pt=" + maps.resolve("Pt.tif"), "--out", viaMaps.toString() }, method));
		ok(FusedTomoTest.concat(new String[] { "reconstruct", "--spectra", in.toString(), "--lines", LINES, "--out", direct.toString() }, method));
		assertSameVolumes(viaMaps, direct, "Fe", "Pt");
	}

	@Test
	void alignFromSpectraEqualsMapsThenAlign() throws IOException {
		Path in = tilts(), maps = dir.resolve("maps"), viaMaps = dir.resolve("via-maps"), direct = dir.resolve("direct");
		ok("maps", "--input", in.toString(), "--lines", LINES, "--out", maps.toString());
		ok("align", "--haadf", maps.resolve("HAADF.tif").toString(), "--chem", "Fe=" + maps.resolve("Fe.tif"), "--chem", "Pt=" + maps.resolve("Pt.tif"), "--method", "xcorr",
			"--out", viaMaps.toString());
		ok("align", "--spectra", in.toString(), "--lines", LINES, "--method", "xcorr", "--out", direct.toString());
		for (String name : new String[] { "HAADF", "Fe", "Pt" })
			assertSameSeries(viaMaps, direct, name);
		assertEquals(Files.readString(viaMaps.resolve("alignment.json")), Files.readString(direct.resolve("alignment.json")));
		assertTrue(Files.isRegularFile(direct.resolve("spectrum-eds.png")));
		assertTrue(Files.readString(direct.resolve("report.json")).contains("\"windows\""));
	}

	@Test
	void spectraSurveyEqualsMapsSurveyThenReconstruct() throws IOException {
		Path in = tilts(true), maps = dir.resolve("maps"), viaMaps = dir.resolve("via-maps"), direct = dir.resolve("direct");
		ok("maps", "--input", in.toString(), "--lines", LINES, "--out", maps.toString());
		String[] method = { "--method", "sirt", "--iterations", "5" };
		ok(FusedTomoTest.concat(new String[] { "reconstruct", "--haadf", maps.resolve("HAADF.tif").toString(), "--chem", "Fe=" + maps.resolve("Fe.tif"), "--chem",
			"Pt=" + maps.resolve("Pt.tif"), "--survey", maps.resolve("survey.tif").toString(), "--out", viaMaps.toString() }, method));
		ok(FusedTomoTest.concat(new String[] { "reconstruct", "--spectra", in.toString(), "--lines", LINES, "--spectra-survey", "--out", direct.toString() }, method));
		assertSameVolumes(viaMaps, direct, "HAADF", "Fe", "Pt");
		String report = Files.readString(direct.resolve("report.json"));
		assertTrue(report.contains("\"survey_registration\"") && Files.isRegularFile(direct.resolve("survey-registration.png")), report);
		// NB: the survey is the HAADF moved 1 px right, so it is registered 1 px off at every tilt.
		com.google.gson.JsonArray dx = com.google.gson.JsonParser.parseString(report).getAsJsonObject().getAsJsonObject("survey_registration").getAsJsonObject("Fe")
			.getAsJsonArray("dxPx");
		assertEquals(ANGLES.length, dx.size());
		dx.forEach(d -> assertEquals(1, Math.abs(d.getAsDouble()), 0.2, "survey offset " + dx));
	}

	/**
	 * Files with no tilt in metadata or name take their angles from --angles in either form, a file or FIRST:LAST:STEP,
	 * in maps and in --spectra alike (maps took only the range, --spectra only the file: "-20:20:20: tilt-angle file
	 * not found").
	 */
	@Test
	void anglesForFilesWithoutTiltAsFileOrRangeInMapsAndSpectra() throws IOException {
		Path in = Files.createDirectories(dir.resolve("untilted"));
		Map<Path, SpectrumImage> m = new HashMap<>();
		for (String name : new String[] { "a", "b", "c" }) {
			Path f = Files.createFile(in.resolve(name + ".bcf"));
			float[] haadf = new float[SIZE * SIZE];
			for (int i = 0; i < haadf.length; i++)
				haadf[i] = Math.abs(i % SIZE - SIZE / 2) < 3 ? 10 : 1;
			m.put(f, ((SyntheticSpectrumImage) SyntheticSpectrumImageAccess.eds(f.toString(), SIZE, 0)).withImage("HAADF", SIZE, SIZE, haadf));
		}
		MapsCommand.opener = f -> List.of(m.get(f));
		Path angles = Files.writeString(dir.resolve("angles.txt"), "-20\n0\n20\n");
		double[] expected = { -20, 0, 20 };
		for (String a : new String[] { "-20:20:20", angles.toString() }) {
			Path maps = dir.resolve("maps" + a.length());
			ok("maps", "--input", in.toString(), "--lines", LINES, "--angles", a, "--out", maps.toString());
			assertArrayEquals(expected, SeriesReaders.read(maps.resolve("HAADF.tif")).haadf().anglesDeg(), 1e-12, a);
			Path aligned = dir.resolve("align" + a.length());
			ok("align", "--spectra", in.toString(), "--lines", LINES, "--angles", a, "--method", "com", "--no-tilt-axis", "--out", aligned.toString());
			assertArrayEquals(expected, SeriesReaders.read(aligned.resolve("Fe.tif")).haadf().anglesDeg(), 1e-12, a);
		}
		Run r = run("maps", "--input", in.toString(), "--lines", LINES, "--angles", dir.resolve("missing.txt").toString(), "--out", dir.resolve("never").toString());
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().contains("missing.txt") && r.err().contains("--angles"), r.err());
		assertFalse(Files.exists(dir.resolve("never")));
	}

	@Test
	void mapsRefusesASettingOfAnotherSpectroscopy() throws IOException {
		Path in = tilts();
		// NB: EDS lines only: an EELS setting would be ignored without a word (it was); an EDS one applies.
		for (String[] c : new String[][] { { "--pre-edge", "30" }, { "--edge-gap", "2" }, { "--edge-width", "40" }, { "--fit-bin", "4" } }) {
			Path out = dir.resolve("maps" + c[0]);
			Run r = run(FusedTomoTest.concat(new String[] { "maps", "--input", in.toString(), "--lines", LINES, "--out", out.toString() }, c));
			assertEquals(2, r.code(), r.err());
			assertEquals(1, r.err().strip().lines().count(), r.err());
			assertTrue(r.err().contains(c[0] + " is a setting of EELS edges; --lines Fe_Ka,Pt_La maps X-ray lines only"), r.err());
			assertFalse(Files.exists(out));
		}
		ok("maps", "--input", in.toString(), "--lines", LINES, "--window", "3", "--background", "windows", "--out", dir.resolve("maps-eds").toString());
	}

	@Test
	void spectraSurveyIsRefusedBeforeAnyMapIsExtracted() throws IOException {
		Path in = tilts(true, 20);
		for (String command : new String[] { "reconstruct", "align" }) {
			Path out = dir.resolve("survey-" + command);
			Run r = run(command, "--spectra", in.toString(), "--lines", LINES, "--spectra-survey", "--out", out.toString());
			assertEquals(2, r.code(), r.err());
			// NB: one line and no progress: the files' metadata is looked at before any spectrum is read (was after every map).
			assertEquals(1, r.err().strip().lines().count(), r.err());
			assertTrue(r.err().contains("20.bcf: holds no survey image (only HAADF beside its 16 x 16 spectrum image); --spectra-survey needs one in every file"), r.err());
			assertFalse(r.err().contains("-20.bcf"), r.err());
			assertFalse(Files.exists(out));
		}
	}

	@Test
	void badSpectraInputEndsInOneLineExitTwoAndWritesNothing() throws IOException {
		Path in = tilts();
		Path empty = Files.createDirectories(dir.resolve("empty")), haadf = Files.createFile(dir.resolve("HAADF.tif"));
		String[][] cases = { { "--spectra", in.toString(), "--lines", LINES, "--haadf", haadf.toString() }, { "--spectra", in.toString(), "--lines", "Fe_Kz" },
			{ "--spectra", empty.toString(), "--lines", LINES }, { "--spectra", in.toString() }, { "--spectra", in.toString(), "--lines", "Fe_Ka,Fe_La" },
			{ "--haadf", haadf.toString(), "--lines", LINES }, { "--spectra", in.toString(), "--lines", LINES, "--spectra-survey" },
			{ "--haadf", haadf.toString(), "--spectra-survey" }, { "--spectra", in.toString(), "--lines", LINES, "--fit-bin", "2" },
			{ "--haadf", haadf.toString(), "--window", "3" } };
		String[] expect = { "--spectra replaces --haadf", "unknown line 'Fe_Kz'", "holds no spectrum-image files", "needs --lines", "element Fe twice", "--lines maps spectrum images", "holds no survey image",
			"--spectra-survey registers", "--fit-bin is a setting of EELS edges; --lines Fe_Ka,Pt_La maps X-ray lines only (drop --fit-bin)",
			"--window is a setting of the maps made from --spectra files; without --spectra it does nothing (drop --window)" };
		for (String command : new String[] { "reconstruct", "align" })
			for (int k = 0; k < cases.length; k++) {
				Path out = dir.resolve(command + k);
				String[] args = FusedTomoTest.concat(FusedTomoTest.concat(new String[] { command }, cases[k]), "--out", out.toString());
				Run r = run(args);
				assertEquals(2, r.code(), command + " " + String.join(" ", cases[k]) + ": " + r.err());
				assertEquals(1, r.err().strip().lines().count(), r.err());
				assertTrue(r.err().contains(expect[k]), r.err());
				assertFalse(Files.exists(out), "nothing written for " + String.join(" ", cases[k]));
			}
	}
	/**
	 * A spectrum-image file given as a tilt series (--haadf, --chem) is named as a spectrum image with a pointer to
	 * --spectra: a .bcf was "not a supported tilt-series file", a DM4 EELS spectrum image "has no tilt angles ... put
	 * EELS_SI.rawtlt next to it" and the Velox file "holds 8 images and none from a HAADF detector; use a recipe".
	 */
	@Test
	void aSpectrumImageGivenAsATiltSeriesIsNamedAndPointsToSpectra() {
		Path bcf = org.fusedtomo.io.RealData.require("spectra/test_TEM.bcf"), dm4 = org.fusedtomo.io.RealData.require("spectra/EELS_SI.dm4"),
			emd = org.fusedtomo.io.RealData.require("spectra/example_velox_EELS_EDS.emd");
		Path haadf = dir.resolve("HAADF.tif");
		float[] d = new float[SIZE * SIZE * ANGLES.length];
		for (int i = 0; i < d.length; i++)
			d[i] = 1 + (i * 7919 % 13);
		TiffSeries.writeTiltSeries(new TiltSeries(net.imglib2.img.array.ArrayImgs.floats(d, SIZE, SIZE, ANGLES.length), ANGLES, org.fusedtomo.data.Calibration.PIXEL), haadf,
			org.fusedtomo.io.AtomicFiles.protecting());
		String[][] cases = { { "--haadf", bcf.toString() }, { "--haadf", dm4.toString() }, { "--haadf", emd.toString() }, { "--haadf", haadf.toString(), "--chem", "Fe=" + bcf } };
		String[] given = { "--haadf", "--haadf", "--haadf", "--chem Fe" };
		for (int k = 0; k < cases.length; k++) {
			Path out = dir.resolve("out" + k);
			Path file = Path.of(cases[k][cases[k].length - 1].replaceFirst("^Fe=", ""));
			Run r = run(FusedTomoTest.concat(FusedTomoTest.concat(new String[] { "reconstruct" }, cases[k]), "--method", "sirt", "--out", out.toString()));
			String err = r.err().strip();
			assertEquals(2, r.code(), err);
			assertEquals(1, err.lines().count(), err);
			assertTrue(err.contains(file + ": is a spectrum image"), err);
			assertTrue(err.contains("not a tilt series (given for " + given[k] + ")"), err);
			assertTrue(err.contains("--spectra FILES_OR_FOLDER --lines"), err);
			assertFalse(Files.exists(out), String.join(" ", cases[k]));
		}
	}
}
