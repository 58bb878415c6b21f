package org.fusedtomo.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import net.imglib2.img.array.ArrayImgs;

import org.apache.spark.api.java.JavaSparkContext;
import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedResult;
import org.fusedtomo.recon.fused.ProximalSolverSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The fused reconstruction of 512³ x 3 elements on executors of 1 GiB (opt-in, its own profile: {@code mvn verify
 * -Pspark-long-fused}, tens of minutes): {@code local-cluster[2,1,1024]}, the product's model (guided TV, count
 * weights) with k = 10 prox iterations (the default is 3; more iterations, wider halos), 1 EM and 1 solver iteration
 * and 1 guide iteration, since a task's
 * memory is the same in every iteration (the same arrays each job). The driver (this JVM, 12 GiB: it holds the
 * series, the guide image, the slabs' rows of it and the assembled volumes) is not what is checked. A run completes
 * only if no task runs out of heap (a task that does fails four times and ends the job). Prints, for docs/spark.md,
 * each executor's and the driver's live heap and heap peak ({@link ExecutorMemoryTest}).
 */
@Tag("spark-long-fused")
class FusedExecutorMemoryTest {

	// NB: one tilt geometry for all series, so one power method for ‖A‖² (50 jobs of 128 tasks took a minute each on 2 loaded cores).
	private static final int SIZE = 512, SLABS = 128, HAADF_TILTS = 5, CHEM_TILTS = 5;
	private static final long MIB = 1 << 20;

	private static JavaSparkContext sc;

	@BeforeAll
	static void start() {
		// NB: the driver collects the element volumes (1.5 GiB), beyond Spark's default limit of 1 GiB of task results per job.
		sc = new JavaSparkContext(SlabTestData.localClusterConf("FusedExecutorMemoryTest").set("spark.driver.maxResultSize", "4g"));
	}

	@AfterAll
	static void stop() {
		if (sc != null)
			sc.stop();
	}

	@Test
	void fused512CubedOfThreeElementsCompletesInOneGibExecutors() throws IOException {
		MultiModalSeries series = coreShell(SIZE);
		// NB: k = 10 rather than the default 3: wider halos (n + 23 slices held, not n + 9), an upper bound for the default.
		FusedParameters p = FusedParameters.DEFAULT.withThreads(1).withEmIterations(1).withIterations(1).withProximalSolver(new ProximalSolverSettings(10));
		assertTrue(p.tvGuide() > 0);
		ExecutorMemoryTest.probe(sc, true);
		ExecutorMemoryTest.reset();
		long t0 = System.nanoTime();
		FusedResult result;
		VolumeGeometry volume = new VolumeGeometry(SIZE, SIZE, SIZE);
		try (SparkEngine engine = SparkEngine.on(sc, SLABS)) {
			result = SparkFused.run(engine, Slab.split(SIZE, SLABS), series, volume, p, 1, Monitor.NONE, 1);
		}
		double seconds = (System.nanoTime() - t0) * 1e-9;
		long driverLive = ExecutorMemoryTest.livePeak(), driverPeak = ExecutorMemoryTest.heapPeak();
		Map<Long, long[]> executors = ExecutorMemoryTest.probe(sc, false);
		assertEquals(3, result.volumes().size());
		for (String el : series.elements()) {
			float[] x = result.volume(el).data();
			float max = SparkFusedTest.max(x);
			assertTrue(max > 0 && Float.isFinite(max), el + " has maximum " + max);
		}
		StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
			"memory fused %d^3 x 3, %d slabs, %d HAADF and %d chemical tilts, 1 EM and 1 solver iteration: %.0f s; driver live %d, heap peak %d MiB; executors (heap max, live, heap peak MiB):",
			SIZE, SLABS, HAADF_TILTS, CHEM_TILTS, seconds, driverLive / MIB, driverPeak / MIB));
		executors.forEach((pid, m) -> {
			assertTrue(m[0] <= 1024 * MIB, "executor " + pid + " has " + m[0] / MIB + " MiB of heap");
			line.append(String.format(Locale.ROOT, " %d, %d, %d;", m[0] / MIB, m[1] / MIB, m[2] / MIB));
		});
		System.out.println(line);
		Files.writeString(Path.of("target", "executor-memory.txt"), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
	}

	/**
	 * Projections of concentric balls (chord lengths: the same at every tilt), n x n pixels, made analytically as a
	 * forward projection of n³ voxels would take longer than the run: Co a core of radius n/8, Mn a shell to n/4, O a
	 * shell to 3n/8; the chemical maps Poisson counts of up to 10 per pixel (seed 1), the HAADF their Z^1.6-weighted
	 * sum as counts of up to 10⁴ (Gaussian noise of the Poisson variance, rounded).
	 */
	private static MultiModalSeries coreShell(int n) {
		double[] radii = { n / 8.0, n / 4.0, 3 * n / 8.0 }, z = { 27, 25, 8 };
		String[] elements = { "Co", "Mn", "O" };
		float[][] maps = new float[3][n * n];
		float[] haadf = new float[n * n];
		double c = (n - 1) / 2.0;
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++) {
				double r2 = (x - c) * (x - c) + (y - c) * (y - c), inner = 0;
				for (int e = 0; e < 3; e++) {
					double chord = radii[e] * radii[e] > r2 ? 2 * Math.sqrt(radii[e] * radii[e] - r2) : 0;
					maps[e][y * n + x] = (float) (chord - inner);
					haadf[y * n + x] += (float) (Math.pow(z[e], 1.6) * (chord - inner));
					inner = chord;
				}
			}
		Random random = new Random(1);
		Map<String, TiltSeries> chem = new LinkedHashMap<>();
		for (int e = 0; e < 3; e++) {
			float max = SparkFusedTest.max(maps[e]);
			float[] counts = new float[n * n * CHEM_TILTS];
			for (int i = 0; i < counts.length; i++)
				counts[i] = poisson(10.0 * maps[e][i % (n * n)] / max, random);
			chem.put(elements[e], series(counts, n, CHEM_TILTS));
		}
		float haadfMax = SparkFusedTest.max(haadf);
		float[] h = new float[n * n * HAADF_TILTS];
		for (int i = 0; i < h.length; i++) {
			double mean = 1e4 * haadf[i % (n * n)] / haadfMax;
			h[i] = Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
		}
		return new MultiModalSeries(series(h, n, HAADF_TILTS), chem);
	}

	private static TiltSeries series(float[] data, int n, int tilts) {
		double[] angles = new double[tilts];
		for (int a = 0; a < tilts; a++)
			angles[a] = -60 + 120.0 * a / (tilts - 1);
		return new TiltSeries(ArrayImgs.floats(data, n, n, tilts), angles, Calibration.PIXEL);
	}

	/** A Poisson draw of {@code mean} (small) by Knuth's product of uniforms. */
	private static int poisson(double mean, Random random) {
		double limit = Math.exp(-mean), product = random.nextDouble();
		int k = 0;
		while (product > limit) {
			product *= random.nextDouble();
			k++;
		}
		return k;
	}
}
