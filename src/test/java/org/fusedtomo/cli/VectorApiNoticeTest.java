package org.fusedtomo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.fusedtomo.parallel.VectorKernels;
import org.fusedtomo.projector.Projectors;
import org.junit.jupiter.api.Test;

/**
 * Starts the command line in a fresh JVM, as a user might by hand, with and without the Vector API module:
 * only without it does stderr say how to enable it (the launcher's JVM, with the module, says nothing).
 */
class VectorApiNoticeTest {

	@Test
	void aJvmWithoutTheModule_isToldHowToEnableIt() throws Exception {
		// NB: a CPU without FMA would not use the Vector API kernel anyway, so it gets no notice.
		assumeTrue(!VectorKernels.available() || Projectors.usesVectorApi(), "CPU without FMA");
		String err = runHelp(false);
		assertTrue(err.contains("--add-modules jdk.incubator.vector"), "stderr was: " + err);
		assertTrue(err.contains("plain Java"), "stderr was: " + err);
	}

	@Test
	void aJvmWithTheModule_isToldNothing() throws Exception {
		String err = runHelp(true);
		assertFalse(err.contains("projects in plain Java"), "stderr was: " + err);
	}

	private static String runHelp(boolean withModule) throws IOException, InterruptedException {
		List<String> cmd = new ArrayList<>();
		cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		if (withModule)
			cmd.add("--add-modules=jdk.incubator.vector");
		cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), FusedTomo.class.getName(), "--help"));
		Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
		String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		assertEquals(0, p.waitFor(), "stderr was: " + err);
		return err;
	}
}
