package org.fusedtomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.SirtMethod;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the documented script, {@code scripts/fused_pipeline.groovy}, as it is written (its Java subset, in
 * JShell on the test class path), and checks that the facade's calls equal the core calls they name.
 */
class FusedTomographyScriptTest {

	@TempDir
	Path dir;

	@Test
	void fusedPipelineScript_runsAsWrittenAndExports() throws Exception {
		String body = Files.readAllLines(Path.of("scripts/fused_pipeline.groovy")).stream().filter(l -> !l.startsWith("#@")).collect(Collectors.joining("\n"));
		List<String> errors = new ArrayList<>();
		try (JShell shell = JShell.builder().executionEngine("local").build()) {
			for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator))
				shell.addToClasspath(entry);
			SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
			String remaining = body;
			boolean bound = false;
			while (!remaining.isBlank()) {
				SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
				if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY)
					break;
				if (!bound && !info.source().replaceAll("(?m)^\\s*//.*$", "").strip().startsWith("import ")) {
					// The script's #@ parameters, as Fiji would bind them, after its imports (NB: JShell
					// re-creates a variable declared before an import that its type depends on).
					run(shell, "java.io.File out = new java.io.File(\"" + dir.toString().replace("\\", "\\\\") + "\");", errors);
					run(shell, "int size = 24;", errors);
					run(shell, "int iterations = 2;", errors);
					run(shell, "String result = null;", errors);
					bound = true;
				}
				String rest = remaining;
				assertTrue(info.completeness().isComplete(), () -> "Incomplete statement in the script: " + rest);
				run(shell, info.source(), errors);
				remaining = info.remaining();
			}
			assertEquals(List.of(), errors);
			String result = shell.variables().filter(v -> v.name().equals("result")).map(v -> shell.varValue(v)).findFirst().orElseThrow();
			assertEquals("\"Wrote " + dir.resolve("elements.xml") + "\"", result);
		}
		assertTrue(Files.isRegularFile(dir.resolve("alignment.json")));
		assertTrue(Files.isRegularFile(dir.resolve("elements.xml")) && Files.size(dir.resolve("elements.h5")) > 0);
	}

	private static void run(JShell shell, String source, List<String> errors) {
		for (SnippetEvent e : shell.eval(source)) {
			if (e.status() == Snippet.Status.REJECTED)
				errors.add("rejected: " + source.strip() + " " + shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).toList());
			if (e.exception() != null)
				errors.add("threw: " + source.strip() + " " + e.exception());
		}
	}

	@Test
	void reconstruct_equalsTheMethodItNames() {
		SimulatedData data = FusedTomography.simulate("core-shell", 24, SimulationParameters.defaults().withHaadfAnglesDeg(FusedTomography.angles("-60:60:10")));
		TiltSeries haadf = data.haadf();
		Volume viaFacade = FusedTomography.reconstruct(haadf, SirtMethod.of(5), 16);
		Volume direct = SirtMethod.of(5).reconstruct(haadf, new VolumeGeometry(24, 24, 16), Parallelism.available(), Monitor.NONE).volume();
		assertArrayEquals(direct.data(), viaFacade.data());
		Volume fromImg = new Volume(FusedTomography.reconstruct(haadf.img(), haadf.geometry().anglesDeg(), SirtMethod.of(5)), haadf.calibration());
		assertArrayEquals(SirtMethod.of(5).reconstruct(haadf, new VolumeGeometry(24, 24, 24), Parallelism.available(), Monitor.NONE).volume().data(), fromImg.data());
		assertNotEquals(0, FusedTomography.align(haadf).angleCount());
	}

	@Test
	void series_refusesAMismatchedAngleCount() {
		SimulatedData data = FusedTomography.simulate("core-shell", 16, SimulationParameters.defaults().withHaadfAnglesDeg(FusedTomography.angles("-60:60:20")));
		var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> FusedTomography.series(data.haadf().img(), new double[] { 0, 1 }));
		assertTrue(e.getMessage().contains("2 tilt angles"), e.getMessage());
	}

	@Test
	void aligned_refusesTiltsBeyondTheAlignmentsAngles() {
		SimulatedData data = FusedTomography.simulate("core-shell", 16, SimulationParameters.defaults().withHaadfAnglesDeg(FusedTomography.angles("-60:60:20")));
		org.fusedtomo.align.Alignment narrow = org.fusedtomo.align.Alignment.identity(FusedTomography.angles("-20:20:20"));
		var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> FusedTomography.aligned(data.haadf(), narrow));
		assertTrue(e.getMessage().contains("tilt -60.00 deg is outside"), e.getMessage());
		assertEquals(7, FusedTomography.aligned(data.haadf(), org.fusedtomo.align.Alignment.identity(data.haadf().anglesDeg())).angleCount());
	}

	@Test
	void aligned_leavesPixelsShiftedInFromOutsideUnmeasuredAndReconstructionSkipsThem() {
		SimulatedData data = FusedTomography.simulate("core-shell", 16, SimulationParameters.defaults().withHaadfAnglesDeg(FusedTomography.angles("-60:60:20")));
		double[] angles = data.haadf().anglesDeg();
		double[] dx = new double[angles.length];
		dx[0] = 3; // aligned(x) reads raw(x + 3): the last three columns of the first tilt were never recorded
		org.fusedtomo.align.Alignment shift = new org.fusedtomo.align.Alignment(angles, dx, new double[angles.length], 0, 0, List.of("test"));
		TiltSeries aligned = FusedTomography.aligned(data.haadf(), shift);
		var access = aligned.img().randomAccess();
		for (int y = 0; y < 16; y++) {
			assertTrue(Float.isNaN(access.setPositionAndGet(15, y, 0).get()), "column 15, row " + y);
			assertTrue(Float.isFinite(access.setPositionAndGet(12, y, 0).get()), "column 12, row " + y);
			assertTrue(Float.isFinite(access.setPositionAndGet(15, y, 1).get()), "tilt 1, row " + y);
		}
		Volume volume = FusedTomography.reconstruct(aligned, SirtMethod.of(10));
		for (float v : volume.data())
			assertTrue(Float.isFinite(v));
	}
}
