package org.fusedtomo.cli;

import static org.fusedtomo.cli.FusedTomoTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.fusedtomo.cli.FusedTomoTest.Run;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.TiffSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Series with several exposures per tilt through {@code info}, {@code reconstruct} and {@code align}. */
class RepeatedTiltsCommandTest {

	@TempDir
	Path dir;

	/** 16 px projections at -40, 0, 40 (0 twice, -40 three times), acquired out of angle order. */
	private Path repeated() throws IOException {
		TiltSeries s = InfoCommandTest.blob(16, new double[] { -40, -40, -40, 0, 0, 40 });
		Path tif = dir.resolve("repeats.tif");
		TiffSeries.writeTiltSeries(s, tif, AtomicFiles.protecting());
		Files.writeString(dir.resolve("repeats.rawtlt"), "0\n-40\n40\n-40\n0\n-40\n");
		return tif;
	}

	@Test
	void info_showsRepeatsAndTheAcquisitionOrder() throws IOException {
		Run r = run("info", repeated().toString(), "--average-repeats");
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("6 projections at 3 distinct tilts (1 to 3 exposures per tilt)"), r.out());
		assertTrue(r.out().contains("-40x3 0x2 40x1"), r.out());
		assertTrue(r.out().contains("file position (1-based) of each projection in angle order: 2 4 6 1 5 3"), r.out());
		assertTrue(r.out().contains("averaged:   3 tilts, each the mean of its 1 to 3 exposures"), r.out());
	}

	@Test
	void reconstruct_usesEveryExposureOrAveragesThemAndReportsIt() throws IOException {
		Path tif = repeated();
		Run all = run("reconstruct", "--haadf", tif.toString(), "--out", dir.resolve("all").toString(), "--method", "sirt", "--iterations", "2");
		assertEquals(0, all.code(), all.err());
		assertTrue(all.err().contains("HAADF has 6 projections at 3 distinct tilts"), all.err());
		JsonObject a = report(dir.resolve("all")).getAsJsonObject("acquisition").getAsJsonObject("HAADF");
		assertEquals(false, a.get("averaged").getAsBoolean());
		assertArrayEquals(new int[] { 1, 3, 5, 0, 4, 2 }, new Gson().fromJson(a.get("file_index"), int[].class));
		assertArrayEquals(new int[] { 3, 2, 1 }, new Gson().fromJson(a.get("exposures_per_tilt"), int[].class));
		Run avg = run("reconstruct", "--haadf", tif.toString(), "--out", dir.resolve("avg").toString(), "--method", "wbp", "--average-repeats");
		assertEquals(0, avg.code(), avg.err());
		assertTrue(avg.err().contains("averaged the exposures of each tilt"), avg.err());
		assertTrue(report(dir.resolve("avg")).getAsJsonObject("acquisition").getAsJsonObject("HAADF").get("averaged").getAsBoolean());
	}

	@Test
	void align_givesEachExposureItsShift() throws IOException {
		Run r = run("align", "--haadf", repeated().toString(), "--method", "xcorr", "--out", dir.resolve("al").toString());
		assertEquals(0, r.code(), r.err());
		JsonObject alignment = JsonParser.parseString(Files.readString(dir.resolve("al/alignment.json"))).getAsJsonObject();
		assertEquals(6, alignment.getAsJsonArray("anglesDeg").size());
	}

	private static JsonObject report(Path out) throws IOException {
		return JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
	}
}
