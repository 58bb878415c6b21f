package org.fusedtomo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

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
import org.junit.jupiter.api.Test;

/**
 * TV over slabs on {@code local-cluster[2,1,1024]}: the slab states, their halos (shuffled between two executor
 * JVMs) and the power method's parts cross serialisation and a process boundary; the volume must still equal
 * the single-machine one, as on {@code local[2]} ({@link SparkTvTest}). 7 iterations pass one lineage cut.
 */
class LocalClusterTvTest {

	@Test
	void tvOnFiveSlabsInSeparateExecutorsEqualsTheSingleMachineRun() {
		int n = 14, slices = 12;
		VolumeGeometry volume = new VolumeGeometry(n, slices, n);
		double[] angles = { -60, -30, 0, 30, 60, 75 };
		Volume truth = Volume.zeros(volume);
		Random random = new Random(11);
		for (int i = 0; i < truth.data().length; i++)
			truth.data()[i] = random.nextFloat() * 3 + (i / n % 3 == 0 ? 2 : 0);
		TiltSeries b = Projectors.create(volume, new TiltGeometry(n, slices, angles), Parallelism.SERIAL).forward(truth);
		TvOptions options = new TvOptions(2.0, 2, true, 6);
		Reconstruction single = new TvReconstruction(Projectors.create(volume, b.geometry(), Parallelism.SERIAL), options, Parallelism.SERIAL).run(b, null, 7, Monitor.NONE);
		JavaSparkContext sc = SlabTestData.localCluster("LocalClusterTvTest");
		try (SparkEngine engine = SparkEngine.on(sc, 5)) {
			Reconstruction spark = SparkTv.run(engine, Slab.split(slices, 5), volume, b, options, 7, 1, Monitor.NONE);
			float max = 0;
			for (float v : single.volume().data())
				max = Math.max(max, v);
			assertTrue(max > 0);
			// NB: the tolerance of SparkTvTest (measured there: 0).
			assertArrayEquals(single.volume().data(), spark.volume().data(), 1e-6f * max);
			for (String term : single.history().terms())
				assertArrayEquals(single.history().values(term), spark.history().values(term), 1e-9 * Math.abs(single.history().values(term)[0]), term);
		}
		finally {
			sc.stop();
		}
	}
}
