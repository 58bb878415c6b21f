package org.fusedtomo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code fusedtomo batch --engine spark}: three series as the tasks of one job, on local[2] (tasks in this
 * JVM, in parallel threads) and on local-cluster (tasks in two executor JVMs, which write the outputs
 * themselves). Each series' folder must hold what {@code reconstruct} writes for it alone.
 */
class SparkBatchTest {

	private static final Path DATA = Path.of("..", "test-data", "core-shell-32").toAbsolutePath().normalize();
	private static final List<String> OPTIONS = List.of("--method", "sirt", "--iterations", "3", "--threads", "1");

	@TempDir
	Path tmp;

	/** reconstruct's outputs for each series alone, made once for both masters. */
	@TempDir
	static Path alone;

	@ParameterizedTest
	@ValueSource(strings = { "local[2]", "local-cluster[2,1,1024]" })
	void eachSeriesGetsWhatReconstructWritesForIt(String master) throws IOException {
		List<String> names = List.of("HAADF", "Co", "Mn");
		Path batch = tmp.resolve("batch");
		List<String> args = new ArrayList<>(List.of("batch", "--out", batch.toString(), "--engine", "spark", "--master", master));
		names.forEach(n -> args.add(DATA.resolve(n + ".tif").toString()));
		args.addAll(OPTIONS);
		SparkReconstructCommandTest.Run r = SparkReconstructCommandTest.run(args.toArray(String[]::new));
		assertEquals(0, r.code(), r.err());
		assertEquals(names.stream().sorted().toList(), list(batch));
		for (String name : names) {
			Path expected = alone(name);
			List<String> files = list(expected);
			assertEquals(files, list(batch.resolve(name)), name);
			for (String f : files)
				if (!f.equals("report.json"))
					assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(batch.resolve(name).resolve(f)), name + "/" + f);
		}
	}

	@Test
	void anUnreachableMasterFailsWithOneLineAndWritesNothing() {
		Path out = tmp.resolve("out");
		SparkReconstructCommandTest.Run r = SparkReconstructCommandTest.run("batch", "--out", out.toString(), "--engine", "spark", "--master", "spark://127.0.0.1:1",
			DATA.resolve("HAADF.tif").toString(), "--method", "wbp");
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().contains("--master spark://127.0.0.1:1 cannot be reached"), r.err());
		assertEquals(1, r.err().strip().lines().count(), r.err());
		assertFalse(Files.exists(out));
	}

	/** The folder of reconstruct's outputs for series {@code name} alone, made on first use. */
	private static Path alone(String name) {
		Path out = alone.resolve(name);
		if (!Files.isDirectory(out)) {
			List<String> one = new ArrayList<>(List.of("reconstruct", "--haadf", DATA.resolve(name + ".tif").toString(), "--out", out.toString()));
			one.addAll(OPTIONS);
			assertEquals(0, SparkReconstructCommandTest.run(one.toArray(String[]::new)).code());
		}
		return out;
	}

	private static List<String> list(Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}
}
