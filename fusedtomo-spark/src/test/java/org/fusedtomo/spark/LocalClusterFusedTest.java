package org.fusedtomo.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.api.java.JavaSparkContext;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedReconstruction;
import org.fusedtomo.recon.fused.FusedResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fused reconstruction over slabs on {@code local-cluster[2,1,1024]}: the slab states with their data rows,
 * the halos of every solver array (shuffled between two executor JVMs), the EM start's and the power method's
 * parts cross serialisation and a process boundary; the volumes must still equal the single-machine ones, as on
 * {@code local[2]} ({@link SparkFusedTest}), with the proximal and the reference solver, also when tasks fail and
 * Spark retries them. Isotropic TV: the guide's 100 TV jobs took 4 of this test's 4.5 minutes on 2 loaded cores
 * (the guided slabs run on local[2]); the solver's jobs pass a lineage cut. The context's serializer is
 * {@link HaloReadFailures}, Spark's Java serializer with a fault that only the retry test arms.
 */
class LocalClusterFusedTest {

	private static final VolumeGeometry VOLUME = new VolumeGeometry(16, 9, 16);

	private static JavaSparkContext sc;
	private static MultiModalSeries series;

	@BeforeAll
	static void start() {
		sc = new JavaSparkContext(HaloReadFailures.installIn(SlabTestData.localClusterConf("LocalClusterFusedTest")));
		series = SparkFusedTest.coreShell(VOLUME);
	}

	@AfterAll
	static void stop() {
		if (sc != null)
			sc.stop();
	}

	@Test
	void fusedOnFiveSlabsInSeparateExecutorsEqualsTheSingleMachineRun() {
		FusedParameters p = SparkFusedTest.PARAMETERS.withTvGuide(0);
		FusedResult single = FusedReconstruction.run(series, VOLUME, p, Monitor.NONE);
		try (SparkEngine engine = SparkEngine.on(sc, 5)) {
			SparkFusedTest.assertEqualsSingleMachine(single, engine.fuse(series, VOLUME, p, Monitor.NONE), "local-cluster, 5 slabs");
		}
	}

	/** The reference solver (its λ_C rule acts in this run, {@link SparkFusedTest}) on 5 slabs in two executor JVMs: the single machine's volumes (measured difference 0). */
	@Test
	void referenceSolverOnFiveSlabsInSeparateExecutorsEqualsTheSingleMachineRun() {
		FusedResult single = FusedReconstruction.run(series, VOLUME, SparkFusedTest.REFERENCE, Monitor.NONE);
		try (SparkEngine engine = SparkEngine.on(sc, 5)) {
			SparkFusedTest.assertEqualsSingleMachine(single, engine.fuse(series, VOLUME, SparkFusedTest.REFERENCE, Monitor.NONE), "reference solver, local-cluster, 5 slabs");
		}
	}

	/**
	 * The reference solver with slab 1's task failing on its first attempt of every iteration (while it reads its
	 * halos; {@link HaloReadFailures}): Spark runs each again (local-cluster allows 4 attempts) from the cached
	 * iterate, which a step does not change (it copies its state), so the volumes and the history are still the
	 * single-machine run's (measured difference 0).
	 */
	@Test
	void referenceSolverTasksFailingOnTheirFirstAttemptAreRetriedAndGiveTheSameVolumes() {
		FusedParameters p = SparkFusedTest.REFERENCE;
		FusedResult single = FusedReconstruction.run(series, VOLUME, p, Monitor.NONE);
		Retried spark = retried(p);
		SparkFusedTest.assertEqualsSingleMachine(single, spark.result(), "reference solver, local-cluster, 5 slabs, retried tasks");
		// NB: one halo exchange, so one failed attempt, per iteration: the retries did happen.
		assertEquals(p.iterations(), spark.failedAttempts());
	}

	/**
	 * The proximal solver with slab 1's prox task failing on its first attempt of every trial (while it reads its
	 * halos; {@link HaloReadFailures}): Spark runs it again from the states persisted on disk, which each attempt
	 * deserialises afresh (a stage writes into the arrays it read, {@link SlabFused}), so the volumes and the
	 * history are still the single-machine run's.
	 */
	@Test
	void proximalSolverTasksFailingOnTheirFirstAttemptAreRetriedAndGiveTheSameVolumes() {
		FusedParameters p = SparkFusedTest.PARAMETERS.withTvGuide(0);
		FusedResult single = FusedReconstruction.run(series, VOLUME, p, Monitor.NONE);
		Retried spark = retried(p);
		SparkFusedTest.assertEqualsSingleMachine(single, spark.result(), "local-cluster, 5 slabs, retried tasks");
		// NB: one failed attempt per trial, at least one trial per iteration: the retries did happen.
		assertTrue(spark.failedAttempts() >= p.iterations(), "failed attempts: " + spark.failedAttempts());
	}

	/** A fused run on 5 slabs and how many task attempts failed during it. */
	private record Retried(FusedResult result, long failedAttempts) {}

	/** The fused run of {@code p} on 5 slabs with slab 1's halo reads failing on their first attempt ({@link HaloReadFailures}). */
	private Retried retried(FusedParameters p) {
		long failedBefore = SlabTestData.failedTasks(sc);
		FusedResult[] spark = new FusedResult[1];
		try (SparkEngine engine = SparkEngine.on(sc, 5)) {
			HaloReadFailures.during(sc, () -> spark[0] = engine.fuse(series, VOLUME, p, Monitor.NONE));
		}
		return new Retried(spark[0], SlabTestData.failedTasks(sc) - failedBefore);
	}
}
