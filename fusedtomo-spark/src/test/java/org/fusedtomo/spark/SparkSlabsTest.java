package org.fusedtomo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

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
 * WBP, SIRT and EM on local[2] Spark with 1, 2 and 5 slabs (9 slices: 5 slabs are 1, 2, 2, 2, 2 slices)
 * against the single-machine run of the same method on the whole series: the volumes and the cost
 * histories must agree.
 */
class SparkSlabsTest {

	/** Width (and depth), slices along the tilt axis, tilts. */
	private static final int N = 24, SLICES = 9, TILTS = 15;

	private static JavaSparkContext sc;
	private static TiltSeries b;
	private static VolumeGeometry volume;

	@BeforeAll
	static void start() {
		sc = SlabTestData.context("local[2]", "SparkSlabsTest");
		volume = new VolumeGeometry(N, SLICES, N);
		// NB: 9 slices, so 5 slabs are 1, 2, 2, 2, 2 slices.
		b = SlabTestData.projectedRandomVolume(volume, TILTS, 70, 4, 21);
	}

	@AfterAll
	static void stop() {
		sc.stop();
	}

	@ParameterizedTest
	@CsvSource({ "WBP,1", "WBP,2", "WBP,5", "SIRT,1", "SIRT,2", "SIRT,5", "EM,1", "EM,2", "EM,5" })
	void eachMethodEqualsTheSingleMachineRun(ConventionalMethod method, int slabs) {
		ConventionalParameters params = new ConventionalParameters(8, WbpFilter.SHEPP_LOGAN, 0);
		Reconstruction single = method.run(Projectors.create(volume, b.geometry(), Parallelism.SERIAL), b, params, Parallelism.SERIAL, Monitor.NONE);
		Reconstruction spark;
		try (SparkEngine engine = SparkEngine.on(sc, slabs)) {
			spark = engine.run(method, volume, b, params, Monitor.NONE);
		}
		SlabTestData.assertEqualsSingleMachine(method, slabs, single, spark);
	}

	@Test
	void slabsCoverTheSlicesOnceWithOneSliceSlabsAllowed() {
		List<Slab> slabs = Slab.split(SLICES, 5);
		assertEquals(List.of(new Slab(0, 0, 1), new Slab(1, 1, 3), new Slab(2, 3, 5), new Slab(3, 5, 7), new Slab(4, 7, 9)), slabs);
		assertEquals(SLICES, Slab.split(SLICES, SLICES).size());
		IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> Slab.split(SLICES, 0));
		assertTrue(zero.getMessage().contains("--slabs"), zero.getMessage());
		IllegalArgumentException many = assertThrows(IllegalArgumentException.class, () -> Slab.split(SLICES, SLICES + 1));
		assertTrue(many.getMessage().contains("more than the 9 y slices"), many.getMessage());
	}

	/** A slab task that dies on its first attempt is run again by Spark and gives the same slab: tasks are pure. */
	@Test
	void aFailedTaskRetriedGivesTheSameSlabs() {
		// NB: local[N, F] retries a task up to F - 1 times; the test's own context does not retry.
		JavaSparkContext retrying = null;
		sc.stop();
		try {
			retrying = SlabTestData.context("local[2,2]", "retry");
			ConventionalParameters params = new ConventionalParameters(5, WbpFilter.SHEPP_LOGAN, 0);
			List<SlabTask> tasks = Slab.split(SLICES, 3).stream().map(s -> SlabTask.of(s, b, N)).toList();
			List<SlabTask.SlabResult> once = tasks.stream().map(t -> t.run(ConventionalMethod.SIRT, params, 0, Parallelism.SERIAL)).toList();
			List<SlabTask.SlabResult> retried = retrying.parallelize(tasks, tasks.size()).map(t -> {
				if (t.slab().index() == 1 && org.apache.spark.TaskContext.get().attemptNumber() == 0)
					throw new IllegalStateException("simulated executor failure");
				return t.run(ConventionalMethod.SIRT, new ConventionalParameters(5, WbpFilter.SHEPP_LOGAN, 0), 0, Parallelism.SERIAL);
			}).collect();
			for (int i = 0; i < tasks.size(); i++)
				assertArrayEquals(once.get(i).voxels(), retried.get(i).voxels());
		}
		finally {
			if (retrying != null)
				retrying.stop();
			sc = SlabTestData.context("local[2]", "SparkSlabsTest");
		}
	}

	/**
	 * A monitor that cancels while the slabs run stops the job (its tasks see the kill at their next
	 * iteration); the context serves the next job.
	 */
	@Test
	void cancelStopsTheJobAndTheContextStaysUsable() {
		java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
		Monitor cancelling = new Monitor() {
			@Override
			public void progress(String stage, long done, long total) {}

			@Override
			public boolean isCancelled() {
				// NB: the first check is before the job starts; cancel at the driver's first poll of a running job.
				return polls.incrementAndGet() > 1;
			}
		};
		try (SparkEngine engine = SparkEngine.on(sc, 3)) {
			assertThrows(java.util.concurrent.CancellationException.class,
				() -> engine.run(ConventionalMethod.SIRT, volume, b, new ConventionalParameters(2000, WbpFilter.SHEPP_LOGAN, 0), cancelling));
			assertEquals(SLICES, engine.run(ConventionalMethod.WBP, volume, b, ConventionalParameters.DEFAULT, Monitor.NONE).volume().height());
		}
	}

	@Test
	void unreachableStandaloneMasterIsRefusedAtOnce() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkEngine.checkReachable("spark://127.0.0.1:1"));
		assertTrue(e.getMessage().startsWith("--master spark://127.0.0.1:1 cannot be reached"), e.getMessage());
	}
}
