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

import org.apache.spark.api.java.JavaRDD;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.FileChannels;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.fusedtomo.recon.CostHistory;
import org.fusedtomo.recon.WbpFilter;

/**
 * WBP, SIRT or EM on slabs whose volume never passes through the driver (BigStitcher-Spark style): each task
 * runs its slab as {@link SparkEngine#run} does and writes the slab's voxels to a file of its own in a
 * folder every executor reaches, atomically (a temporary file moved into place, so a retried or speculative
 * task replaces it whole), returning only its cost terms and voxel range. The driver then writes the volume's
 * TIFF plane by plane ({@link TiffSeries#writeVolume(int, int, int, org.fusedtomo.data.Calibration,
 * java.util.function.IntFunction, float, float, Path, AtomicFiles)}), reading each z plane's rows from the
 * slab files: one plane in the driver's memory instead of the collected slabs and the assembled volume. The
 * file is byte for byte the one {@link TiffSeries#writeVolume(org.fusedtomo.data.Volume, Path, AtomicFiles)}
 * writes for {@link SparkEngine#run}'s volume. The slab files are removed afterwards.
 */
public final class SlabVolumeWriter {

	private SlabVolumeWriter() {}

	/** What the driver keeps of a run: the cost terms summed over slabs, and how many voxels are NaN or infinite. */
	public record Result(CostHistory history, long nonFinite) {}

	/** What a task returns instead of its voxels. */
	record SlabSummary(Slab slab, Map<String, double[]> history, long nonFinite, float min, float max) implements Serializable {}

	/**
	 * Reconstructs {@code b} into a volume of {@code volume}'s size with {@code method} on {@code engine}'s
	 * slabs and writes it to {@code tiff} through {@code files} (atomically), with the slab files in a new
	 * folder under {@code scratch}, which every executor must reach (on a cluster a shared file system).
	 *
	 * @throws IllegalArgumentException as {@link SparkEngine#run} does
	 * @throws java.util.concurrent.CancellationException when the monitor cancels
	 */
	public static Result run(SparkEngine engine, ConventionalMethod method, VolumeGeometry volume, TiltSeries b, ConventionalParameters parameters, Path scratch, Path tiff,
		AtomicFiles files, Monitor monitor) {
		if (method == ConventionalMethod.TV)
			throw new IllegalArgumentException("--engine spark writes slabs for wbp, sirt or em; tv couples neighbouring slices");
		SparkEngine.requireSlicesOf(volume, b);
		monitor.checkCancelled();
		List<Slab> parts = Slab.split(b.height(), engine.slabCount(b.height()));
		int threads = engine.taskThreads();
		JavaRDD<SlabTask> rdd = engine.slabTasks(parts, b, volume.depth());
		float emStart = method == ConventionalMethod.EM ? engine.emStart(rdd, threads, parts.size(), monitor) : 0;
		int iterations = parameters.iterations();
		WbpFilter filter = parameters.filter();
		double lambdaTv = parameters.lambdaTv();
		Path dir = scratch.resolve(".fusedtomo-slabs-" + UUID.randomUUID());
		try {
			Files.createDirectories(dir);
			String where = dir.toAbsolutePath().toString();
			List<SlabSummary> summaries = engine.await(rdd.map(t -> {
				SlabTask.SlabResult r = t.run(method, new ConventionalParameters(iterations, filter, lambdaTv), emStart, new Parallelism(threads));
				return write(Path.of(where), r);
			}).collectAsync(), method.key() + " slabs", parts.size(), monitor);
			float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
			long nonFinite = 0;
			for (SlabSummary s : summaries) {
				min = Math.min(min, s.min());
				max = Math.max(max, s.max());
				nonFinite += s.nonFinite();
			}
			try (SlabPlanes planes = new SlabPlanes(dir, parts, volume.width())) {
				TiffSeries.writeVolume(volume.width(), volume.height(), volume.depth(), b.calibration(), planes::plane, min, max, tiff, files);
			}
			return new Result(SparkEngine.sumHistories(summaries.stream().map(SlabSummary::history).toList()), nonFinite);
		}
		catch (IOException e) {
			throw new UncheckedIOException("slab files in " + dir + ": " + e.getMessage(), e);
		}
		finally {
			deleteTree(dir);
		}
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
		return new SlabSummary(r.slab(), r.history(), nonFinite, min, max);
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
