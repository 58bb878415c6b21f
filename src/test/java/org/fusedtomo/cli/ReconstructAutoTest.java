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

	/**
	 * The README's simulation (64³ core-shell, 10 counts, seed 1), where the held-out curve is flat around the
	 * defaults (docs/tuning.md, "--auto": the lowest mean, factors 4, 4, lies 0.0009 below the defaults with a
	 * paired standard error of 0.0012, and its truth NRMSE is no better): --auto keeps the defaults, says why,
	 * and reports the fold scores from which the test recomputes the rule (no point beats the defaults by more
	 * than one standard error under both maps of the binned λ_C). Before the rule and the measured
	 * binning it chose λ_C × 4 there, with truth NRMSE 0.197, 0.310, 0.293 against 0.113, 0.085, 0.058.
	 */
	@Test
	void auto_onTheReadmeSimulationWhereTheCurveIsFlat_keepsTheDefaultsWithFoldStatistics() throws IOException {
		Path sim = tmp.resolve("readme-sim");
		assertEquals(0, FusedTomoTest.run("simulate", "--phantom", "core-shell", "--size", "64", "--out", sim.toString()).code());
		String[] readme = { "reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Co=" + sim.resolve("Co.tif"), "--chem", "Mn=" + sim.resolve("Mn.tif"), "--chem",
			"O=" + sim.resolve("O.tif"), "--truth", sim.resolve("truth").toString() };
		Path out = tmp.resolve("readme-auto"), defaults = tmp.resolve("readme-defaults");
		Run r = FusedTomoTest.run(FusedTomoTest.concat(readme, "--method", "fused", "--auto", "--out", out.toString()));
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("--auto kept the defaults"), r.out());
		assertEquals(0, FusedTomoTest.run(FusedTomoTest.concat(readme, "--method", "fused", "--out", defaults.toString())).code());
		JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
		JsonObject auto = report.getAsJsonObject("auto_lambdas");
		assertTrue(auto.get("kept_defaults").getAsBoolean());
		assertEquals(FusedParameters.DEFAULT.lambdaChem(), auto.get("chosen_lambda_chem").getAsDouble(), 1e-12);
		assertEquals(FusedParameters.DEFAULT.lambdaTv(), auto.get("chosen_lambda_tv").getAsDouble(), 1e-12);
		assertEquals(0, auto.getAsJsonArray("at_edge_of_grid").size());
		assertTrue(Files.isRegularFile(out.resolve("auto-lambdas-folds.png")));
		// The rule, recomputed from the reported fold scores: no point lies below the defaults by more than one standard error.
		JsonArray grid = auto.getAsJsonArray("grid");
		double[] base = null;
		for (var row : grid)
			if (row.getAsJsonObject().get("lambda_chem_factor").getAsDouble() == 1 && row.getAsJsonObject().get("lambda_tv_factor").getAsDouble() == 1)
				base = folds(row.getAsJsonObject());
		assertEquals(3, base.length);
		double lowestDifference = 0;
		for (var element : grid) {
			JsonObject row = element.getAsJsonObject();
			double[] f = folds(row), d = new double[3];
			for (int k = 0; k < 3; k++)
				d[k] = f[k] - base[k];
			double mean = (d[0] + d[1] + d[2]) / 3, sd = Math.sqrt(((d[0] - mean) * (d[0] - mean) + (d[1] - mean) * (d[1] - mean) + (d[2] - mean) * (d[2] - mean)) / 2);
			assertEquals(mean, row.get("minus_defaults").getAsDouble(), 1e-12);
			assertEquals(sd / Math.sqrt(3), row.get("minus_defaults_standard_error").getAsDouble(), 1e-12);
			assertEquals((f[0] + f[1] + f[2]) / 3, row.get("heldout_chem_nrmse").getAsDouble(), 1e-12);
			JsonArray alternative = row.getAsJsonArray("fold_scores_binned_lambda_chem_over_b2");
			assertEquals(3, alternative.size());
			double a = row.get("minus_defaults_binned_lambda_chem_over_b2").getAsDouble(), aSe = row.get("minus_defaults_binned_lambda_chem_over_b2_standard_error").getAsDouble();
			assertTrue(mean >= -sd / Math.sqrt(3) || a >= -aSe, row.toString());
			lowestDifference = Math.min(lowestDifference, mean);
		}
		assertTrue(lowestDifference < 0, "flat: some point scores below the defaults, within its standard error");
		// Kept, so the truth NRMSE is the defaults' (before: 0.197, 0.310, 0.293 against 0.113, 0.085, 0.058).
		JsonObject truthAuto = report.getAsJsonObject("metrics").getAsJsonObject("nrmse"),
			truthDefaults = JsonParser.parseString(Files.readString(defaults.resolve("report.json"))).getAsJsonObject().getAsJsonObject("metrics").getAsJsonObject("nrmse");
		for (String el : new String[] { "Co", "Mn", "O" })
			assertEquals(truthDefaults.get(el).getAsDouble(), truthAuto.get(el).getAsDouble(), 1e-4, el);
	}

	private static double[] folds(JsonObject row) {
		JsonArray a = row.getAsJsonArray("fold_scores");
		double[] f = new double[a.size()];
		for (int k = 0; k < f.length; k++)
			f[k] = a.get(k).getAsDouble();
		return f;
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
