package org.fusedtomo.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.fusedtomo.recon.CostHistory;
import org.fusedtomo.recon.Reconstruction;
import org.fusedtomo.recon.ReconstructionEngine;
import org.fusedtomo.recon.TvMethod;
import org.fusedtomo.recon.WbpFilter;
import org.fusedtomo.recon.fused.FusedEngine;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedResult;

/**
 * Runs WBP, SIRT and EM on Spark as slabs of y slices, one task per slab (TV: {@link SparkTv}; fused: {@link SparkFused}). With parallel beams and the tilt
 * axis along y these methods are separable per slice, so each task runs the unchanged single-machine
 * algorithm ({@link ConventionalMethod#run}, or {@link org.fusedtomo.recon.Mlem} from EM's start) on its
 * slab's own projector, and the driver stacks the slabs and sums the cost terms. The one global quantity,
 * EM's start Σb / Σ(A1), is reduced over slabs in a first job.
 * <p>
 * The driver sends each task its slab's rows (serialised with the task). {@link #run} collects the slabs'
 * volumes, so a volume passes through the driver once; {@link #write} (what {@code reconstruct} uses) has the
 * tasks write their slabs and never holds the volume ({@link SlabVolumeWriter}; docs/spark.md for the memory
 * each needs). Progress is reported per finished slab; the monitor's cancel cancels the job.
 */
public final class SparkEngine implements ReconstructionEngine, FusedEngine {

	/** How often the driver polls for progress and cancellation. */
	private static final long POLL_MS = 200;
	/** How long an unreachable {@code spark://} master may take to answer before the run is refused. */
	private static final int CONNECT_TIMEOUT_MS = 5000;

	private final JavaSparkContext sc;
	private final Integer slabs;

	/** Wraps an existing context (e.g. a test's); {@link #close} leaves it open. */
	private final boolean owned;

	private final ShuffleBytes shuffle = new ShuffleBytes();

	private SparkEngine(JavaSparkContext sc, Integer slabs, boolean owned) {
		this.sc = sc;
		this.slabs = slabs;
		this.owned = owned;
		sc.sc().addSparkListener(shuffle);
	}

	/** An engine on an existing context, which {@link #close} does not stop. */
	public static SparkEngine on(JavaSparkContext sc, Integer slabs) {
		return new SparkEngine(sc, slabs, false);
	}

	/**
	 * Starts a context on {@code master} (null: spark-submit's master, or local[*]).
	 *
	 * @throws IllegalArgumentException naming --master when it cannot be parsed or reached
	 */
	public static SparkEngine start(String master, Integer slabs) {
		if (slabs != null && slabs < 1)
			throw new IllegalArgumentException("--slabs must be at least 1, got " + slabs);
		SparkConf conf = new SparkConf().setAppName("fusedtomo");
		if (master != null)
			conf.setMaster(master);
		else if (!conf.contains("spark.master"))
			conf.setMaster("local[*]");
		// NB: fused collects its element volumes (E x 4 w h d bytes, 1.5 GiB at 512³ x 3), past Spark's 1 GiB default;
		// the driver holds them either way. A value given to spark-submit stays.
		conf.setIfMissing("spark.driver.maxResultSize", "0");
		String m = conf.get("spark.master");
		checkReachable(m);
		LocalCluster.configure(conf);
		try {
			return new SparkEngine(new JavaSparkContext(conf), slabs, true);
		}
		catch (Exception e) {
			// NB: Scala throws SparkException (checked) undeclared, e.g. for a master URL it cannot parse.
			throw new IllegalArgumentException("--master " + m + ": Spark cannot start: " + firstLine(e), e);
		}
	}

	/** A standalone master (spark://host:port[,host:port]) must accept a connection within a few seconds. */
	static void checkReachable(String master) {
		if (!master.startsWith("spark://"))
			return;
		IOException last = null;
		for (String hostPort : master.substring("spark://".length()).split(",")) {
			URI u = URI.create("spark://" + hostPort.trim());
			if (u.getHost() == null || u.getPort() < 0)
				throw new IllegalArgumentException("--master " + master + " is not spark://host:port");
			try (Socket s = new Socket()) {
				s.connect(new InetSocketAddress(u.getHost(), u.getPort()), CONNECT_TIMEOUT_MS);
				return;
			}
			catch (IOException e) {
				last = e;
			}
		}
		throw new IllegalArgumentException("--master " + master + " cannot be reached: " + firstLine(last));
	}

	private static String firstLine(Throwable e) {
		String s = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
		int nl = s.indexOf('\n');
		return nl < 0 ? s : s.substring(0, nl);
	}

	public JavaSparkContext context() {
		return sc;
	}

	/** The slabs a series of {@code height} slices is cut into. */
	int slabCount(int height) {
		return slabs != null ? slabs : Math.max(1, Math.min(height, sc.defaultParallelism()));
	}

	@Override
	public Reconstruction run(ConventionalMethod method, VolumeGeometry volume, TiltSeries b, ConventionalParameters parameters, Monitor monitor) {
		requireSlicesOf(volume, b);
		monitor.checkCancelled();
		List<Slab> parts = Slab.split(b.height(), slabCount(b.height()));
		int threads = taskThreads();
		if (method == ConventionalMethod.TV && method.with(parameters) instanceof TvMethod tv)
			return SparkTv.run(this, parts, volume, b, tv.options(), tv.iterations(), threads, monitor);
		List<SlabTask.SlabResult> results = await(slabResults(method, parts, volume, b, parameters, threads, monitor).collectAsync(), method.key() + " slabs", parts.size(), monitor);
		return assemble(volume, b, results);
	}

	/**
	 * WBP, SIRT or EM: the slabs' results, computed by the tasks of the job that uses them (after EM's start,
	 * which is a job of its own).
	 */
	JavaRDD<SlabTask.SlabResult> slabResults(ConventionalMethod method, List<Slab> parts, VolumeGeometry volume, TiltSeries b, ConventionalParameters parameters, int threads,
		Monitor monitor) {
		JavaRDD<SlabTask> rdd = slabTasks(parts, b, volume.depth());
		float emStart = method == ConventionalMethod.EM ? emStart(rdd, threads, parts.size(), monitor) : 0;
		// NB: ConventionalParameters is not Serializable; its fields are.
		int iterations = parameters.iterations();
		WbpFilter filter = parameters.filter();
		double lambdaTv = parameters.lambdaTv();
		Function<SlabTask, SlabTask.SlabResult> job = t -> t.run(method, new ConventionalParameters(iterations, filter, lambdaTv), emStart, new Parallelism(threads));
		return rdd.map(job);
	}

	/**
	 * As {@link #run}, but the tasks write their slabs and the driver assembles the TIFF plane by plane, with
	 * the quantiles, central slices and NRMSE from the slabs ({@link SlabVolumeWriter}); the slab files go to
	 * a hidden folder beside {@code tiff}, which the executors must reach.
	 */
	@Override
	public Written write(ConventionalMethod method, VolumeGeometry volume, TiltSeries b, ConventionalParameters parameters, Volume truth, double[] quantiles, Path tiff,
		AtomicFiles files, LongConsumer nonFinite, Monitor monitor) {
		requireSlicesOf(volume, b);
		monitor.checkCancelled();
		List<Slab> parts = Slab.split(b.height(), slabCount(b.height()));
		int threads = taskThreads();
		Path scratch = tiff.toAbsolutePath().getParent();
		if (method == ConventionalMethod.TV && method.with(parameters) instanceof TvMethod tv) {
			int k = tv.options().proxIterations();
			SparkTv.Iterated run = SparkTv.iterate(this, parts, SlabTv.haloBelow(k), SlabTv.haloAbove(k), volume, b, tv.options(), null, tv.iterations(), threads, SlabTv::next,
				monitor);
			try {
				return SlabVolumeWriter.write(this, run.slabs(), parts, run.history(), volume, b.calibration(), truth, quantiles, scratch, tiff, files, nonFinite, "TV volume",
					monitor.cancelOnly());
			}
			finally {
				run.release();
			}
		}
		return SlabVolumeWriter.write(this, slabResults(method, parts, volume, b, parameters, threads, monitor), parts, null, volume, b.calibration(), truth, quantiles, scratch,
			tiff, files, nonFinite, method.key() + " slabs", monitor);
	}

	@Override
	public FusedResult fuse(MultiModalSeries series, VolumeGeometry volume, FusedParameters parameters, Monitor monitor) {
		requireSlicesOf(volume, series.haadf());
		int height = series.haadf().height();
		return SparkFused.run(this, Slab.split(height, slabCount(height)), series, volume, parameters, taskThreads(), monitor);
	}

	/** Slab runs need the volume's width and height equal to the projections'. */
	static void requireSlicesOf(VolumeGeometry volume, TiltSeries b) {
		if (volume.width() != b.width() || volume.height() != b.height())
			throw new IllegalArgumentException("--engine spark needs the volume's width and height equal to the projections' (" + b.width() + " x " + b.height() + "), got " + volume);
	}

	/** The threads each task runs with: {@code spark.task.cpus}. */
	int taskThreads() {
		return Integer.parseInt(sc.getConf().get("spark.task.cpus", "1"));
	}

	/** One task per slab of {@code parts}, each in a partition of its own. */
	JavaRDD<SlabTask> slabTasks(List<Slab> parts, TiltSeries b, int depth) {
		List<SlabTask> tasks = new ArrayList<>(parts.size());
		for (Slab s : parts)
			tasks.add(SlabTask.of(s, b, depth));
		return sc.parallelize(tasks, tasks.size());
	}

	/** EM's start for the whole series, Σb / Σ(A1) summed over the slabs by a first small job. */
	float emStart(JavaRDD<SlabTask> rdd, int threads, int slabCount, Monitor monitor) {
		double total = 0, rays = 0;
		for (double[] s : await(rdd.map(t -> t.countsAndRaySums(new Parallelism(threads))).collectAsync(), "EM start", slabCount, monitor)) {
			total += s[0];
			rays += s[1];
		}
		return (float) (total > 0 && rays > 0 ? total / rays : 0);
	}

	/** Stacks the slabs into one volume and sums each cost term over the slabs, iteration by iteration. */
	static Reconstruction assemble(VolumeGeometry volume, TiltSeries b, List<SlabTask.SlabResult> results) {
		Volume x = new Volume(volume, b.calibration());
		for (SlabTask.SlabResult r : results)
			SlabRows.put(r.voxels(), x.data(), volume.width(), volume.height(), r.slab().from());
		return new Reconstruction(x, sumHistories(results.stream().map(SlabTask.SlabResult::history).toList()));
	}

	/** Each cost term summed over the slabs' histories (in their order), iteration by iteration. */
	static CostHistory sumHistories(List<Map<String, double[]>> histories) {
		Map<String, double[]> sums = new LinkedHashMap<>();
		for (Map<String, double[]> h : histories)
			h.forEach((term, values) -> {
				double[] s = sums.computeIfAbsent(term, k -> new double[values.length]);
				for (int i = 0; i < values.length; i++)
					s[i] += values[i];
			});
		CostHistory history = new CostHistory();
		sums.forEach((term, values) -> {
			for (double v : values)
				history.add(term, v);
		});
		return history;
	}

	/** Waits for a job, reporting finished tasks and cancelling the job when the monitor cancels. */
	<T> List<T> await(JavaFutureAction<List<T>> future, String stage, int total, Monitor monitor) {
		try {
			while (true) {
				if (monitor.isCancelled()) {
					future.cancel(true);
					throw new CancellationException("Cancelled by the user");
				}
				try {
					List<T> done = future.get(POLL_MS, TimeUnit.MILLISECONDS);
					// NB: the polls report only while the job runs; without this the line stayed at its last poll ("0% (0/8)") before "Wrote".
					monitor.progress(stage, total, total);
					return done;
				}
				catch (TimeoutException e) {
					monitor.progress(stage, finishedTasks(future), total);
				}
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			future.cancel(true);
			throw new CancellationException("Interrupted");
		}
		catch (ExecutionException e) {
			Throwable c = e.getCause() == null ? e : e.getCause();
			throw new IllegalStateException("Spark job '" + stage + "' failed: " + firstLine(c), c);
		}
	}

	private long finishedTasks(JavaFutureAction<?> future) {
		long done = 0;
		for (int id : future.jobIds()) {
			// NB: null while the job registers and after the tracker forgets it.
			var job = sc.statusTracker().getJobInfo(id);
			if (job == null)
				continue;
			for (int stageId : job.stageIds()) {
				var info = sc.statusTracker().getStageInfo(stageId);
				if (info != null)
					done += info.numCompletedTasks();
			}
		}
		return done;
	}

	/**
	 * Spark's shuffle bytes written (serialised and lz4-compressed, as they cross the network) by the stages that
	 * completed in {@code (fromMillis, toMillis]}: the halos, and in WBP, SIRT and EM nothing. Waits up to 5 s for
	 * Spark's listener bus to deliver those stages (it runs behind the jobs).
	 */
	@Override
	public long bytesExchanged(long fromMillis, long toMillis) {
		return shuffle.bytes(fromMillis, toMillis, 5000);
	}

	@Override
	public void close() {
		sc.sc().removeSparkListener(shuffle);
		if (owned)
			sc.stop();
	}

	/** Every completed stage's end time and shuffle bytes written, as Spark's listener bus reports them. */
	private static final class ShuffleBytes extends SparkListener {

		private final List<long[]> stages = new ArrayList<>();

		@Override
		public synchronized void onStageCompleted(SparkListenerStageCompleted completed) {
			StageInfo info = completed.stageInfo();
			if (info.completionTime().isDefined() && info.taskMetrics() != null)
				stages.add(new long[] { (Long) info.completionTime().get(), info.taskMetrics().shuffleWriteMetrics().bytesWritten() });
			notifyAll();
		}

		/** The bytes of the stages that ended in {@code (from, to]}, once one that ended after {@code to} was seen, or after {@code waitMillis}. */
		synchronized long bytes(long from, long to, long waitMillis) {
			long deadline = System.currentTimeMillis() + waitMillis;
			try {
				while (stages.stream().noneMatch(s -> s[0] > to) && System.currentTimeMillis() < deadline)
					wait(Math.max(1, deadline - System.currentTimeMillis()));
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			return stages.stream().filter(s -> s[0] > from && s[0] <= to).mapToLong(s -> s[1]).sum();
		}
	}
}
