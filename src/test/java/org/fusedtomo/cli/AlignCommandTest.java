package org.fusedtomo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.align.RigidTranslation;
import org.fusedtomo.cli.FusedTomoTest.Run;
import org.fusedtomo.data.MissingData;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.TiffSeries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fusedtomo align} in-process on a small simulated acquisition with drift. */
class AlignCommandTest {

	@TempDir
	static Path tmp;

	static Path sim;
	static Path aligned;

	@BeforeAll
	static void simulateAndAlign() {
		sim = tmp.resolve("sim");
		Run s = FusedTomoTest.run("simulate", "--phantom", "au-on-support", "--size", "40", "--out", sim.toString(), "--haadf-angles", "-70:70:5",
			"--chem-angles", "-60:60:30", "--counts", "20", "--shift-rms", "3", "--seed", "5");
		assertEquals(0, s.code(), s.err());
		aligned = tmp.resolve("aligned");
		Run a = FusedTomoTest.run("align", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Ti=" + sim.resolve("Ti.tif"), "--out", aligned.toString(),
			"--method", "all");
		assertEquals(0, a.code(), a.err());
	}

	@Test
	void align_all_writesEveryOutputAndRecoversTheShifts() throws IOException {
		for (String f : List.of("HAADF.tif", "HAADF.rawtlt", "Ti.tif", "Ti.rawtlt", "alignment.json", "report.json", "shifts.png", "reprojection.png"))
			assertTrue(Files.isRegularFile(aligned.resolve(f)), f);
		Alignment a = AlignmentJson.load(aligned.resolve("alignment.json"));
		assertEquals(List.of("centre-of-mass(xy)", "cross-correlation"), a.methods().subList(0, 2));
		assertEquals(5, TiffSeries.readTiltSeries(aligned.resolve("Ti.tif")).angleCount());

		JsonObject shifts = JsonParser.parseString(Files.readString(sim.resolve("report.json"))).getAsJsonObject().getAsJsonObject("shifts_px").getAsJsonObject("HAADF");
		double[] tx = numbers(shifts.getAsJsonArray("dxPx")), ty = numbers(shifts.getAsJsonArray("dyPx"));
		int n = tx.length;
		double[] ex = new double[n], ey = new double[n];
		for (int i = 0; i < n; i++) {
			ex[i] = a.axisOffsetPx() + a.dx(i) - tx[i];
			ey[i] = a.dy(i) - ty[i];
		}
		// NB: a translation of the object is invisible in the data (a + b cos θ + c sin θ in x, a constant in y), and the
		// centre of mass puts the object's centre of mass, not the phantom's centre, on the axis; remove it before comparing.
		double offsetError = RigidTranslation.fit(ex, a.anglesDeg())[0];
		RigidTranslation.remove(ex, a.anglesDeg());
		RigidTranslation.remove(ey, new double[n]);
		double sum = 0;
		for (int i = 0; i < n; i++)
			sum += ex[i] * ex[i] + ey[i] * ey[i];
		double rms = Math.sqrt(sum / n);
		JsonObject report = JsonParser.parseString(Files.readString(aligned.resolve("report.json"))).getAsJsonObject();
		System.out.printf("align --method all (au-on-support 40, drift RMS 3 px): residual %.3f px RMS, offset term %.3f px, axis %.3f deg, reprojection residual %.4f%n",
			rms, offsetError, a.axisRotationDeg(), report.getAsJsonObject("metrics").get("haadf_reprojection_residual").getAsDouble());
		assertTrue(rms < 0.5, "HAADF residual " + rms);
		assertTrue(report.getAsJsonObject("history").getAsJsonObject("projection-matching").getAsJsonArray("residual").size() > 0);
		assertEquals(n, report.getAsJsonObject("alignment").getAsJsonArray("dxPx").size());
		assertTrue(report.getAsJsonObject("timings_s").has("projection-matching"));
		assertEquals("POLYNOMIAL", report.getAsJsonObject("parameters").getAsJsonObject("options").getAsJsonObject("background").get("method").getAsString());
	}

	@Test
	void align_refusesSettingsThatASavedAlignmentOrNoTiltAxisLeavesUnused() {
		String haadf = sim.resolve("HAADF.tif").toString(), saved = aligned.resolve("alignment.json").toString();
		String[][] cases = { { "--alignment", saved, "--method", "com" }, { "--alignment", saved, "--no-tilt-axis" }, { "--alignment", saved, "--axis-search", "10" },
			{ "--no-tilt-axis", "--axis-search", "10" } };
		String[] expected = { "--method is a setting of computing an alignment; --alignment FILE applies a saved one",
			"--no-tilt-axis is a setting of computing an alignment; --alignment FILE applies a saved one",
			"--axis-search is a setting of computing an alignment; --alignment FILE applies a saved one",
			"--axis-search is a setting of the tilt-axis search, which --no-tilt-axis turns off" };
		for (int i = 0; i < cases.length; i++) {
			Path out = tmp.resolve("unused-" + i);
			Run r = FusedTomoTest.run(FusedTomoTest.concat(new String[] { "align", "--haadf", haadf, "--out", out.toString() }, cases[i]));
			assertEquals(2, r.code(), r.err());
			assertEquals(1, r.err().strip().lines().count(), r.err());
			assertTrue(r.err().contains(expected[i]), r.err());
			assertFalse(Files.exists(out));
		}
	}

	@Test
	void align_withSavedAlignment_reproducesTheOutput() {
		Path again = tmp.resolve("again");
		Run r = FusedTomoTest.run("align", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Ti=" + sim.resolve("Ti.tif"), "--out", again.toString(),
			"--alignment", aligned.resolve("alignment.json").toString());
		assertEquals(0, r.code(), r.err());
		TiltSeries first = TiffSeries.readTiltSeries(aligned.resolve("Ti.tif")), second = TiffSeries.readTiltSeries(again.resolve("Ti.tif"));
		assertArrayEquals(first.anglesDeg(), second.anglesDeg());
		assertArrayEquals(first.data(), second.data());
		assertEquals(AlignmentJson.load(aligned.resolve("alignment.json")), AlignmentJson.load(again.resolve("alignment.json")));
	}

	@Test
	void align_badInputExitsTwoWithOneLineNamingTheFile() throws IOException {
		String haadf = sim.resolve("HAADF.tif").toString();
		Path missing = tmp.resolve("nope.tif");
		assertOneLineError(FusedTomoTest.run("align", "--haadf", missing.toString(), "--out", tmp.resolve("bad1").toString()), missing, tmp.resolve("bad1"));

		Path malformed = tmp.resolve("broken.json");
		Files.writeString(malformed, "{ \"anglesDeg\": [0, 5], \"dxPx\": [0] ");
		assertOneLineError(FusedTomoTest.run("align", "--haadf", haadf, "--alignment", malformed.toString(), "--out", tmp.resolve("bad2").toString()), malformed,
			tmp.resolve("bad2"));

		Path three = tmp.resolve("three.tlt");
		Files.writeString(three, "-10\n0\n10\n");
		assertOneLineError(FusedTomoTest.run("align", "--haadf", haadf, "--angles", three.toString(), "--out", tmp.resolve("bad3").toString()),
			sim.resolve("HAADF.tif"), tmp.resolve("bad3"));

		Path narrow = tmp.resolve("narrow.json");
		AlignmentJson.save(Alignment.identity(new double[] { -10, 0, 10 }), narrow);
		assertOneLineError(FusedTomoTest.run("align", "--haadf", haadf, "--alignment", narrow.toString(), "--out", tmp.resolve("bad4").toString()),
			sim.resolve("HAADF.tif"), tmp.resolve("bad4"));

		assertEquals(2, FusedTomoTest.run("align", "--haadf", haadf, "--out", tmp.resolve("bad5").toString(), "--method", "magic").code());
		assertEquals(2, FusedTomoTest.run("align", "--haadf", haadf, "--out", tmp.resolve("bad5").toString(), "--background", "sky").code());
	}

	/**
	 * The pixels a shift brings in from outside the frame are written NaN (not measured) and marked so in the file;
	 * reconstruct reads them and leaves them out, align refuses them (it needs raw projections).
	 */
	@Test
	void align_writesMissingPixelsAsNaNThatReconstructTakesAndAlignRefuses() {
		TiltSeries h = TiffSeries.readTiltSeries(aligned.resolve("HAADF.tif")), ti = TiffSeries.readTiltSeries(aligned.resolve("Ti.tif"));
		Alignment a = AlignmentJson.load(aligned.resolve("alignment.json"));
		// NB: drift of 3 px RMS: every tilt shifted by more than a pixel lost columns or rows.
		for (int t = 0; t < h.angleCount(); t++) {
			double shift = Math.max(Math.abs(a.axisOffsetPx() + a.dx(t)), Math.abs(a.dy(t)));
			int missing = 0;
			for (int i = h.projectionOffset(t); i < h.projectionOffset(t) + h.width() * h.height(); i++)
				missing += Float.isNaN(h.data()[i]) ? 1 : 0;
			if (shift > 1)
				assertTrue(missing >= h.height() * (int) shift, "tilt " + t + " shift " + shift + " missing " + missing);
		}
		assertTrue(MissingData.any(ti));
		Path em = tmp.resolve("em-missing");
		Run r = FusedTomoTest.run("reconstruct", "--haadf", aligned.resolve("HAADF.tif").toString(), "--chem", "Ti=" + aligned.resolve("Ti.tif"), "--method", "em",
			"--iterations", "5", "--out", em.toString());
		assertEquals(0, r.code(), r.err());
		for (float v : TiffSeries.readVolume(em.resolve("Ti.tif")).data())
			assertTrue(Float.isFinite(v));
		assertOneLineError(FusedTomoTest.run("align", "--haadf", aligned.resolve("HAADF.tif").toString(), "--out", tmp.resolve("realign").toString()),
			aligned.resolve("HAADF.tif"), tmp.resolve("realign"));
	}

	/**
	 * Chemical maps stay counts by default: on a pedestal of 2 counts per pixel every measured pixel of the aligned map
	 * still holds at least 2 (a bilinear shift only averages neighbours), where the HAADF's plane (--chem-background
	 * plane) takes the pedestal away.
	 */
	@Test
	void align_keepsChemicalCountsUnlessAskedToSubtractABackground() throws IOException {
		TiltSeries raw = TiffSeries.readTiltSeries(sim.resolve("Ti.tif"));
		for (int i = 0; i < raw.data().length; i++)
			raw.data()[i] += 2;
		Path pedestal = Files.createDirectories(tmp.resolve("pedestal")).resolve("Ti.tif");
		TiffSeries.writeTiltSeries(raw, pedestal, org.fusedtomo.io.AtomicFiles.protecting());
		double[] least = new double[2];
		String[][] extra = { {}, { "--chem-background", "plane" } };
		for (int k = 0; k < 2; k++) {
			Path out = tmp.resolve("pedestal-aligned-" + k);
			Run r = FusedTomoTest.run(FusedTomoTest.concat(new String[] { "align", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Ti=" + pedestal, "--alignment",
				aligned.resolve("alignment.json").toString(), "--out", out.toString() }, extra[k]));
			assertEquals(0, r.code(), r.err());
			least[k] = Double.POSITIVE_INFINITY;
			for (float v : TiffSeries.readTiltSeries(out.resolve("Ti.tif")).data())
				if (!Float.isNaN(v))
					least[k] = Math.min(least[k], v);
		}
		System.out.printf("Ti on a pedestal of 2 counts, least measured pixel after align: default %.3f, --chem-background plane %.3f%n", least[0], least[1]);
		assertTrue(least[0] >= 2 - 1e-5, "default " + least[0]);
		assertTrue(least[1] < 0.5, "plane " + least[1]);
	}

	private static void assertOneLineError(Run r, Path file, Path out) {
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().contains(file.toString()), r.err());
		assertEquals(1, r.err().strip().lines().count(), r.err());
		assertFalse(Files.exists(out.resolve("report.json")));
	}

	private static double[] numbers(JsonArray a) {
		double[] v = new double[a.size()];
		for (int i = 0; i < v.length; i++)
			v[i] = a.get(i).getAsDouble();
		return v;
	}
	/**
	 * alignment.json records the grid its shifts are in pixels of: applied to the series read with another --bin it is
	 * refused with one line (it moved the binned images by the unbinned shifts without a word), with the same --bin it
	 * is applied.
	 */
	@Test
	void align_savedAlignmentOnAnotherBinIsRefused() throws IOException {
		Path haadf = sim.resolve("HAADF.tif"), saved = aligned.resolve("alignment.json");
		JsonObject series = JsonParser.parseString(Files.readString(saved)).getAsJsonObject().getAsJsonObject("series");
		assertEquals(40, series.get("widthPx").getAsInt());
		assertEquals(40, series.get("heightPx").getAsInt());
		Path out = tmp.resolve("rebinned");
		Run r = FusedTomoTest.run("align", "--haadf", haadf.toString(), "--bin", "2", "--alignment", saved.toString(), "--out", out.toString());
		assertEquals(2, r.code(), r.err());
		assertEquals(1, r.err().strip().lines().count(), r.err());
		assertTrue(r.err().contains(saved.toString()) && r.err().contains("40 x 40 pixels") && r.err().contains("20 x 20 pixels") && r.err().contains("--bin"), r.err());
		assertFalse(Files.exists(out), "nothing written");
		Path same = tmp.resolve("same-grid");
		Run ok = FusedTomoTest.run("align", "--haadf", haadf.toString(), "--alignment", saved.toString(), "--out", same.toString());
		assertEquals(0, ok.code(), ok.err());
		assertArrayEquals(AlignmentJson.load(saved).dx(), AlignmentJson.load(same.resolve("alignment.json")).dx(), 0);
	}
}
