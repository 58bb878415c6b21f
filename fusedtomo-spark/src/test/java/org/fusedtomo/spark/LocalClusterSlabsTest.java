package org.fusedtomo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.fusedtomo.recon.Reconstruction;
import org.fusedtomo.recon.WbpFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The slab engine on {@code local-cluster[2,1,1024]}: two executors in JVMs of their own, started without a
 * Spark distribution ({@link LocalCluster}), so every task, its slab rows and its result cross
 * serialisation and a process boundary. Results must equal the single-machine run as on {@code local[2]}.
 */
class LocalClusterSlabsTest {

	/** Width (and depth), slices along the tilt axis, tilts. */
	private static final int N = 20, SLICES = 9, TILTS = 13;

	private static JavaSparkContext sc;
	private static TiltSeries b;
	private static VolumeGeometry volume;

	@BeforeAll
	static void start() {
		sc = SlabTestData.localCluster("LocalClusterSlabsTest");
		volume = new VolumeGeometry(N, SLICES, N);
		b = SlabTestData.projectedRandomVolume(volume, TILTS, 65, 3, 7);
	}

	@AfterAll
	static void stop() {
		if (sc != null)
			sc.stop();
	}

	@ParameterizedTest
	@CsvSource({ "WBP,1", "WBP,2", "WBP,5", "SIRT,1", "SIRT,2", "SIRT,5", "EM,1", "EM,2", "EM,5" })
	void eachMethodEqualsTheSingleMachineRun(ConventionalMethod method, int slabs) {
		ConventionalParameters params = new ConventionalParameters(6, WbpFilter.SHEPP_LOGAN, 0);
		Reconstruction single = method.run(Projectors.create(volume, b.geometry(), Parallelism.SERIAL), b, params, Parallelism.SERIAL, Monitor.NONE);
		Reconstruction spark;
		try (SparkEngine engine = SparkEngine.on(sc, slabs)) {
			spark = engine.run(method, volume, b, params, Monitor.NONE);
		}
		// NB: the same tolerance as on local[2] (SparkSlabsTest).
		SlabTestData.assertEqualsSingleMachine(method, slabs, single, spark);
	}

	/** Tasks run in the executors' JVMs, never in the driver's: the JVM ids the tasks report are not the driver's. */
	@Test
	void tasksRunOutsideTheDriverJvm() {
		long driver = ProcessHandle.current().pid();
		List<Long> pids = sc.parallelize(List.of(0, 1, 2, 3, 4, 5), 6).map(i -> {
			// NB: long enough that both executors take tasks.
			Thread.sleep(300);
			return ProcessHandle.current().pid();
		}).collect();
		Set<Long> distinct = new TreeSet<>(pids);
		assertFalse(distinct.contains(driver), "a task ran in the driver JVM " + driver + ": " + pids);
		assertTrue(distinct.size() <= 2, "more JVMs than executors: " + distinct);
		assertEquals(3, sc.sc().statusTracker().getExecutorInfos().length, "the driver and two executors");
	}

	/**
	 * A slab task that fails on its first attempt in an executor is retried by Spark (local-cluster allows 4
	 * attempts), and the assembled volume is bit-identical to the single-machine SIRT: tasks are pure and
	 * seed nothing at random.
	 */
	@Test
	void aTaskFailingOnItsFirstAttemptIsRetriedAndGivesTheSameVolume() {
		ConventionalParameters params = new ConventionalParameters(5, WbpFilter.SHEPP_LOGAN, 0);
		Reconstruction single = ConventionalMethod.SIRT.run(Projectors.create(volume, b.geometry(), Parallelism.SERIAL), b, params, Parallelism.SERIAL, Monitor.NONE);
		List<SlabTask> tasks = Slab.split(SLICES, 3).stream().map(s -> SlabTask.of(s, b, N)).toList();
		// NB: without a retry the exception ends the job and collect throws.
		List<SlabTask.SlabResult> results = sc.parallelize(tasks, tasks.size()).map(t -> {
			if (t.slab().index() == 1 && TaskContext.get().attemptNumber() == 0)
				throw new IllegalStateException("simulated failure of slab 1, attempt 0");
			return t.run(ConventionalMethod.SIRT, new ConventionalParameters(5, WbpFilter.SHEPP_LOGAN, 0), 0, Parallelism.SERIAL);
		}).collect();
		Reconstruction retried = SparkEngine.assemble(volume, b, results);
		assertArrayEquals(single.volume().data(), retried.volume().data());
	}
}
