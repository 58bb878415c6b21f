package org.fusedtomo.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongConsumer;

import org.apache.spark.api.java.JavaRDD;
import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.CentralSlices;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.FileChannels;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.metrics.Percentiles;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.CostHistory;
import org.fusedtomo.recon.ReconstructionEngine;

/**
 * Writes a volume reconstructed on slabs without the driver ever holding it (BigStitcher-Spark style), and
 * computes what {@code reconstruct} reports of it from the slabs: each task writes its slab's voxels to a file
 * of its own in a folder every executor reaches, atomically (a temporary file moved into place, so a retried or
 * speculative task replaces it whole), and returns only its cost terms, its count of NaN or infinite voxels and
 * its counts for the quantiles ({@link Percentiles#coarse}). Further small jobs read the slab files back for
 * the quantiles' second pass and, given a truth, the slabs' shares of the NRMSE ({@link Nrmse.Sums}, then
 * {@link Nrmse#squaredError} with the whole volume's scale). The driver then writes the volume's TIFF plane by
 * plane ({@link TiffSeries#writeVolume(int, int, int, Calibration, java.util.function.IntFunction, float, float,
 * Path, AtomicFiles)}), reading each z plane's rows from the slab files and taking the central slices from the
 * planes as they pass ({@link CentralSlices.Collector}): one plane in the driver's memory instead of the volume.
 * The file is byte for byte the one {@link TiffSeries#writeVolume(org.fusedtomo.data.Volume, Path, AtomicFiles)}
 * writes for the assembled volume; the slab files are removed afterwards.
 */
public final class SlabVolumeWriter {

	private SlabVolumeWriter() {}

	/** What a task returns instead of its voxels; the quantiles' first counts as {@link Percentiles#nonZero} pairs. */
	record SlabSummary(Slab slab, Map<String, double[]> history, long nonFinite, float min, float max, long[] coarse) implements Serializable {}

	/**
	 * What a task returns for the second passes: quantile counts per wanted rank ({@link Percentiles#nonZero}
	 * pairs), and its NRMSE share (null without a truth).
	 */
	record SlabCounts(long[][] fine, Nrmse.Sums sums) implements Serializable {}

	/** A slab's part of the truth, for the NRMSE shares. */
	record SlabTruth(Slab slab, float[] rows) implements Serializable {}

	/**
	 * Writes the volume of {@code slabs} (computed lazily by the tasks of the first job, one per slab of
	 * {@code parts}) to {@code tiff} through {@code files}, with the slab files in a new folder under
	 * {@code scratch}, which every executor must reach (on a cluster a shared file system).
	 *
	 * @param history the cost history when the driver has it (TV), else null: the slabs' histories summed
	 * @param truth the volume to score against, or null
	 * @param quantiles {low, high} fractions whose values become the slices' range (ranks rounded down and up, as {@link Percentiles#of})
	 * @param nonFinite told the count of NaN or infinite voxels before anything is written; may throw
	 * @param stage the first job's name in progress reports
	 */
	static ReconstructionEngine.Written write(SparkEngine engine, JavaRDD<SlabTask.SlabResult> slabs, List<Slab> parts, CostHistory history, VolumeGeometry volume,
		Calibration calibration, Volume truth, double[] quantiles, Path scratch, Path tiff, AtomicFiles files, LongConsumer nonFinite, String stage, Monitor monitor) {
		int w = volume.width(), d = volume.depth();
		Path dir = scratch.resolve(".fusedtomo-slabs-" + UUID.randomUUID());
		try {
			Files.createDirectories(dir);
			String where = dir.toAbsolutePath().toString();
			List<SlabSummary> summaries = engine.await(slabs.map(r -> write(Path.of(where), r)).collectAsync(), stage, parts.size(), monitor);
			float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
			long bad = 0;
			long[] coarse = new long[Percentiles.BUCKETS];
			for (SlabSummary s : summaries) {
				min = Math.min(min, s.min());
				max = Math.max(max, s.max());
				bad += s.nonFinite();
				Percentiles.addNonZero(coarse, s.coarse());
			}
			nonFinite.accept(bad);
			long voxels = (long) w * volume.height() * d;
			long[][] located = new long[quantiles.length][];
			for (int i = 0; i < quantiles.length; i++)
				located[i] = Percentiles.locate(coarse, Percentiles.rank(voxels, quantiles[i], i > 0));
			int[] buckets = new int[located.length];
			for (int i = 0; i < buckets.length; i++)
				buckets[i] = (int) located[i][0];
			List<SlabTruth> truths = new ArrayList<>();
			for (Slab s : parts)
				truths.add(new SlabTruth(s, truth == null ? null : SlabRows.copy(truth.data(), w, volume.height(), s.from(), s.to())));
			JavaRDD<SlabTruth> truthRdd = engine.context().parallelize(truths, truths.size());
			List<SlabCounts> counts = engine.await(truthRdd.map(t -> {
				float[] v = read(Path.of(where), t.slab(), w, d);
				long[][] fine = new long[buckets.length][];
				for (int i = 0; i < fine.length; i++)
					fine[i] = Percentiles.nonZero(Percentiles.fine(v, 0, v.length, buckets[i]));
				return new SlabCounts(fine, t.rows() == null ? null : Nrmse.Sums.of(v, t.rows(), 0, v.length));
			}).collectAsync(), "quantiles and scale", parts.size(), monitor);
			float[] range = new float[buckets.length];
			for (int i = 0; i < range.length; i++) {
				long[] fine = new long[Percentiles.BUCKETS];
				for (SlabCounts c : counts)
					Percentiles.addNonZero(fine, c.fine()[i]);
				range[i] = Percentiles.value(buckets[i], (int) Percentiles.locate(fine, located[i][1])[0]);
			}
			Double nrmse = null;
			if (truth != null) {
				Nrmse.Sums sums = Nrmse.Sums.ZERO;
				for (SlabCounts c : counts)
					sums = sums.plus(c.sums());
				double alpha = sums.alpha();
				double error = 0;
				for (double e : engine.await(truthRdd.map(t -> {
					float[] v = read(Path.of(where), t.slab(), w, d);
					return Nrmse.squaredError(v, t.rows(), 0, v.length, alpha);
				}).collectAsync(), "NRMSE", parts.size(), monitor))
					error += e;
				nrmse = Nrmse.of(sums, error);
			}
			CentralSlices.Collector central = new CentralSlices.Collector(w, volume.height(), d);
			try (SlabPlanes planes = new SlabPlanes(dir, parts, w)) {
				TiffSeries.writeVolume(w, volume.height(), d, calibration, z -> {
					float[] plane = planes.plane(z);
					central.plane(z, plane, 0);
					return plane;
				}, min, max, tiff, files);
			}
			CostHistory h = history != null ? history : SparkEngine.sumHistories(summaries.stream().map(SlabSummary::history).toList());
			return new ReconstructionEngine.Written(h, central.slices(range), nrmse);
		}
		catch (IOException e) {
			throw new UncheckedIOException("slab files in " + dir + ": " + e.getMessage(), e);
		}
		finally {
			deleteTree(dir);
		}
	}

	/** Slab {@code s}'s voxels as its task wrote them (x, the slab's y, z). */
	static float[] read(Path dir, Slab s, int width, int depth) throws IOException {
		float[] v = new float[width * s.slices() * depth];
		ByteBuffer bytes = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
		try (FileChannel in = FileChannel.open(slabFile(dir, s.index()), StandardOpenOption.READ)) {
			FileChannels.readFully(in, bytes, 0);
		}
		bytes.flip();
		bytes.asFloatBuffer().get(v);
		return v;
	}

	/** The file of slab {@code index} in {@code dir}. */
	static Path slabFile(Path dir, int index) {
		return dir.resolve(String.format("slab-%05d.f32", index));
	}

	/** Writes a task's voxels (little-endian floats, x fastest, then the slab's y, then z) atomically; returns its summary. */
	static SlabSummary write(Path dir, SlabTask.SlabResult r) throws IOException {
		float[] v = r.voxels();
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		long nonFinite = 0;
		for (float f : v)
			if (Float.isFinite(f)) {
				min = Math.min(min, f);
				max = Math.max(max, f);
			}
			else
				nonFinite++;
		Path target = slabFile(dir, r.slab().index());
		Path part = dir.resolve(target.getFileName() + "." + UUID.randomUUID() + ".part");
		ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
		try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
			for (int i = 0; i < v.length;) {
				int n = Math.min(v.length - i, buffer.capacity() / Float.BYTES);
				buffer.clear();
				buffer.asFloatBuffer().put(v, i, n);
				buffer.limit(n * Float.BYTES);
				while (buffer.hasRemaining())
					out.write(buffer);
				i += n;
			}
			out.force(false);
		}
		try {
			Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException e) {
			Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
		}
		return new SlabSummary(r.slab(), r.history(), nonFinite, min, max, Percentiles.nonZero(Percentiles.coarse(v, 0, v.length)));
	}

	/** The volume's z planes read from the slab files, one plane (and one slab's rows of it) in memory at a time. */
	private static final class SlabPlanes implements AutoCloseable {

		private final List<Slab> slabs;
		private final List<FileChannel> channels = new ArrayList<>();
		private final int width, height;

		SlabPlanes(Path dir, List<Slab> slabs, int width) throws IOException {
			this.slabs = slabs;
			this.width = width;
			this.height = slabs.get(slabs.size() - 1).to();
			for (Slab s : slabs)
				channels.add(FileChannel.open(slabFile(dir, s.index()), StandardOpenOption.READ));
		}

		float[] plane(int z) {
			float[] plane = new float[width * height];
			try {
				for (int i = 0; i < slabs.size(); i++) {
					Slab s = slabs.get(i);
					int count = width * s.slices();
					ByteBuffer rows = ByteBuffer.allocate(count * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
					FileChannels.readFully(channels.get(i), rows, (long) z * count * Float.BYTES);
					rows.flip();
					rows.asFloatBuffer().get(plane, s.from() * width, count);
				}
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
			return plane;
		}

		@Override
		public void close() throws IOException {
			for (FileChannel c : channels)
				c.close();
		}
	}

	private static void deleteTree(Path dir) {
		if (!Files.isDirectory(dir))
			return;
		try (var files = Files.list(dir)) {
			for (Path f : files.toList())
				Files.deleteIfExists(f);
			Files.deleteIfExists(dir);
		}
		catch (IOException e) {
			// NB: best effort; the folder is hidden and holds nothing the user asked for.
		}
	}
}
