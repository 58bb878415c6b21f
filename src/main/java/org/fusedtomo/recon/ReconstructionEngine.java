package org.fusedtomo.recon;

import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.function.LongConsumer;

import org.fusedtomo.data.CentralSlices;
import org.fusedtomo.data.Volume;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
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

	/**
	 * Reconstructs {@code b} as {@link #run} does and writes the volume, calibrated as {@code b}, to {@code tiff}
	 * through {@code files}: the file {@link org.fusedtomo.io.TiffSeries#writeVolume(Volume, Path, AtomicFiles)}
	 * writes for {@link #run}'s volume, without any one machine (the driver included) holding the whole volume.
	 * Before anything is written {@code nonFinite} is told how many voxels are NaN or infinite; when it throws,
	 * nothing is written.
	 *
	 * @param truth the volume to score the result against (NRMSE, {@link org.fusedtomo.metrics.Nrmse}), or null
	 * @param quantiles the quantiles {low, high} (fractions) of the voxels to find, for the slices' display range
	 * @return the history, the central slices with the values at {@code quantiles} as their range, and the NRMSE
	 * @throws IllegalArgumentException when the engine cannot run this method or input
	 * @throws java.util.concurrent.CancellationException when the monitor cancels
	 */
	Written write(ConventionalMethod method, VolumeGeometry volume, TiltSeries b, ConventionalParameters parameters, Volume truth, double[] quantiles, Path tiff, AtomicFiles files,
		LongConsumer nonFinite, Monitor monitor);

	/**
	 * What {@link #write} keeps of a volume it wrote.
	 *
	 * @param slices its central slices, with the values at the quantiles asked for as their range (not yet a display range)
	 * @param nrmse its NRMSE against the truth; null without one
	 */
	record Written(CostHistory history, CentralSlices slices, Double nrmse) {}

	/**
	 * Bytes that the engine's parts exchanged with each other in work that ended between two instants
	 * ({@link System#currentTimeMillis}, from exclusive): what a benchmark reports as communication. 0 for an
	 * engine whose parts exchange nothing.
	 */
	default long bytesExchanged(long fromMillis, long toMillis) {
		return 0;
	}

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
