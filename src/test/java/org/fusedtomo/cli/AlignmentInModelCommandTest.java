package org.fusedtomo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.cli.FusedTomoTest.Run;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.io.TiffSeries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reconstruct --alignment}: raw (drifted) series with the alignment applied in the forward model; the simulator's
 * drift, written as align writes an alignment, is the alignment.
 */
class AlignmentInModelCommandTest {

	@TempDir
	static Path tmp;

	static Path sim, alignment;

	@BeforeAll
	static void simulate() throws Exception {
		sim = tmp.resolve("sim");
		assertEquals(0, FusedTomoTest.run("simulate", "--size", "20", "--haadf-angles", "-60:60:10", "--chem-angles", "-45:45:15", "--shift-rms", "1.5", "--seed", "4",
			"--out", sim.toString()).code());
		JsonObject report = JsonParser.parseString(Files.readString(sim.resolve("report.json"))).getAsJsonObject();
		alignment = tmp.resolve("drift.json");
		Files.writeString(alignment, report.getAsJsonObject("shifts_px").getAsJsonObject("HAADF").toString());
	}

	private static String[] args(String method, Path out, Path alignmentFile) {
		String[] common = { "reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Co=" + sim.resolve("Co.tif"), "--method", method, "--alignment",
			alignmentFile.toString(), "--out", out.toString() };
		return method.equals("wbp") ? common : FusedTomoTest.concat(common, "--iterations", "5");
	}

	@Test
	void reconstruct_appliesTheAlignmentInTheModelAndSaysSo() throws Exception {
		for (String method : new String[] { "sirt", "fused" }) {
			Path out = tmp.resolve("in-model-" + method);
			Run r = FusedTomoTest.run(FusedTomoTest.concat(args(method, out, alignment), "--hold-out-chem", "3"));
			assertEquals(0, r.code(), r.err());
			assertTrue(r.out().contains("alignment applied in the forward model"), r.out());
			String report = Files.readString(out.resolve("report.json"));
			assertTrue(report.contains("alignment applied in the forward model"), report);
			assertTrue(report.contains("heldout_chem_nrmse"), report);
		}
	}

	@Test
	void reconstruct_wbpResamplesAndSaysSo() throws Exception {
		Path out = tmp.resolve("wbp");
		Run r = FusedTomoTest.run(args("wbp", out, alignment));
		assertEquals(0, r.code(), r.err());
		assertTrue(Files.readString(out.resolve("report.json")).contains("resampling"), r.out());
	}

	@Test
	void reconstruct_refusesAnAlignmentOfOtherAngles_namingBothFiles() throws Exception {
		Path other = tmp.resolve("other.json");
		Files.writeString(other, AlignmentJson.toJson(Alignment.identity(TiltGeometry.range(-60, 60, 20))));
		Run r = FusedTomoTest.run(args("sirt", tmp.resolve("refused"), other));
		assertTrue(r.code() != 0, r.out());
		assertTrue(r.err().contains(other.toString()) && r.err().contains(sim.resolve("HAADF.tif").toString()), r.err());
	}

	/** Maps binned 2 x 2 (placed by their calibration): the move on the HAADF grid, then the bins; the truth is nearer than without the alignment. */
	@Test
	void reconstruct_binnedMapsWithTheAlignmentInTheModel_beatTheUnalignedSeries() throws Exception {
		Path binned = tmp.resolve("sim-bin2");
		assertEquals(0, FusedTomoTest.run("simulate", "--size", "20", "--haadf-angles", "-60:60:10", "--chem-angles", "-45:45:15", "--shift-rms", "1.5", "--seed", "4",
			"--chem-bin", "2", "--pixel-size", "1", "--counts", "40", "--out", binned.toString()).code());
		JsonObject report = JsonParser.parseString(Files.readString(binned.resolve("report.json"))).getAsJsonObject();
		Path drift = tmp.resolve("drift-bin2.json");
		Files.writeString(drift, report.getAsJsonObject("shifts_px").getAsJsonObject("HAADF").toString());
		String[] common = { "reconstruct", "--haadf", binned.resolve("HAADF.tif").toString(), "--chem", "Co=" + binned.resolve("Co.tif"), "--chem", "Mn=" + binned.resolve("Mn.tif"),
			"--chem", "O=" + binned.resolve("O.tif"), "--method", "fused", "--truth", binned.resolve("truth").toString() };
		Run inModel = FusedTomoTest.run(FusedTomoTest.concat(common, "--alignment", drift.toString(), "--out", tmp.resolve("bin2-in-model").toString()));
		assertEquals(0, inModel.code(), inModel.err());
		Run unaligned = FusedTomoTest.run(FusedTomoTest.concat(common, "--out", tmp.resolve("bin2-unaligned").toString()));
		assertEquals(0, unaligned.code(), unaligned.err());
		double a = nrmseMean(tmp.resolve("bin2-in-model")), b = nrmseMean(tmp.resolve("bin2-unaligned"));
		assertTrue(a < b, "mean NRMSE with the alignment in the model " + a + ", unaligned " + b);
	}

	/**
	 * {@code align --unmoved} writes each series prepared as align prepares it but not moved (what {@code align --alignment}
	 * with an identity alignment writes), and prints the reconstruct command that takes them, which runs.
	 */
	@Test
	void alignUnmoved_writesThePreparedSeriesAndTheCommandThatTakesThem() throws Exception {
		String[] series = { "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Co=" + sim.resolve("Co.tif") };
		Path withUnmoved = tmp.resolve("align-unmoved");
		Run r = FusedTomoTest.run(FusedTomoTest.concat(FusedTomoTest.concat(new String[] { "align" }, series), "--method", "xcorr", "--unmoved", "--out",
			withUnmoved.toString()));
		assertEquals(0, r.code(), r.err());
		Path identity = tmp.resolve("identity.json"), unmovedByIdentity = tmp.resolve("align-identity");
		Files.writeString(identity, AlignmentJson.toJson(Alignment.identity(TiltGeometry.range(-60, 60, 10))));
		assertEquals(0, FusedTomoTest.run(FusedTomoTest.concat(FusedTomoTest.concat(new String[] { "align" }, series), "--alignment", identity.toString(), "--out",
			unmovedByIdentity.toString())).code());
		for (String name : new String[] { "HAADF", "Co" })
			assertArrayEquals(TiffSeries.readTiltSeries(unmovedByIdentity.resolve(name + ".tif")).data(),
				TiffSeries.readTiltSeries(withUnmoved.resolve(name + "-unmoved.tif")).data(), name);

		String printed = r.out().lines().filter(l -> l.startsWith("To keep the counts unresampled: ./fusedtomo reconstruct ")).findFirst().orElseThrow();
		String[] arguments = printed.substring(printed.indexOf("reconstruct")).split(" ");
		Path out = tmp.resolve("printed-command");
		Run reconstruct = FusedTomoTest.run(FusedTomoTest.concat(arguments, "--method", "fused", "--iterations", "5", "--out", out.toString()));
		assertEquals(0, reconstruct.code(), reconstruct.err());
		assertTrue(reconstruct.out().contains("alignment applied in the forward model"), reconstruct.out());
	}

	private static double nrmseMean(Path out) throws Exception {
		return JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject().getAsJsonObject("metrics").get("nrmse_mean").getAsDouble();
	}
}
