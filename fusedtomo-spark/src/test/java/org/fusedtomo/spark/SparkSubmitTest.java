package org.fusedtomo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster jar under spark-submit, without a Spark distribution: {@code spark-submit} is a wrapper around
 * {@code org.apache.spark.deploy.SparkSubmit}, so a child JVM runs that class on Spark's own class path (this test's
 * class path without this module, the core and the core's own dependencies: spark-core and its dependencies, as a
 * Spark installation has them) with the jar as the application, as a cluster would. Runs after {@code package}
 * (tag spark-submit, docs/spark.md).
 */
@Tag("spark-submit")
class SparkSubmitTest {

	private static final Path HAADF = Path.of("..", "test-data", "core-shell-32", "HAADF.tif");

	/**
	 * Jars of the core's and this module's own dependencies, which Spark does not bring: the cluster jar must. The
	 * core's dependencies that Spark shares (commons-lang3, commons-math3, compress-lzf, lz4, slf4j-api) stay.
	 */
	private static final List<String> OURS = List.of("Fused_Tomography-", "JLargeArrays-", "JTransforms-", "gson-", "ij-", "imglib2-", "jhdf-", "parsington-", "picocli-",
		"scijava-common-", "slf4j-nop-", "junit-", "opentest4j-", "apiguardian-");

	@TempDir
	Path tmp;

	@Test
	void theClusterJarHoldsNeitherSparkNorScala() throws IOException {
		try (JarFile jar = new JarFile(clusterJar().toFile())) {
			List<String> names = jar.stream().map(e -> e.getName()).toList();
			assertTrue(names.contains("org/fusedtomo/spark/SparkEngine.class"));
			assertTrue(names.contains("org/fusedtomo/cli/FusedTomo.class"));
			assertTrue(names.contains("ij/ImagePlus.class"), "the core's dependencies are in it");
			assertTrue(names.stream().noneMatch(n -> n.startsWith("org/apache/spark/") || n.startsWith("scala/")), "Spark or Scala classes in the cluster jar");
			String services = new String(jar.getInputStream(jar.getEntry("META-INF/services/org.fusedtomo.recon.ReconstructionEngine$Provider")).readAllBytes());
			assertTrue(services.contains("org.fusedtomo.spark.SparkEngineProvider"), services);
		}
	}

	/** spark-submit --master local[2] of reconstruct --engine spark (the master is spark-submit's) writes the local run's files. */
	@Test
	void sparkSubmitOfTheClusterJarWritesTheLocalRunsFiles() throws Exception {
		Path local = tmp.resolve("local"), submitted = tmp.resolve("submitted");
		String[] reconstruct = { "reconstruct", "--haadf", HAADF.toString(), "--method", "sirt", "--iterations", "4", "--threads", "1" };
		SparkReconstructCommandTest.Run l = SparkReconstructCommandTest.run(concat(reconstruct, "--out", local.toString()));
		assertEquals(0, l.code(), l.err());
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		for (String flag : LocalCluster.moduleFlags().split(" "))
			command.add(flag);
		command.addAll(List.of("-Xmx1g", "-cp", sparkClassPath(), "org.apache.spark.deploy.SparkSubmit", "--master",
			"local[2]", "--conf", "spark.ui.enabled=false", "--class", "org.fusedtomo.cli.FusedTomo", clusterJar().toString()));
		command.addAll(List.of(concat(reconstruct, "--out", submitted.toString(), "--engine", "spark", "--slabs", "3")));
		Path log = tmp.resolve("spark-submit.log");
		Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		assertTrue(p.waitFor(5, TimeUnit.MINUTES), "spark-submit did not end within 5 minutes");
		String output = Files.readString(log);
		assertEquals(0, p.exitValue(), output);
		assertTrue(output.contains("Wrote HAADF.tif (sirt) to " + submitted), output);
		for (String name : List.of("HAADF.tif", "orthoslices.png", "convergence-HAADF.png"))
			assertArrayEquals(Files.readAllBytes(local.resolve(name)), Files.readAllBytes(submitted.resolve(name)), name);
	}

	/** This test's class path without its classes, the core's and their own dependencies ({@link #OURS}). */
	static String sparkClassPath() {
		String all = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		List<String> spark = new ArrayList<>();
		for (String entry : all.split(java.io.File.pathSeparator)) {
			Path p = Path.of(entry);
			String name = p.getFileName().toString();
			if (Files.isDirectory(p) || OURS.stream().anyMatch(name::startsWith))
				continue;
			spark.add(entry);
		}
		assertTrue(spark.stream().anyMatch(e -> Path.of(e).getFileName().toString().startsWith("spark-core_")), "no spark-core in " + all);
		return String.join(java.io.File.pathSeparator, spark);
	}

	private static Path clusterJar() {
		Path jar = Path.of(System.getProperty("fusedtomo.cluster.jar"));
		assertTrue(Files.isRegularFile(jar), "no cluster jar " + jar + ": run this test with mvn verify (after package)");
		return jar;
	}

	private static String[] concat(String[] a, String... b) {
		String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}
}
