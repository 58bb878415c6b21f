package org.fusedtomo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.recon.fused.FusedMaps;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedSolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * The command line takes every fused default from the core: a shell that disagreed with
 * {@link FusedParameters} about a default, or showed another value in its help, fails here.
 */
class FusedSettingsInShellsTest {

	@TempDir
	Path tmp;

	@Test
	void reconstruct_withoutFusedOptionsUsesTheCoresDefault() {
		assertEquals(FusedParameters.DEFAULT, reconstructOptions("--method", "fused").fusedParameters(Parallelism.available()));
	}

	@Test
	void reconstruct_solverReferenceGivesTheReferenceDefaultsUnlessOverridden() {
		assertEquals(FusedParameters.REFERENCE, reconstructOptions("--method", "fused", "--solver", "reference").fusedParameters(Parallelism.available()));
		FusedParameters p = reconstructOptions("--method", "fused", "--solver", "reference", "--lambda-tv", "0.01", "--lambda-haadf", "3", "--sirt-iterations", "2")
			.fusedParameters(Parallelism.available());
		assertEquals(FusedParameters.REFERENCE.withLambdas(3, FusedParameters.REFERENCE.lambdaChem(), 0.01)
			.withReferenceSolver(new org.fusedtomo.recon.fused.ReferenceSolverSettings(3, 2, 5)), p);
	}

	@Test
	void reconstruct_helpShowsTheCoresDefaults() {
		CommandLine cl = new CommandLine(new ReconstructCommand());
		FusedParameters d = FusedParameters.DEFAULT, r = FusedParameters.REFERENCE;
		assertDescribes(cl, "--lambda-chem", d.lambdaChem(), r.lambdaChem());
		assertDescribes(cl, "--lambda-tv", d.lambdaTv(), r.lambdaTv());
		assertDescribes(cl, "--tv-guide", d.tvGuide());
		assertDescribes(cl, "--em-iterations", d.emIterations(), r.emIterations());
		assertDescribes(cl, "--iterations", d.iterations());
		assertDescribes(cl, "--gamma", d.gamma());
		assertDescribes(cl, "--weights", d.weightMethod().code());
		assertDescribes(cl, "--lambda-haadf", r.lambdaHaadf());
		assertDescribes(cl, "--sirt-iterations", r.sirtIterations());
		assertDescribes(cl, "--tv-iterations", d.tvIterations(), r.tvIterations());
		for (String option : new String[] { "--solver", "--gamma", "--lambda-chem", "--lambda-tv", "--tv-guide", "--em-iterations", "--weights", "--lambda-haadf",
			"--sirt-iterations", "--tv-iterations", "--iterations" })
			assertNull(cl.getCommandSpec().findOption(option).defaultValue(), option + " must leave its default to the core");
	}

	@Test
	void demoAndStudy_useTheCoresDefaults() {
		DemoCommand demo = new DemoCommand();
		new CommandLine(demo).parseArgs();
		assertEquals(FusedParameters.DEFAULT, demo.fusedOptions.preferred());
		assertNull(demo.iterations, "the demo's fused iterations come from the core");
		StudyCommand study = new StudyCommand();
		new CommandLine(study).parseArgs();
		assertEquals(FusedParameters.DEFAULT, study.fusedOptions.guided());
		assertEquals(FusedParameters.SIMULATION_PROTOCOL, study.fusedOptions.isotropic());
	}

	@Test
	void tune_startsFromTheChosenSolversDefaults() {
		TuneCommand tune = new TuneCommand();
		new CommandLine(tune).parseArgs("--out", tmp.toString());
		Parallelism one = new Parallelism(1);
		assertEquals(FusedParameters.DEFAULT.withThreads(1), tune.fusedBase(one));
		new CommandLine(tune).parseArgs("--out", tmp.toString(), "--solver", "reference", "--iterations", "7");
		assertEquals(FusedParameters.REFERENCE.withThreads(1).withIterations(7), tune.fusedBase(one));
	}

	@Test
	void fused2d_usesTheTwoDimensionalDefaultsOfTheCore() {
		Fused2dCommand c = new Fused2dCommand();
		new CommandLine(c).parseArgs("--input", "x.h5", "--out", tmp.toString());
		assertEquals(FusedMaps.DEFAULT, c.parameters());
		new CommandLine(c).parseArgs("--input", "x.h5", "--out", tmp.toString(), "--solver", "proximal");
		assertEquals(FusedMaps.defaults(FusedSolver.PROXIMAL_GRADIENT), c.parameters());
	}

	@Test
	void badFusedOptions_exitTwoWithOneLineNamingTheOption() throws Exception {
		Path haadf = tmp.resolve("missing-HAADF.tif");
		Map<String[], String> cases = Map.of(new String[] { "--lambda-chem", "-0.1" }, "--lambda-chem", new String[] { "--lambda-chem", "NaN" }, "--lambda-chem",
			new String[] { "--lambda-tv", "NaN" }, "--lambda-tv", new String[] { "--solver", "reference", "--lambda-haadf", "-1" }, "--lambda-haadf",
			new String[] { "--gamma", "0.5" }, "--gamma", new String[] { "--lambda-haadf", "5" }, "--lambda-haadf", new String[] { "--solver", "proximal", "--sirt-iterations", "3" },
			"--sirt-iterations", new String[] { "--solver", "fista" }, "--solver", new String[] { "--tv-guide", "1.5" }, "--tv-guide");
		cases.forEach((flags, option) -> {
			Path out = tmp.resolve("out-" + option.substring(2) + flags.length);
			FusedTomoTest.Run r = FusedTomoTest.run(FusedTomoTest.concat(new String[] { "reconstruct", "--haadf", haadf.toString(), "--method", "fused", "--out", out.toString() },
				flags));
			String what = String.join(" ", flags);
			assertEquals(2, r.code(), what + ": " + r.err());
			assertEquals(1, r.err().strip().lines().count(), what + ": " + r.err());
			assertTrue(r.err().startsWith("fusedtomo reconstruct: error: " + option), what + ": " + r.err());
			assertFalse(Files.exists(out), what + ": nothing is written");
		});
	}

	@Test
	void settingsTheMethodDoesNotHave_exitTwoWithOneLineNamingTheOption() throws Exception {
		Path haadf = tmp.resolve("missing-HAADF.tif");
		Map<String[], String> cases = Map.of(new String[] { "--joint-tv" }, "--joint-tv", new String[] { "--interface-coupling", "true" }, "--interface-coupling",
			new String[] { "--tv-guide", "0.5" }, "--tv-guide", new String[] { "--lambda-chem", "0.1" }, "--lambda-chem", new String[] { "--solver", "reference" }, "--solver",
			new String[] { "--method", "em", "--lambda-tv", "0.1" }, "--lambda-tv");
		cases.forEach((flags, option) -> {
			Path out = tmp.resolve("out-method-" + option.substring(2) + flags.length);
			// No --method and no chemistry: the default, sirt, which has none of these settings.
			FusedTomoTest.Run r = FusedTomoTest.run(FusedTomoTest.concat(new String[] { "reconstruct", "--haadf", haadf.toString(), "--out", out.toString() }, flags));
			String what = String.join(" ", flags);
			assertEquals(2, r.code(), what + ": " + r.err());
			assertEquals(1, r.err().strip().lines().count(), what + ": " + r.err());
			assertTrue(r.err().startsWith("fusedtomo reconstruct: error: " + option), what + ": " + r.err());
			assertFalse(Files.exists(out), what + ": nothing is written");
		});
		// The settings a method has still pass the check: tv takes --lambda-tv (and then fails on the missing file, not on the option).
		FusedTomoTest.Run tv = FusedTomoTest.run("reconstruct", "--haadf", haadf.toString(), "--method", "tv", "--lambda-tv", "0.1", "--out", tmp.resolve("out-tv").toString());
		assertFalse(tv.err().contains("--lambda-tv"), tv.err());
	}

	/** An unknown --method names the option and every method (fused was missing); --iterations with wbp and --filter without it are refused, not ignored. */
	@Test
	void unknownMethodAndIterationsOfWbp_exitTwoWithOneLineNamingTheOption() {
		Path haadf = tmp.resolve("missing-HAADF.tif");
		String[][] cases = { { "--method", "fbp" }, { "--method", "wbp", "--iterations", "5" }, { "--method", "sirt", "--filter", "hann" } };
		String[] expected = { "fusedtomo reconstruct: error: --method 'fbp' is not a method; use fused, wbp, sirt, em or tv", "fusedtomo reconstruct: error: --iterations",
			"fusedtomo reconstruct: error: --filter is a setting of --method wbp; --method sirt has none" };
		for (int k = 0; k < cases.length; k++) {
			Path out = tmp.resolve("out-case" + k);
			FusedTomoTest.Run r = FusedTomoTest.run(FusedTomoTest.concat(new String[] { "reconstruct", "--haadf", haadf.toString(), "--out", out.toString() }, cases[k]));
			String what = String.join(" ", cases[k]);
			assertEquals(2, r.code(), what + ": " + r.err());
			assertEquals(1, r.err().strip().lines().count(), what + ": " + r.err());
			assertTrue(r.err().startsWith(expected[k]), what + ": " + r.err());
			assertFalse(Files.exists(out), what + ": nothing is written");
		}
		// wbp keeps --filter, the iterative methods --iterations (and then fail on the missing file, not on the option).
		FusedTomoTest.Run wbp = FusedTomoTest.run("reconstruct", "--haadf", haadf.toString(), "--method", "wbp", "--filter", "hann", "--out", tmp.resolve("out-wbp").toString());
		assertFalse(wbp.err().contains("--filter"), wbp.err());
		for (String m : new String[] { "sirt", "em", "tv", "fused" }) {
			FusedTomoTest.Run r = FusedTomoTest.run("reconstruct", "--haadf", haadf.toString(), "--method", m, "--iterations", "5", "--out", tmp.resolve("out-" + m).toString());
			assertFalse(r.err().contains("--iterations") || r.err().contains("is not a method"), m + ": " + r.err());
		}
	}

	private static ReconstructionOptions reconstructOptions(String... args) {
		ReconstructionOptions o = new ReconstructionOptions();
		new CommandLine(o).parseArgs(args);
		return o;
	}

	/** The option's help names each value, as Java prints it. */
	private static void assertDescribes(CommandLine cl, String option, Object... values) {
		String description = String.join(" ", cl.getCommandSpec().findOption(option).description());
		for (Object v : values)
			assertTrue(description.contains("" + v), option + " help '" + description + "' does not show the core's default " + v);
	}
}
