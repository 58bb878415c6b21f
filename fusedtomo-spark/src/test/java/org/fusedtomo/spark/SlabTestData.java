package org.fusedtomo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.Reconstruction;

/** The slab tests' data, their Spark contexts and their one comparison with the single-machine run. */
final class SlabTestData {

	private SlabTestData() {}

	/** {@code first} followed by {@code more}. */
	static String[] concat(String[] first, String... more) {
		String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
		System.arraycopy(more, 0, all, first.length, more.length);
		return all;
	}

	/** A context on {@code master} (local[2], local[2,2]) named {@code app}, without the web UI. */
	static JavaSparkContext context(String master, String app) {
		return new JavaSparkContext(new SparkConf().setMaster(master).setAppName(app).set("spark.ui.enabled", "false"));
	}

	/** A context on {@code local-cluster[2,1,1024]}, two executors in JVMs of their own ({@link LocalCluster}), named {@code app}. */
	static JavaSparkContext localCluster(String app) {
		return new JavaSparkContext(localClusterConf(app));
	}

	/** The configuration of {@link #localCluster}, for a test to add to. */
	static SparkConf localClusterConf(String app) {
		return LocalCluster.configure(new SparkConf().setMaster("local-cluster[2,1,1024]").setAppName(app).set("spark.ui.enabled", "false"));
	}

	/** Failed task attempts so far in the jobs of {@code sc}: a retry test's proof that the retries happened. */
	static long failedTasks(JavaSparkContext sc) {
		long failed = 0;
		for (int id : sc.statusTracker().getJobIdsForGroup(null))
			for (int stage : sc.statusTracker().getJobInfo(id).stageIds()) {
				var info = sc.statusTracker().getStageInfo(stage);
				if (info != null)
					failed += info.numFailedTasks();
			}
		return failed;
	}

	/**
	 * The projections, at {@code tilts} angles evenly over ±{@code maxAngleDeg}, of a random non-negative volume
	 * with zero borders of {@code margin} voxels in x and z and its own structure in every y slice (a value
	 * growing with y), so that a slab put back in the wrong place shows.
	 */
	static TiltSeries projectedRandomVolume(VolumeGeometry volume, int tilts, double maxAngleDeg, int margin, long seed) {
		double[] angles = new double[tilts];
		for (int a = 0; a < tilts; a++)
			angles[a] = -maxAngleDeg + 2 * maxAngleDeg * a / (tilts - 1);
		Volume truth = Volume.zeros(volume);
		Random random = new Random(seed);
		for (int z = margin; z < volume.depth() - margin; z++)
			for (int y = 0; y < volume.height(); y++)
				for (int x = margin; x < volume.width() - margin; x++)
					truth.set(x, y, z, random.nextFloat() * (1 + y));
		return Projectors.create(volume, new TiltGeometry(volume.width(), volume.height(), angles), Parallelism.SERIAL).forward(truth);
	}

	/**
	 * The slab run equals the single-machine run: WBP and SIRT to the bit (the same float operations per
	 * slice), EM within 1e-6 of the largest voxel (its start is a double sum grouped by slab, whose float may
	 * differ in its last bit), cost histories within 1e-5 of their first value (double sums in another order).
	 */
	static void assertEqualsSingleMachine(ConventionalMethod method, int slabs, Reconstruction single, Reconstruction spark) {
		float[] expected = single.volume().data(), actual = spark.volume().data();
		double max = 0, diff = 0;
		for (int i = 0; i < expected.length; i++) {
			max = Math.max(max, Math.abs(expected[i]));
			diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
		}
		assertTrue(max > 0);
		assertTrue(method == ConventionalMethod.EM ? diff <= 1e-6 * max : diff == 0, method + " with " + slabs + " slabs differs by " + diff + " (max " + max + ")");
		assertEquals(single.history().terms(), spark.history().terms());
		for (String term : single.history().terms())
			assertArrayEquals(single.history().values(term), spark.history().values(term), 1e-5 * Math.abs(single.history().values(term)[0]), term);
	}
}
