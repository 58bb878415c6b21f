package org.fusedtomo.recon;

import java.util.ServiceLoader;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.progress.Monitor;

/**
 * Runs a {@link ConventionalMethod} somewhere other than this JVM's own threads, e.g. on Apache Spark as
 * slabs of y slices (the {@code fusedtomo-spark} module). Engines are found by {@link ServiceLoader}, so
 * the core and the Fiji jar do not depend on them. An engine runs the same single-machine algorithms on
 * its parts; its result equals {@link ConventionalMethod#run} on the whole series within the tolerance it
 * documents.
 */
public interface ReconstructionEngine extends AutoCloseable {

	/**
	 * Reconstructs {@code b} into {@code volume} (its width and height, which must match b's) with
	 * {@code method}; the history holds the same terms as a single-machine run, summed over the parts.
	 *
	 * @throws IllegalArgumentException when the engine cannot run this method or input
	 * @throws java.util.concurrent.CancellationException when the monitor cancels
	 */
	Reconstruction run(ConventionalMethod method, VolumeGeometry volume, TiltSeries b, ConventionalParameters parameters, Monitor monitor);

	/** Releases the engine's resources (a Spark context); no checked exception. */
	@Override
	void close();

	/** Opens engines of one name; listed in {@code META-INF/services/org.fusedtomo.recon.ReconstructionEngine$Provider}. */
	interface Provider {

		/** The name users give, e.g. "spark". */
		String name();

		/**
		 * An engine for {@code master} (engine-specific; null for its default) cutting volumes into
		 * {@code parts} (null for its default).
		 *
		 * @throws IllegalArgumentException naming the option when the master cannot be reached or parsed
		 */
		ReconstructionEngine open(String master, Integer parts);
	}

	/**
	 * The engine called {@code name} from the class path.
	 *
	 * @throws IllegalArgumentException when no such engine is on the class path, or it cannot start
	 */
	static ReconstructionEngine open(String name, String master, Integer parts) {
		for (Provider p : ServiceLoader.load(Provider.class))
			if (p.name().equalsIgnoreCase(name))
				return p.open(master, parts);
		throw new IllegalArgumentException("--engine " + name + " is not on the class path; build the fusedtomo-" + name + " module as docs/spark.md says");
	}
}
