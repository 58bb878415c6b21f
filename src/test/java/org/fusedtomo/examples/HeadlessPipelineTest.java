package org.fusedtomo.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadlessPipelineTest {

	@TempDir
	Path dir;

	@Test
	void run_chainsTheFacadeHeadlessAndExports() throws Exception {
		Img<FloatType> fused = HeadlessPipeline.run(24, 2, dir);
		assertArrayEquals(new long[] { 24, 24, 24, 3 }, fused.dimensionsAsLongArray());
		assertTrue(Files.isRegularFile(dir.resolve("alignment.json")));
		assertTrue(Files.isRegularFile(dir.resolve("elements.xml")) && Files.size(dir.resolve("elements.h5")) > 0);
	}
}
