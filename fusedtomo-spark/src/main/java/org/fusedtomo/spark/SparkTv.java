package org.fusedtomo.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.OperatorNorm;
import org.fusedtomo.recon.CostHistory;
import org.fusedtomo.recon.Reconstruction;
import org.fusedtomo.recon.TvOptions;
import org.fusedtomo.recon.TvReconstruction;

import scala.Tuple2;

/**
 * TV reconstruction ({@link TvReconstruction}) on Spark over slabs of y slices: the power method with its
 * sums reduced over slabs per iteration ({@link PowerSlab}), then one Spark job per FISTA iteration in which
 * every slab receives its halo slices from the slabs that own them (a shuffle of {@link SlabTv.SlabHalo}s,
 * not periodic at the ends) and steps ({@link SlabTv}); the driver sums the cost shares and reports progress
 * per iteration. Voxels never pass through the driver but at the start (the series' rows) and the end (the
 * slabs' own slices).
 */
final class SparkTv {

	/**
	 * Every this many iterations the new state's lineage is cut ({@code localCheckpoint}): each iteration's
	 * state derives from the last one through narrow dependencies, so without the cut every job would plan and
	 * ship the whole chain back to the first. A lost executor then fails the job instead of recomputing it.
	 */
	static final int LINEAGE_CUT = 5;

	/**
	 * How the slab states are cached between jobs: on local disk, serialised, so that an executor's heap holds only
	 * the states of the tasks it runs (a 512³ TV state on 64 slabs is ~3.4 GiB). MEMORY_ONLY kept every state
	 * deserialised on the heap; MEMORY_AND_DISK_SER keeps serialised states in Spark's storage pool, which does not
	 * know the tasks' own arrays (docs/spark.md, Memory, for the measurement). The fused states too ({@link SparkFused}):
	 * 512³ x 3 elements hold ~12 GiB of state, and each task reading its own copy lets a stage write into the arrays it
	 * got ({@link SlabFused}).
	 */
	static final StorageLevel STATE_STORAGE = StorageLevel.DISK_ONLY();

	private SparkTv() {}

	/**
	 * ‖A‖² by {@link OperatorNorm#squared}'s iterations, each one job over the slabs. Each slab draws its part of the
	 * seeded start itself ({@link OperatorNorm#start} of its slices), so the driver never holds a volume.
	 */
	static double normSquared(SparkEngine engine, List<Slab> parts, VolumeGeometry whole, double[] anglesDeg, int iterations, long seed, int threads, Monitor monitor) {
		JavaSparkContext sc = engine.context();
		// NB: VolumeGeometry is not Serializable; its sizes are.
		int w = whole.width(), h = whole.height(), d = whole.depth();
		JavaRDD<PowerSlab> power = sc.parallelize(parts, parts.size())
			.map(s -> PowerSlab.start(s, w, d, anglesDeg, OperatorNorm.start(new VolumeGeometry(w, h, d), s.from(), s.to(), seed))).persist(STATE_STORAGE);
		double xx = 0;
		for (double[] s : sums(engine, power, "power method", monitor))
			xx += s[1];
		double estimate = 0;
		try {
			for (int k = 0; k < iterations; k++) {
				if (xx == 0)
					return 0;
				double factor = 1 / Math.sqrt(xx);
				JavaRDD<PowerSlab> next = power.map(p -> p.next(factor, new Parallelism(threads))).persist(STATE_STORAGE);
				if ((k + 1) % LINEAGE_CUT == 0)
					next.rdd().localCheckpoint();
				estimate = 0;
				xx = 0;
				for (double[] s : sums(engine, next, "power method", monitor)) {
					estimate += s[2];
					xx += s[1];
				}
				cutLineage(next.rdd(), k);
				power.unpersist(false);
				power = next;
			}
			return estimate;
		}
		finally {
			power.unpersist(false);
		}
	}

	/** Every slab's {index, ‖x‖², ‖Ax‖²} of {@code power}, in slab order (sums over slabs then add in a fixed order). */
	private static List<double[]> sums(SparkEngine engine, JavaRDD<PowerSlab> power, String stage, Monitor monitor) {
		List<double[]> sums = new ArrayList<>(engine.await(power.map(p -> new double[] { p.slab().index(), p.sumOfSquares(), p.estimate() }).collectAsync(), stage,
			power.getNumPartitions(), monitor.cancelOnly()));
		sums.sort(Comparator.comparingDouble(s -> s[0]));
		return sums;
	}

	/**
	 * After iteration {@code k}'s job: every {@link #LINEAGE_CUT} iterations, cuts the lineage of {@code rdd}
	 * (marked by {@code localCheckpoint} before that job) with one synchronous job over its cached partitions;
	 * NB: asynchronous jobs (which the driver polls for progress and cancel) do not checkpoint.
	 */
	private static void cutLineage(org.apache.spark.rdd.RDD<?> rdd, int k) {
		if ((k + 1) % LINEAGE_CUT == 0)
			rdd.count();
	}

	/** {@code iterations} of TV with {@code options} on {@code b} from zero, over {@code parts}. */
	static Reconstruction run(SparkEngine engine, List<Slab> parts, VolumeGeometry volume, TiltSeries b, TvOptions options, int iterations, int threads, Monitor monitor) {
		monitor.checkCancelled();
		return run(engine, parts, volume, b, options, null, lipschitz(engine, parts, volume, b, options, threads, monitor), iterations, threads, monitor);
	}

	/**
	 * From {@code initialOrNull} (null: zero) with a given Lipschitz constant ({@link TvReconstruction#lipschitz}):
	 * passes on one operator share it.
	 */
	static Reconstruction run(SparkEngine engine, List<Slab> parts, VolumeGeometry volume, TiltSeries b, TvOptions options, Volume initialOrNull, double lipschitz,
		int iterations, int threads, Monitor monitor) {
		int k = options.proxIterations();
		return collect(engine, iterate(engine, parts, SlabTv.haloBelow(k), SlabTv.haloAbove(k), volume, b, options, initialOrNull, lipschitz, iterations, threads,
			SlabTv::next, monitor), volume, b, monitor);
	}

	/**
	 * {@code sweeps} sweeps of TV on {@code subsets} ordered subsets of the angles
	 * ({@link TvReconstruction#withOrderedSubsets}) on {@code b} from zero: one job per subset step, no cost history
	 * (as the single machine's {@link TvReconstruction#volume}); 1 subset is {@link #run}.
	 */
	static Reconstruction runSubsets(SparkEngine engine, List<Slab> parts, VolumeGeometry volume, TiltSeries b, TvOptions options, int subsets, int sweeps, int threads,
		Monitor monitor) {
		monitor.checkCancelled();
		int k = options.proxIterations();
		double lipschitz = lipschitz(engine, parts, volume, b, options, threads, monitor);
		return collect(engine, iterate(engine, parts, SlabTv.haloBelow(k), SlabTv.haloAbove(k), volume, b, options, null, lipschitz, subsets, sweeps, threads, SlabTv::next,
			monitor), volume, b, monitor);
	}

	/** TV's Lipschitz constant 1/‖A‖² over {@code parts}, by the power method of {@code options} (as {@link TvReconstruction} seeds it). */
	static double lipschitz(SparkEngine engine, List<Slab> parts, VolumeGeometry volume, TiltSeries b, TvOptions options, int threads, Monitor monitor) {
		return TvReconstruction.lipschitz(normSquared(engine, parts, volume, b.anglesDeg(), options.powerIterations(), TvReconstruction.powerSeed(), threads, monitor));
	}

	/** With halos of {@code below} and {@code above} slices: tests show that narrower ones are not exact. */
	static Reconstruction run(SparkEngine engine, List<Slab> parts, int below, int above, VolumeGeometry volume, TiltSeries b, TvOptions options, int iterations, int threads,
		Monitor monitor) {
		return collect(engine, iterate(engine, parts, below, above, volume, b, options, null, iterations, threads, SlabTv::next, monitor), volume, b, monitor);
	}

	/** The volume of {@code run}'s slabs, collected and stacked in the driver; releases the run's states. */
	static Reconstruction collect(SparkEngine engine, Iterated run, VolumeGeometry volume, TiltSeries b, Monitor monitor) {
		try {
			List<SlabTask.SlabResult> slabs = engine.await(run.slabs().collectAsync(), "TV volume", run.parts().size(), monitor.cancelOnly());
			return new Reconstruction(SparkEngine.assemble(volume, b, slabs).volume(), run.history());
		}
		finally {
			run.release();
		}
	}

	/** One slab's FISTA iteration: {@link SlabTv#next}, or in tests a step that fails on purpose. */
	interface SlabStep extends Serializable {
		SlabTv next(SlabTv state, Iterable<SlabTv.SlabHalo> halos);
	}

	/**
	 * The iterations' result: the slabs' final states, cached until {@link #release}, and the cost history
	 * summed over slabs.
	 */
	record Iterated(List<Slab> parts, JavaPairRDD<Integer, SlabTv> states, CostHistory history) {

		/** The slabs' own slices of the final iterate, computed from the cached states (no history: the driver's is {@link #history}). */
		JavaRDD<SlabTask.SlabResult> slabs() {
			List<Slab> p = parts;
			return states.map(s -> new SlabTask.SlabResult(p.get(s._1()), s._2().x(), Map.of()));
		}

		void release() {
			states.unpersist(false);
		}
	}

	/**
	 * The iterations of TV over {@code parts} with halos of {@code below} and {@code above} slices, each
	 * slab stepped by {@code step}; the caller releases the result.
	 */
	static Iterated iterate(SparkEngine engine, List<Slab> parts, int below, int above, VolumeGeometry volume, TiltSeries b, TvOptions options, Volume initialOrNull,
		int iterations, int threads, SlabStep step, Monitor monitor) {
		monitor.checkCancelled();
		return iterate(engine, parts, below, above, volume, b, options, initialOrNull, lipschitz(engine, parts, volume, b, options, threads, monitor), iterations, threads,
			step, monitor);
	}

	/** {@link #iterate} with the Lipschitz constant given. */
	private static Iterated iterate(SparkEngine engine, List<Slab> parts, int below, int above, VolumeGeometry volume, TiltSeries b, TvOptions options,
		Volume initialOrNull, double lipschitz, int iterations, int threads, SlabStep step, Monitor monitor) {
		return iterate(engine, parts, below, above, volume, b, options, initialOrNull, lipschitz, 1, iterations, threads, step, monitor);
	}

	/**
	 * {@link #iterate} on {@code subsets} ordered subsets of the angles: {@code iterations} sweeps of {@code subsets}
	 * jobs, one per step; with more than 1 subset no cost history (the steps form no Ax).
	 */
	private static Iterated iterate(SparkEngine engine, List<Slab> parts, int below, int above, VolumeGeometry volume, TiltSeries b, TvOptions options,
		Volume initialOrNull, double lipschitz, int subsets, int iterations, int threads, SlabStep step, Monitor monitor) {
		int k = options.proxIterations(), jobs = subsets * iterations;
		List<SlabExtent> extents = SlabExtent.of(parts, volume.height(), below, above);
		SlabTv.Problem problem = new SlabTv.Problem(volume.width(), volume.height(), volume.depth(), b.anglesDeg(), options.lambda(), k, options.warmStartProx(),
			options.poissonFloor(), lipschitz, threads, subsets);
		List<Tuple2<Integer, SlabTv>> starts = new ArrayList<>();
		for (SlabExtent e : extents)
			starts.add(new Tuple2<>(e.slab().index(), SlabTv.start(e, problem, b, initialOrNull)));
		HashPartitioner bySlab = new HashPartitioner(parts.size());
		JavaSparkContext sc = engine.context();
		JavaPairRDD<Integer, SlabTv> states = sc.parallelizePairs(starts, parts.size()).partitionBy(bySlab).persist(STATE_STORAGE);
		CostHistory history = new CostHistory();
		boolean done = false;
		try {
			for (int it = 0; it < jobs; it++) {
				monitor.checkCancelled();
				JavaPairRDD<Integer, SlabTv.SlabHalo> halos = states.flatMapToPair(s -> s._2().halosFor(extents).stream().map(h -> new Tuple2<>(h.target(), h)).iterator());
				// NB: states is partitioned by slab, so the cogroup moves only the halos.
				JavaPairRDD<Integer, SlabTv> next = states.cogroup(halos, bySlab).mapValues(g -> step.next(g._1().iterator().next(), g._2())).persist(STATE_STORAGE);
				if ((it + 1) % LINEAGE_CUT == 0)
					next.rdd().localCheckpoint();
				List<Tuple2<Integer, double[]>> costs = new ArrayList<>(engine.await(next.mapValues(SlabTv::costs).collectAsync(), "TV iteration", parts.size(), monitor.cancelOnly()));
				costs.sort(Comparator.comparingInt(Tuple2::_1));
				double data = 0, tv = 0;
				for (Tuple2<Integer, double[]> c : costs) {
					data += c._2()[0];
					tv += c._2()[1];
				}
				if (subsets == 1) {
					history.add("data", data);
					history.add("tv", tv);
					history.add("total", data + options.lambda() * tv);
				}
				cutLineage(next.rdd(), it);
				states.unpersist(false);
				states = next;
				monitor.progress(subsets == 1 ? "TV (FISTA) on " + parts.size() + " slabs" : "TV (FISTA, " + subsets + " ordered subsets) on " + parts.size() + " slabs", it + 1,
					jobs);
			}
			done = true;
			return new Iterated(parts, states, history);
		}
		finally {
			if (!done)
				states.unpersist(false);
		}
	}
}
