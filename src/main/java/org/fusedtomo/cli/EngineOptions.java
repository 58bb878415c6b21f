package org.fusedtomo.cli;

import java.util.Locale;
import java.util.Map;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.recon.ReconstructionEngine;

import picocli.CommandLine.Option;

/**
 * The options of {@code reconstruct} that send a conventional method to another {@link ReconstructionEngine}
 * (a picocli mixin): {@code --engine spark} with its master and slabs (docs/spark.md).
 */
final class EngineOptions {

	@Option(names = "--engine", defaultValue = "local", description = "wbp, sirt, em, tv, fused: local (this JVM, the default) or spark (slabs of y slices as Spark tasks; needs the fusedtomo-spark module, docs/spark.md).")
	String engine;

	@Option(names = "--master", description = "--engine spark: the Spark master, e.g. local[2] or spark://host:7077 (default local[*], or spark-submit's).")
	String master;

	@Option(names = "--slabs", description = "--engine spark: slabs of y slices, one Spark task each (default: Spark's default parallelism, at most the slices).")
	Integer slabs;

	/** Whether the run of {@code methodKey} goes to another engine than this JVM's threads; checks the engine options first. */
	boolean isRemote(String methodKey) {
		if (!isSpark(engine, master, slabs))
			return false;
		if (slabs != null && slabs < 1)
			throw new IllegalArgumentException("--slabs must be at least 1, got " + slabs);
		String m = methodKey;
		if (!m.equals("wbp") && !m.equals("sirt") && !m.equals("em") && !m.equals("tv") && !m.equals("fused"))
			throw new IllegalArgumentException("--engine spark runs --method wbp, sirt, em, tv or fused; " + m + " is not distributed yet (docs/spark.md, What is missing)");
		return true;
	}

	/**
	 * Whether {@code engine} (an {@code --engine} value) is spark rather than local; refuses any other engine,
	 * and {@code --master} or {@code --slabs} (each when not null) with local. Shared by {@code reconstruct} and {@code batch}.
	 */
	static boolean isSpark(String engine, String master, Integer slabs) {
		String e = engine.trim().toLowerCase(Locale.ROOT);
		if (!e.equals("local") && !e.equals("spark"))
			throw new IllegalArgumentException("Unknown --engine '" + engine + "'; use local or spark");
		if (e.equals("local") && (master != null || slabs != null))
			throw new IllegalArgumentException((master != null ? "--master" : "--slabs") + " needs --engine spark");
		return e.equals("spark");
	}

	/** What of fused is not distributed: {@code --auto}'s held-out runs. */
	static void checkFused(boolean auto) {
		if (auto)
			throw new IllegalArgumentException("--auto needs --engine local: its held-out runs are not distributed (docs/spark.md, What is missing)");
	}

	/** With --slabs, each series must have at least as many y slices as slabs. */
	void checkSlabs(Map<String, TiltSeries> series) {
		if (slabs == null)
			return;
		series.forEach((name, b) -> {
			if (slabs > b.height())
				throw new IllegalArgumentException("--slabs " + slabs + " is more than the " + b.height() + " y slices of " + name);
		});
	}

	/** The engine of --engine spark; close it after use. */
	ReconstructionEngine openEngine() {
		return ReconstructionEngine.open(engine.trim(), master, slabs);
	}
}
