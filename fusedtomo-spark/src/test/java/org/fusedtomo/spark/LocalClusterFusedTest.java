package org.fusedtomo.spark;

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
 * {@code local[2]} ({@link SparkFusedTest}). Isotropic TV: the guide's 100 TV jobs took 4 of this test's 4.5
 * minutes on 2 loaded cores (the guided slabs run on local[2]); the solver's jobs pass a lineage cut.
 */
class LocalClusterFusedTest {

	private static final VolumeGeometry VOLUME = new VolumeGeometry(16, 9, 16);

	private static JavaSparkContext sc;

	@BeforeAll
	static void start() {
		sc = SlabTestData.localCluster("LocalClusterFusedTest");
	}

	@AfterAll
	static void stop() {
		if (sc != null)
			sc.stop();
	}

	@Test
	void fusedOnFiveSlabsInSeparateExecutorsEqualsTheSingleMachineRun() {
		MultiModalSeries series = SparkFusedTest.coreShell(VOLUME);
		FusedParameters p = SparkFusedTest.PARAMETERS.withTvGuide(0);
		FusedResult single = FusedReconstruction.run(series, VOLUME, p, Monitor.NONE);
		try (SparkEngine engine = SparkEngine.on(sc, 5)) {
			SparkFusedTest.assertEqualsSingleMachine(single, engine.fuse(series, VOLUME, p, Monitor.NONE), "local-cluster, 5 slabs");
		}
	}
}
