package org.fusedtomo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.fusedtomo.cli.FusedTomoTest.Run;
import org.fusedtomo.recon.fused.FusedParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reconstruct --method fused --auto} on a tiny simulation (5 chemical tilts), in-process, and its bad input. */
class ReconstructAutoTest {

	@TempDir
	static Path tmp;

	static String[] data;

	@BeforeAll
	static void simulate() {
		Path sim = FusedTomoTest.simulateSmall(tmp.resolve("sim"));
		data = new String[] { "reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Co=" + sim.resolve("Co.tif"), "--chem", "Mn=" + sim.resolve("Mn.tif"),
			"--threads", "2" };
	}

	@Test
	void auto_writesChoiceGridTimeAndPicture() throws IOException {
		Path out = tmp.resolve("auto");
		Run r = FusedTomoTest.run(FusedTomoTest.concat(data, "--method", "fused", "--auto", "--auto-grid", "2", "--auto-folds", "2", "--iterations", "4", "--em-iterations", "5",
			"--tv-guide", "0.9", "--out", out.toString()));
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("--auto chose lambda_chem"), r.out());
		assertTrue(Files.isRegularFile(out.resolve("auto-lambdas.png")));
		JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
		JsonObject auto = report.getAsJsonObject("auto_lambdas");
		JsonArray grid = auto.getAsJsonArray("grid");
		assertEquals(4, grid.size());
		double chem = auto.get("chosen_lambda_chem").getAsDouble(), base = auto.get("base_lambda_chem").getAsDouble();
		assertTrue(chem >= 0.25 * base * (1 - 1e-9) && chem <= 4 * base * (1 + 1e-9), chem + " vs base " + base);
		JsonObject fused = report.getAsJsonObject("parameters").getAsJsonObject("fused");
		JsonObject model = fused.getAsJsonObject("model");
		assertEquals(chem, model.get("lambdaChem").getAsDouble(), 1e-12, "the final run uses the choice");
		// Flags given are kept; the rest, and the lambdas' centre, come from the defaults.
		assertEquals(0.9, model.get("tvGuide").getAsDouble());
		assertEquals(4, fused.get("iterations").getAsInt());
		assertEquals(FusedParameters.DEFAULT.solver().name(), fused.get("solver").getAsString());
		assertEquals(FusedParameters.DEFAULT.lambdaChem(), base, 1e-12);
		assertTrue(report.getAsJsonObject("metrics").get("auto_time_ratio").getAsDouble() > 1);
		assertTrue(report.getAsJsonObject("timings_s").has("auto_cross_validation"));
	}

	@Test
	void auto_withFewerThanThreeChemicalTiltsNamesTheOption() {
		// --hold-out-chem 3 keeps tilts 0 and 3 of 5.
		assertOneLineError(FusedTomoTest.concat(data, "--method", "fused", "--auto", "--hold-out-chem", "3", "--out", tmp.resolve("few").toString()), "--auto");
	}

	@Test
	void auto_withAnExplicitLambdaIsAConflict() {
		assertOneLineError(FusedTomoTest.concat(data, "--method", "fused", "--auto", "--lambda-chem", "0.3", "--out", tmp.resolve("c1").toString()), "--lambda-chem");
		assertOneLineError(FusedTomoTest.concat(data, "--method", "fused", "--auto", "--lambda-tv", "0.1", "--out", tmp.resolve("c2").toString()), "--lambda-tv");
	}

	@Test
	void auto_withAConventionalMethodOrAutoSettingsWithoutAutoNamesTheOption() {
		assertOneLineError(FusedTomoTest.concat(data, "--method", "em", "--auto", "--out", tmp.resolve("em").toString()), "--auto");
		assertOneLineError(FusedTomoTest.concat(data, "--method", "fused", "--auto-grid", "5", "--out", tmp.resolve("g").toString()), "--auto-grid");
	}

	private static void assertOneLineError(String[] args, String option) {
		Run r = FusedTomoTest.run(args);
		assertEquals(2, r.code(), r.err());
		String err = r.err().strip();
		assertEquals(1, err.lines().filter(l -> !l.startsWith("WARNING")).count(), err);
		assertTrue(err.contains(option), err);
	}
}
