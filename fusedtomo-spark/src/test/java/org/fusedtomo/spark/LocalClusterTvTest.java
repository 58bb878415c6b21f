package org.fusedtomo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.Reconstruction;
import org.fusedtomo.recon.TvOptions;
import org.fusedtomo.recon.TvReconstruction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TV over slabs on {@code local-cluster[2,1,1024]}: the slab states, their halos (shuffled between two executor
 * JVMs) and the power method's parts cross serialisation and a process boundary; the volume must still equal
 * the single-machine one, as on {@code local[2]} ({@link SparkTvTest}), also when TV tasks fail and Spark retries
 * them. 7 iterations pass one lineage cut.
 */
class LocalClusterTvTest {

	private static final int N = 14, SLICES = 12, ITERATIONS = 7, SLABS = 5;
	private static final TvOptions OPTIONS = new TvOptions(2.0, 2, true, 6);

	private static JavaSparkContext sc;
	private static VolumeGeometry volume;
	private static TiltSeries b;
	private static Reconstruction single;

	@BeforeAll
	static void start() {
		volume = new VolumeGeometry(N, SLICES, N);
		double[] angles = { -60, -30, 0, 30, 60, 75 };
		Volume truth = Volume.zeros(volume);
		Random random = new Random(11);
		for (int i = 0; i < truth.data().length; i++)
			truth.data()[i] = random.nextFloat() * 3 + (i / N % 3 == 0 ? 2 : 0);
		b = Projectors.create(volume, new TiltGeometry(N, SLICES, angles), Parallelism.SERIAL).forward(truth);
		single = new TvReconstruction(Projectors.create(volume, b.geometry(), Parallelism.SERIAL), OPTIONS, Parallelism.SERIAL).run(b, null, ITERATIONS, Monitor.NONE);
		sc = SlabTestData.localCluster("LocalClusterTvTest");
	}

	@AfterAll
	static void stop() {
		if (sc != null)
			sc.stop();
	}

	@Test
	void tvOnFiveSlabsInSeparateExecutorsEqualsTheSingleMachineRun() {
		try (SparkEngine engine = SparkEngine.on(sc, SLABS)) {
			assertEqualsSingleMachine(SparkTv.run(engine, Slab.split(SLICES, SLABS), volume, b, OPTIONS, ITERATIONS, 1, Monitor.NONE));
		}
	}

	/**
	 * Slab 1's step fails on the first attempt of every iteration's task (in an executor JVM); Spark runs it
	 * again (local-cluster allows 4 attempts) from the cached state it started from, which the step does not
	 * change ({@link SlabTvStateTest}), and TV seeds its power method alike on every run: the volume and the
	 * history are still the single-machine run's.
	 */
	@Test
	void tvTasksFailingOnTheirFirstAttemptAreRetriedAndGiveTheSameVolume() {
		SparkTv.SlabStep failing = (state, halos) -> {
			if (state.extent().slab().index() == 1 && TaskContext.get().attemptNumber() == 0)
				throw new IllegalStateException("simulated failure of TV slab 1, attempt 0");
			return state.next(halos);
		};
		int k = OPTIONS.proxIterations();
		long failedBefore = SlabTestData.failedTasks(sc);
		try (SparkEngine engine = SparkEngine.on(sc, SLABS)) {
			assertEqualsSingleMachine(SparkTv.collect(engine, SparkTv.iterate(engine, Slab.split(SLICES, SLABS), SlabTv.haloBelow(k), SlabTv.haloAbove(k), volume, b, OPTIONS, null,
				ITERATIONS, 1, failing, Monitor.NONE), volume, b, Monitor.NONE));
		}
		// NB: one failed attempt per iteration, so the retries did happen.
		assertEquals(ITERATIONS, SlabTestData.failedTasks(sc) - failedBefore);
	}

	private static void assertEqualsSingleMachine(Reconstruction spark) {
		float max = 0;
		for (float v : single.volume().data())
			max = Math.max(max, v);
		assertTrue(max > 0);
		// NB: the tolerance of SparkTvTest (measured there: 0).
		assertArrayEquals(single.volume().data(), spark.volume().data(), 1e-6f * max);
		for (String term : single.history().terms())
			assertArrayEquals(single.history().values(term), spark.history().values(term), 1e-9 * Math.abs(single.history().values(term)[0]), term);
	}
}
