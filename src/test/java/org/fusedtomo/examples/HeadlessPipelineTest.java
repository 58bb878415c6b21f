package org.fusedtomo.command.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import net.imglib2.img.Img;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

class HeadlessPipelineTest {

	@TempDir
	Path dir;

	@Test
	void run_chainsTheCommandsHeadlessAndExports() throws Exception {
		try (Context context = new Context(CommandService.class)) {
			CommandModule fused = new HeadlessPipeline(context).run(24, 2, dir.toFile());
			assertArrayEquals(new long[] { 24, 24, 24, 3 }, ((Img<?>) fused.getOutput("volumes")).dimensionsAsLongArray());
		}
		assertTrue(Files.isRegularFile(dir.resolve("alignment.json")));
		assertTrue(Files.isRegularFile(dir.resolve("elements.xml")) && Files.size(dir.resolve("elements.h5")) > 0);
	}
}
