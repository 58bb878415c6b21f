package org.fusedtomo.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.fusedtomo.recon.fused.FusedMaps;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedSolver;
import org.junit.jupiter.api.Test;

/**
 * The Fiji commands and the macros take every fused default from the core: a field initialiser or a
 * macro that states another value than {@link FusedParameters} (or {@link FusedMaps} in 2D) fails here.
 */
class FusedSettingsInFijiTest {

	/** Macro keys that are no fused setting: inputs, the volume depth, threads. */
	private static final Set<String> NOT_SETTINGS = Set.of("haadf", "chemical", "elements", "depth", "threads", "haadfangles", "chemicalangles");

	/** NB: the examples shorten the run (e.g. iterations=10); that is their choice, not a default. */
	private static final String RUN_LENGTH = "iterations";

	@Test
	void fusedReconstruction_fieldsStartAtTheCoresDefaults() {
		assertEquals(FusedParameters.DEFAULT, new FusedReconstructionCommand().parameters());
	}

	@Test
	void fusedReconstruction_solverReferenceGivesTheReferenceDefaultsUnlessChanged() throws Exception {
		FusedReconstructionCommand c = new FusedReconstructionCommand();
		set(c, "solver", "reference");
		assertEquals(FusedParameters.REFERENCE, c.parameters());
		set(c, "lambdaChem", 0.3);
		set(c, "sirtIterations", 2);
		assertEquals(FusedParameters.REFERENCE.withLambdaChem(0.3).withReferenceSolver(new org.fusedtomo.recon.fused.ReferenceSolverSettings(10, 2, 5)), c.parameters());
	}

	@Test
	void fusedReconstruction_reportsBadInputAsTheCommandLineDoes() throws Exception {
		FusedReconstructionCommand c = new FusedReconstructionCommand();
		set(c, "lambdaHaadf", 3.0);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::parameters);
		assertTrue(e.getMessage().startsWith("--lambda-haadf is a setting of --solver reference only"), e.getMessage());
		c = new FusedReconstructionCommand();
		set(c, "lambdaTv", Double.NaN);
		e = assertThrows(IllegalArgumentException.class, c::parameters);
		assertTrue(e.getMessage().startsWith("--lambda-tv must be a non-negative number"), e.getMessage());
		assertFalse(e.getMessage().contains("\n"));
	}

	@Test
	void fused2d_fieldsStartAtTheTwoDimensionalDefaults() throws Exception {
		assertEquals(FusedMaps.DEFAULT, new Fused2dCommand().parameters());
		Fused2dCommand c = new Fused2dCommand();
		set(c, "solver", "proximal");
		assertEquals(FusedMaps.defaults(FusedSolver.PROXIMAL_GRADIENT), c.parameters());
	}

	@Test
	void macros_stateNoFusedSettingOtherThanTheCoresDefault() throws Exception {
		int checked = 0;
		for (Path macro : macros()) {
			String text = Files.readString(macro);
			for (Map<String, String> options : calls(text, "Fused Reconstruction...")) {
				FusedReconstructionCommand c = new FusedReconstructionCommand();
				String solver = apply(c, options);
				assertEquals(FusedParameters.defaults(FusedSolver.parse(solver)), c.parameters(), macro + " " + options);
				checked++;
			}
			for (Map<String, String> options : calls(text, "Fuse 2D Maps...")) {
				Fused2dCommand c = new Fused2dCommand();
				String solver = apply(c, options);
				assertEquals(FusedMaps.defaults(FusedSolver.parse(solver)), c.parameters(), macro + " " + options);
				checked++;
			}
		}
		assertTrue(checked >= 3, "fused_reconstruction.ijm, fused_pipeline.ijm and fused_2d.ijm call the fused commands; found " + checked);
	}

	/** Sets the fields the macro names (keys are field names in lower case) and returns the solver it runs. */
	private static String apply(TomoCommand c, Map<String, String> options) throws Exception {
		for (Map.Entry<String, String> o : options.entrySet()) {
			if (NOT_SETTINGS.contains(o.getKey()) || o.getKey().equals(RUN_LENGTH))
				continue;
			Field f = fieldByMacroKey(c.getClass(), o.getKey());
			f.setAccessible(true);
			Class<?> t = f.getType();
			f.set(c, t == int.class ? Integer.parseInt(o.getValue()) : t == double.class ? Double.parseDouble(o.getValue()) : o.getValue());
		}
		Field solver = fieldByMacroKey(c.getClass(), "solver");
		solver.setAccessible(true);
		return (String) solver.get(c);
	}

	private static Field fieldByMacroKey(Class<?> type, String key) {
		for (Field f : type.getDeclaredFields())
			if (f.getName().equalsIgnoreCase(key))
				return f;
		throw new AssertionError(type.getSimpleName() + " has no field for macro key " + key);
	}

	/** The options of each {@code run(command, "k=v ...")} in a macro. */
	private static List<Map<String, String>> calls(String macro, String command) {
		Matcher m = Pattern.compile("run\\(\"" + Pattern.quote(command) + "\",\\s*\"([^\"]*)\"\\)").matcher(macro);
		List<Map<String, String>> calls = new java.util.ArrayList<>();
		while (m.find()) {
			Map<String, String> options = new LinkedHashMap<>();
			Matcher kv = Pattern.compile("(\\w+)=(\\[[^\\]]*\\]|\\S+)").matcher(m.group(1));
			while (kv.find())
				options.put(kv.group(1).toLowerCase(), kv.group(2).replaceAll("^\\[|\\]$", ""));
			calls.add(options);
		}
		return calls;
	}

	private static List<Path> macros() throws IOException {
		try (Stream<Path> s = Files.list(Path.of("macros"))) {
			return s.filter(p -> p.toString().endsWith(".ijm")).sorted().toList();
		}
	}

	private static void set(Object o, String field, Object value) throws Exception {
		Field f = o.getClass().getDeclaredField(field);
		f.setAccessible(true);
		f.set(o, value);
	}
}
