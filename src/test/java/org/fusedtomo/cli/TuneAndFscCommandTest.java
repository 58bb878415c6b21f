package org.fusedtomo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.fusedtomo.cli.FusedTomoTest.Run;
import org.fusedtomo.spectra.ElementMapSeries;
import org.fusedtomo.spectra.SpectrumImage;
import org.fusedtomo.spectra.SyntheticSpectrumImageAccess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fusedtomo tune} and {@code fusedtomo fsc} on a tiny simulation, in-process. */
class TuneAndFscCommandTest {

	@TempDir
	static Path tmp;

	static Path sim;

	@BeforeAll
	static void simulate() {
		sim = FusedTomoTest.simulateSmall(tmp.resolve("sim"));
	}

	@Test
	void tune_heldOutObjectiveWritesEveryEvaluationAndPictures() throws IOException {
		Path out = tmp.resolve("tune");
		Run r = FusedTomoTest.run("tune", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Co=" + sim.resolve("Co.tif"), "--chem", "Mn=" + sim.resolve("Mn.tif"),
			"--chem", "O=" + sim.resolve("O.tif"), "--evaluations", "3", "--initial", "2", "--iterations", "2", "--threads", "2", "--out", out.toString());
		assertEquals(0, r.code(), r.err());
		assertTrue(r.err().contains("tune: best"), r.err());
		assertTrue(r.out().contains("--lambda-chem"), r.out());
		for (String f : new String[] { "report.json", "surface.png", "best-so-far.png" })
			assertTrue(Files.isRegularFile(out.resolve(f)), f);
		JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
		assertEquals(3, report.getAsJsonArray("evaluations").size());
		assertEquals("held-out", report.getAsJsonObject("parameters").get("objective").getAsString());
		assertTrue(report.getAsJsonObject("best").get("value").getAsDouble() > 0);
	}

	/**
	 * tune takes --spectra as every command reading series does (it showed the option and refused it: "Give --haadf FILE
	 * ..."), and the command that repeats the run names the series options as given (--spectra, --lines and --bin were
	 * left out). fsc reports the windows and tilts as align and reconstruct do. Synthetic spectrum images, 6 tilts.
	 */
	@Test
	void tuneAndFsc_takeSpectraAndReportThem() throws IOException {
		ElementMapSeries.Opener original = MapsCommand.opener;
		try {
			Path in = Files.createDirectories(tmp.resolve("spectra"));
			Map<Path, SpectrumImage> m = new HashMap<>();
			for (int a = -50; a <= 50; a += 20) {
				Path f = Files.createFile(in.resolve(a + ".bcf"));
				m.put(f, SyntheticSpectrumImageAccess.eds(f.toString(), 16, a));
			}
			MapsCommand.opener = f -> List.of(m.get(f));
			Path out = tmp.resolve("tune-spectra");
			Run r = FusedTomoTest.run("tune", "--spectra", in.toString(), "--lines", "Fe_Ka,Pt_La", "--bin", "2", "--average-repeats", "--evaluations", "2", "--initial", "2",
				"--iterations", "2", "--threads", "2", "--out", out.toString());
			assertEquals(0, r.code(), r.err());
			JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
			String command = report.get("command").getAsString();
			// a flag is repeated as its name alone (it was "--average-repeats --average-repeats true", which does not parse)
			assertTrue(command.startsWith("./fusedtomo tune --spectra " + in + " --lines Fe_Ka,Pt_La --average-repeats --bin 2 --evaluations 2"), command);
			assertTrue(report.has("spectra") && Files.isRegularFile(out.resolve("spectrum-eds.png")), report.toString());
			// fsc too: its report lacked the windows and tilts of --spectra.
			Path fsc = tmp.resolve("fsc-spectra");
			Run f = FusedTomoTest.run("fsc", "--spectra", in.toString(), "--lines", "Fe_Ka", "--bin", "2", "--iterations", "2", "--out", fsc.toString());
			assertEquals(0, f.code(), f.err());
			JsonObject fscReport = JsonParser.parseString(Files.readString(fsc.resolve("report.json"))).getAsJsonObject();
			assertEquals(6, fscReport.getAsJsonObject("spectra").getAsJsonArray("tilts").size(), fscReport.toString());
			assertTrue(Files.isRegularFile(fsc.resolve("spectrum-eds.png")));
		}
		finally {
			MapsCommand.opener = original;
		}
	}

	@Test
	void tune_crossValidatedChemistryObjective() throws IOException {
		Path out = tmp.resolve("tune-cv");
		Run r = FusedTomoTest.run("tune", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Co=" + sim.resolve("Co.tif"), "--chem", "Mn=" + sim.resolve("Mn.tif"),
			"--cross-validate-chem", "2", "--evaluations", "2", "--initial", "2", "--iterations", "2", "--threads", "2", "--out", out.toString());
		assertEquals(0, r.code(), r.err());
		JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
		assertEquals("held-out chemistry", report.getAsJsonObject("parameters").get("objective").getAsString());
		assertTrue(report.getAsJsonObject("best").get("value").getAsDouble() > 0);
	}

	/** A direction whose curve never falls below 0.143 is starred and explained, in the line and in report.json ("crossed": false). */
	@Test
	void fsc_aCurveThatNeverCrossesIsShownAsTheSamplingBound() {
		java.util.Map<org.fusedtomo.metrics.FscDirection, org.fusedtomo.metrics.FscCurve> curves = new java.util.EnumMap<>(org.fusedtomo.metrics.FscDirection.class);
		double[] f = { 0, 0.25, 0.5 };
		long[] v = { 10, 100, 100 };
		for (org.fusedtomo.metrics.FscDirection d : org.fusedtomo.metrics.FscDirection.values())
			curves.put(d, new org.fusedtomo.metrics.FscCurve(f, d == org.fusedtomo.metrics.FscDirection.Z ? new double[] { 1, 0.9, 0.8 } : new double[] { 1, 0.5, 0.0 }, v));
		org.fusedtomo.metrics.FscResult r = new org.fusedtomo.metrics.FscResult(curves, 20, new org.fusedtomo.data.Calibration(18, "nm"));
		String line = FscCommand.resolutionLine("HAADF", r);
		assertTrue(line.contains("z 36.0*") && line.contains("a bound set by the pixel size"), line);
		// 0.5 at 0.25 and 0 at 0.5 cycles/px cross 0.143 at 0.25 + 0.25 * 0.357 / 0.5 = 0.4285: 2.333 px, 42.0 nm, no star.
		assertTrue(line.contains("all 42.0,") && line.contains("x 42.0,"), line);
		String json = new com.google.gson.Gson().toJson(r.summary());
		assertTrue(json.contains("\"crossed\":false") && json.contains("\"crossed\":true"), json);
	}

	@Test
	void fsc_wbpOnEverySeriesWritesPlotsAndResolutions() throws IOException {
		Path out = tmp.resolve("fsc");
		Run r = FusedTomoTest.run("fsc", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Co=" + sim.resolve("Co.tif"), "--method", "wbp", "--out", out.toString());
		assertEquals(0, r.code(), r.err());
		for (String f : new String[] { "fsc.png", "fsc-HAADF.png", "fsc-Co.png", "report.json" })
			assertTrue(Files.isRegularFile(out.resolve(f)), f);
		// The two half sets are told apart in the progress (it went to 100 % twice under one name).
		assertTrue(r.err().contains("half set 1 of 2") && r.err().contains("half set 2 of 2"), r.err());
		JsonObject haadf = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject().getAsJsonObject("metrics").getAsJsonObject("fsc").getAsJsonObject("HAADF");
		double z = haadf.getAsJsonObject("resolution_0.143").getAsJsonObject("z").get("px").getAsDouble();
		assertTrue(z >= 2, "z resolution " + z);
	}

	@Test
	void fsc_withAMarginScoresTheFieldOfViewOnly() throws IOException {
		int[] shells = new int[2];
		String[][] margins = { {}, { "--margin", "6" } };
		for (int i = 0; i < 2; i++) {
			Path out = tmp.resolve("fsc-margin-" + i);
			String[] args = { "fsc", "--haadf", sim.resolve("HAADF.tif").toString(), "--method", "wbp", "--out", out.toString() };
			String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(margins[i])).toArray(String[]::new);
			Run r = FusedTomoTest.run(all);
			assertEquals(0, r.code(), r.err());
			shells[i] = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject().getAsJsonObject("metrics").getAsJsonObject("fsc")
				.getAsJsonObject("HAADF").getAsJsonObject("curves").getAsJsonArray("frequency_per_px").size();
		}
		// NB: the shells follow the largest dimension: a volume 12 columns wider would have 6 shells more.
		assertEquals(shells[0], shells[1]);
	}

	@Test
	void tune_ofASectionWiderThanTheView_reconstructsWithTheMargin() throws IOException {
		// a wedge-shaped film across a volume wider than the 24 px view, seen by the HAADF and one element map
		org.fusedtomo.geometry.TiltGeometry view = new org.fusedtomo.geometry.TiltGeometry(24, 8, org.fusedtomo.geometry.TiltGeometry.range(-60, 60, 10));
		int margin = org.fusedtomo.data.FieldOfView.margin(view, 24);
		org.fusedtomo.geometry.VolumeGeometry wide = new org.fusedtomo.geometry.VolumeGeometry(24, 8, 24).widened(margin);
		org.fusedtomo.data.Volume film = org.fusedtomo.data.Volume.zeros(wide);
		for (int x = 0; x < wide.width(); x++)
			for (int z = 4; z < 6 + 14 * x / wide.width(); z++)
				for (int y = 0; y < 8; y++)
					film.set(x, y, z, 1f);
		org.fusedtomo.data.TiltSeries cut = org.fusedtomo.projector.Projectors.create(wide, view, org.fusedtomo.parallel.Parallelism.SERIAL).forward(film);
		Path dir = tmp.resolve("section");
		Files.createDirectories(dir);
		org.fusedtomo.io.AtomicFiles files = new org.fusedtomo.io.AtomicFiles(java.util.List.of());
		org.fusedtomo.io.TiffSeries.writeTiltSeries(cut, dir.resolve("HAADF.tif"), files);
		org.fusedtomo.io.TiffSeries.writeTiltSeries(cut, dir.resolve("Fe.tif"), files);
		Path out = tmp.resolve("tune-section");
		Run r = FusedTomoTest.run("tune", "--haadf", dir.resolve("HAADF.tif").toString(), "--chem", "Fe=" + dir.resolve("Fe.tif"), "--evaluations", "2", "--initial", "2",
			"--iterations", "2", "--threads", "2", "--out", out.toString());
		assertEquals(0, r.code(), r.err());
		assertTrue(margin > 0);
		assertEquals(margin, JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject().getAsJsonObject("parameters").get("margin").getAsInt());
		assertTrue(r.out().contains(margin + " voxels beyond the view"), r.out());
	}

	@Test
	void tune_withoutDataIsOneClearError() {
		Run r = FusedTomoTest.run("tune", "--out", tmp.resolve("none").toString());
		assertEquals(2, r.code());
		assertTrue(r.err().contains("--simulate"), r.err());
	}
}
