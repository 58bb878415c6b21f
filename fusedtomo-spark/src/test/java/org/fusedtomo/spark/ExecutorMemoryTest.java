package org.fusedtomo.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;

import org.apache.spark.api.java.JavaSparkContext;
import org.fusedtomo.bench.LiveHeap;
import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.fusedtomo.recon.TvOptions;
import org.fusedtomo.recon.WbpFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Memory that does not grow with the volume on any one executor (opt-in: {@code mvn verify -Pspark-long}, minutes):
 * 256³ and 512³ WBP and SIRT, 512³ TV, on {@code local-cluster[2,1,1024]}, whose two executors are JVMs limited to 1 GiB
 * of heap, with the slab volumes written by the tasks ({@link SlabVolumeWriter}) so that the driver (this JVM,
 * also 1 GiB) never holds a volume. A run completes only if no task runs out of heap (a task that does fails
 * four times and ends the job). Prints, for docs/spark.md, each executor's and the driver's live heap (the
 * largest heap in use after a collection) and heap peak (the pools' peaks, garbage included).
 */
@Tag("spark-long")
class ExecutorMemoryTest {

	private static final int TILTS = 45;
	private static final long MIB = 1 << 20;

	private static JavaSparkContext sc;

	@TempDir
	Path tmp;

	@BeforeAll
	static void start() {
		sc = SlabTestData.localCluster("ExecutorMemoryTest");
	}

	@AfterAll
	static void stop() {
		if (sc != null)
			sc.stop();
	}

	@ParameterizedTest
	@CsvSource({ "256,WBP,8", "256,SIRT,8", "256,SIRT,64", "512,WBP,8", "512,SIRT,8", "512,SIRT,64" })
	void aVolumeLargerThanAnExecutorsShareCompletesInOneGibExecutors(int n, ConventionalMethod method, int slabs) throws IOException {
		TiltSeries b = ball(n);
		Path tiff = tmp.resolve(n + "-" + method + "-" + slabs + ".tif");
		measure(String.format(Locale.ROOT, "memory %d^3 %s %d slabs, %d tilts", n, method.key(), slabs, TILTS), tiff, n, (engine, nonFinite) -> engine.write(method,
			new VolumeGeometry(n, n, n), b, new ConventionalParameters(2, WbpFilter.SHEPP_LOGAN, 0), null, new double[] { 0.005, 0.995 }, tiff, AtomicFiles.protecting(), nonFinite,
			Monitor.NONE), slabs);
	}

	/**
	 * TV (FISTA with the TV prox; the HAADF guide of a fused run and {@code --method tv}) with the default 10 prox
	 * iterations, so halos of 11 slices below and 12 above, on 64 slabs of 8 slices: a task holds 31 slices of ~15
	 * volumes. 2 iterations and 2 power iterations, since what a task holds does not depend on either count; the
	 * tasks write the slabs as {@code reconstruct --method tv --engine spark} does ({@link SparkEngine#write}).
	 */
	@ParameterizedTest
	@CsvSource({ "512,64" })
	void tvOfAVolumeLargerThanAnExecutorsShareCompletesInOneGibExecutors(int n, int slabs) throws IOException {
		TiltSeries b = ball(n);
		TvOptions options = new TvOptions(0.05, 10, true, 2);
		Path tiff = tmp.resolve(n + "-tv-" + slabs + ".tif");
		VolumeGeometry volume = new VolumeGeometry(n, n, n);
		List<Slab> parts = Slab.split(n, slabs);
		int k = options.proxIterations();
		measure(String.format(Locale.ROOT, "memory %d^3 tv (k = %d) %d slabs, %d tilts, 2 iterations", n, k, slabs, TILTS), tiff, n, (engine, nonFinite) -> {
			SparkTv.Iterated run = SparkTv.iterate(engine, parts, SlabTv.haloBelow(k), SlabTv.haloAbove(k), volume, b, options, null, 2, 1, SlabTv::next, Monitor.NONE);
			try {
				SlabVolumeWriter.write(engine, run.slabs(), parts, run.history(), volume, b.calibration(), null, new double[] { 0.005, 0.995 }, tmp, tiff, AtomicFiles.protecting(),
					nonFinite, "TV volume", Monitor.NONE);
			}
			finally {
				run.release();
			}
		}, slabs);
	}

	/**
	 * Runs {@code write} (which writes {@code tiff}, an n³ volume) on {@code slabs} slabs from reset peaks, checks
	 * that it wrote every voxel finite and that no executor has more than 1 GiB of heap, and prints and appends to
	 * target/executor-memory.txt its time, the driver's and every executor's heap figures.
	 */
	private static void measure(String what, Path tiff, int n, java.util.function.BiConsumer<SparkEngine, LongConsumer> write, int slabs) throws IOException {
		probe(sc, true);
		reset();
		long t0 = System.nanoTime();
		long[] nonFinite = { -1 };
		try (SparkEngine engine = SparkEngine.on(sc, slabs)) {
			write.accept(engine, bad -> nonFinite[0] = bad);
		}
		double seconds = (System.nanoTime() - t0) * 1e-9;
		long driverLive = livePeak(), driverPeak = heapPeak();
		Map<Long, long[]> executors = probe(sc, false);
		assertEquals(0, nonFinite[0]);
		// NB: a TIFF of n³ floats and its header.
		assertTrue(Files.size(tiff) >= 4L * n * n * n, "TIFF of " + Files.size(tiff) + " bytes");
		StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%s: %.0f s; driver live %d, heap peak %d MiB; executors (heap max, live, heap peak MiB):", what, seconds,
			driverLive / MIB, driverPeak / MIB));
		executors.forEach((pid, m) -> {
			assertTrue(m[0] <= 1024 * MIB, "executor " + pid + " has " + m[0] / MIB + " MiB of heap");
			line.append(String.format(Locale.ROOT, " %d, %d, %d;", m[0] / MIB, m[1] / MIB, m[2] / MIB));
		});
		System.out.println(line);
		Files.writeString(Path.of("target", "executor-memory.txt"), line + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
	}

	/**
	 * Projections of a centred ball of radius 3n/8 (chord lengths: the same at every tilt), n x n pixels: made
	 * analytically, as a forward projection of n³ voxels would take longer than the runs measured.
	 */
	private static TiltSeries ball(int n) {
		double[] angles = new double[TILTS];
		for (int a = 0; a < TILTS; a++)
			angles[a] = -66 + 132.0 * a / (TILTS - 1);
		float[] one = new float[n * n];
		double radius = 3 * n / 8.0, c = (n - 1) / 2.0;
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++) {
				double d2 = radius * radius - (x - c) * (x - c) - (y - c) * (y - c);
				one[y * n + x] = d2 > 0 ? (float) (2 * Math.sqrt(d2)) : 0;
			}
		float[] data = new float[n * n * TILTS];
		for (int a = 0; a < TILTS; a++)
			System.arraycopy(one, 0, data, a * n * n, n * n);
		return new TiltSeries(net.imglib2.img.array.ArrayImgs.floats(data, n, n, TILTS), angles, Calibration.PIXEL);
	}

	/** Heap peak of this JVM since the last {@link #reset}: the sum of its heap pools' peaks (garbage included, an upper bound). */
	static long heapPeak() {
		long sum = 0;
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
			if (pool.getType() == MemoryType.HEAP)
				sum += pool.getPeakUsage().getUsed();
		return sum;
	}

	/** This JVM's watch of the heap in use after each collection (the live data), restarted by {@link #reset}. */
	private static LiveHeap live;

	static synchronized void reset() {
		System.gc();
		for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans())
			pool.resetPeakUsage();
		if (live != null)
			live.close();
		live = LiveHeap.watch();
	}

	static synchronized long livePeak() {
		return live == null ? 0 : live.peakBytes();
	}

	/**
	 * Every executor's {heap max, heap peak}, by JVM id, from enough short tasks to reach both; with
	 * {@code reset} their peaks are reset first.
	 */
	static Map<Long, long[]> probe(JavaSparkContext sc, boolean reset) {
		List<long[]> seen = sc.parallelize(List.of(0, 1, 2, 3, 4, 5, 6, 7), 8).map(i -> {
			if (reset)
				reset();
			Thread.sleep(250);
			return new long[] { ProcessHandle.current().pid(), Runtime.getRuntime().maxMemory(), livePeak(), heapPeak() };
		}).collect();
		Map<Long, long[]> byPid = new TreeMap<>();
		for (long[] s : seen)
			byPid.merge(s[0], new long[] { s[1], s[2], s[3] }, (a, b) -> new long[] { Math.max(a[0], b[0]), Math.max(a[1], b[1]), Math.max(a[2], b[2]) });
		return byPid;
	}
}
