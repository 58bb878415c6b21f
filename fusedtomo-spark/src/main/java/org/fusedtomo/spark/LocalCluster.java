package org.fusedtomo.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.spark.SparkConf;

/**
 * Makes Spark's {@code local-cluster[workers, cores, memoryMiB]} master run without a Spark distribution.
 * That master starts a standalone master and workers in this JVM, and each worker launches its executor as
 * a separate JVM (so tasks, their inputs and results cross serialisation as on a cluster). The workers
 * build the executor's command from a Spark home: without one the executors exit at once and the context
 * stops. Spark's own tests run it in testing mode, where the executors get the driver's class path
 * instead of a distribution's jars; this class sets that up:
 * <ul>
 * <li>system properties {@code spark.testing} and {@code spark.test.home} (a fresh temporary folder, where
 * the workers keep their logs), unless already set: in testing mode a worker takes its home from
 * {@code spark.test.home} and the scheduler passes the driver's {@code java.class.path} to its executors;</li>
 * <li>the executors' environment {@code SPARK_TESTING=1} and {@code SPARK_SCALA_VERSION} (the launcher
 * otherwise looks for a distribution's jars folder, and for the Scala version in it);</li>
 * <li>{@code spark.executor.extraClassPath}: this JVM's class path (for masters outside testing mode as
 * well), and {@code spark.executor.extraJavaOptions}: Java 17's module flags that Spark needs, the same as
 * this JVM's.</li>
 * </ul>
 * Only for one machine (tests, benchmarks); a real cluster has a Spark installation and needs none of it.
 */
public final class LocalCluster {

	private static final Pattern MASTER = Pattern.compile("local-cluster\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*,\\s*(\\d+)\\s*]");

	private LocalCluster() {}

	/** Whether {@code master} is a {@code local-cluster[N, C, M]} master. */
	public static boolean isLocalCluster(String master) {
		return master != null && MASTER.matcher(master.trim()).matches();
	}

	/**
	 * Sets up {@code conf} (and this JVM's testing properties) for its master when that is
	 * {@code local-cluster[...]}; other masters are left alone. Options already in {@code conf} are kept.
	 *
	 * @return conf
	 */
	public static SparkConf configure(SparkConf conf) {
		String master = conf.get("spark.master", null);
		if (!isLocalCluster(master))
			return conf;
		Matcher m = MASTER.matcher(master.trim());
		m.matches();
		if (System.getProperty("spark.testing") == null)
			System.setProperty("spark.testing", "true");
		if (System.getProperty("spark.test.home") == null)
			System.setProperty("spark.test.home", sparkHome().toString());
		conf.setIfMissing("spark.executorEnv.SPARK_TESTING", "1");
		conf.setIfMissing("spark.executorEnv.SPARK_SCALA_VERSION", scalaVersion());
		conf.setIfMissing("spark.executor.extraClassPath", System.getProperty("java.class.path"));
		conf.setIfMissing("spark.executor.extraJavaOptions", moduleFlags());
		// NB: an executor asks for spark.executor.memory (default 1 GiB); a worker of less could never start one.
		conf.setIfMissing("spark.executor.memory", m.group(3) + "m");
		return conf;
	}

	/** Spark's Scala version, from the name of its core jar (spark-core_2.13-...jar), else 2.13. */
	static String scalaVersion() {
		String location = SparkConf.class.getProtectionDomain().getCodeSource().getLocation().getPath();
		Matcher m = Pattern.compile("spark-core_(\\d+\\.\\d+)").matcher(location);
		return m.find() ? m.group(1) : "2.13";
	}

	/** The module flags ({@code --add-opens}, {@code --add-exports}, {@code --add-modules}) this JVM was started with. */
	static String moduleFlags() {
		StringBuilder flags = new StringBuilder();
		var args = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
		for (int i = 0; i < args.size(); i++) {
			String a = args.get(i);
			boolean joined = a.startsWith("--add-opens=") || a.startsWith("--add-exports=") || a.startsWith("--add-modules=") || a.startsWith("-Djdk.reflect.");
			if (joined)
				flags.append(' ').append(a);
			else if ((a.equals("--add-opens") || a.equals("--add-exports") || a.equals("--add-modules")) && i + 1 < args.size())
				flags.append(' ').append(a).append('=').append(args.get(++i));
		}
		return flags.toString().trim();
	}

	private static Path sparkHome() {
		try {
			Path home = Files.createTempDirectory("fusedtomo-local-cluster");
			home.toFile().deleteOnExit();
			return home;
		}
		catch (IOException e) {
			throw new UncheckedIOException("local-cluster: cannot create a Spark home folder: " + e.getMessage(), e);
		}
	}
}
