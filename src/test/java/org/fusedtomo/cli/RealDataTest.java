package org.fusedtomo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.fusedtomo.io.RealData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The needle pipeline (info, align with a quarter turn, SIRT) on the real DM3 of DESIGN §9; skipped without ../shared/data. */
class RealDataTest {

	@Test
	@Timeout(60)
	void needleDm3InfoAlignAndSirt(@TempDir Path tmp) throws IOException {
		Path dm3 = RealData.require("needle-dm3/HAADF.dm3");
		assertEquals(0, FusedTomo.run("info", dm3.toString()));
		Path aligned = tmp.resolve("align");
		// The needle's tilt axis lies along image x: a quarter turn brings it to our y.
		assertEquals(0, FusedTomo.run("align", "--haadf", dm3.toString(), "--method", "xcorr", "--axis-rotation", "90", "--out", aligned.toString()));
		JsonObject alignment = JsonParser.parseString(Files.readString(aligned.resolve("alignment.json"))).getAsJsonObject();
		assertEquals(91, alignment.getAsJsonArray("anglesDeg").size());
		assertTrue(Math.abs(alignment.get("axisRotationDeg").getAsDouble()) < 10, "residual axis rotation after the quarter turn");
		JsonObject report = JsonParser.parseString(Files.readString(aligned.resolve("report.json"))).getAsJsonObject();
		double residual = report.getAsJsonObject("metrics").get("haadf_reprojection_residual").getAsDouble();
		assertTrue(residual < 0.25, "HAADF reprojection residual " + residual);
		Path rec = tmp.resolve("sirt");
		assertEquals(0, FusedTomo.run("reconstruct", "--haadf", aligned.resolve("HAADF.tif").toString(), "--method", "sirt", "--iterations", "30", "--out",
			rec.toString()));
		assertTrue(Files.size(rec.resolve("HAADF.tif")) > 64 * 64 * 64 * 4);
	}
}
