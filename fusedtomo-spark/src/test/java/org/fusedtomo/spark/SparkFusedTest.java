package org.fusedtomo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import net.imglib2.img.array.ArrayImgs;

import org.apache.spark.api.java.JavaSparkContext;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedReconstruction;
import org.fusedtomo.recon.fused.FusedResult;
import org.fusedtomo.recon.fused.ProximalSolverSettings;
import org.fusedtomo.recon.fused.ReferenceSolverSettings;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fused reconstruction (proximal-gradient and reference solvers) on local[2] Spark over slabs with halos, against the
 * single-machine {@link FusedReconstruction} on the whole series: a noisy core-shell phantom of 16 x 9 x 16
 * voxels, 13 HAADF and 5 chemical tilts. 2 prox iterations give halos of 3 slices below and 4 above, so the
 * slabs of 9 slices do not each hold the whole volume; the HAADF guide's TV (4 prox iterations) has halos of 5
 * and 6.
 */
class SparkFusedTest {

	private static final VolumeGeometry VOLUME = new VolumeGeometry(16, 9, 16);
	/** Few EM and fused iterations, 2 prox iterations: the product's model otherwise (guided TV, count weights). */
	static final FusedParameters PARAMETERS = FusedParameters.DEFAULT.withThreads(1).withEmIterations(4).withIterations(6)
		.withProximalSolver(new ProximalSolverSettings(2));

	/** Isotropic TV: without the guide's 100 TV jobs per run. */
	private static final FusedParameters ISOTROPIC = PARAMETERS.withTvGuide(0);

	/** The reference solver (tomo_TV, its isotropic model) with few iterations: 2 SIRT and 2 prox iterations per step, so the same halos. */
	static final FusedParameters REFERENCE = FusedParameters.REFERENCE.withThreads(1).withEmIterations(4).withIterations(6)
		.withReferenceSolver(new ReferenceSolverSettings(ReferenceSolverSettings.LAMBDA_HAADF, 2, 2));

	private static JavaSparkContext sc;
	private static MultiModalSeries series;
	private static FusedResult single;

	@BeforeAll
	static void start() {
		sc = SlabTestData.context("local[2]", "SparkFusedTest");
		series = coreShell(VOLUME);
		single = FusedReconstruction.run(series, VOLUME, ISOTROPIC, Monitor.NONE);
	}

	@AfterAll
	static void stop() {
		sc.stop();
	}

	/**
	 * The core-shell phantom (Co, Mn, O) of a cube of {@code volume}'s width, seed 3, with noise: 13 HAADF tilts
	 * over ±60°, 5 chemical tilts over ±60°; the series cut to {@code volume}'s height of y slices about the middle.
	 */
	static MultiModalSeries coreShell(VolumeGeometry volume) {
		SimulationParameters p = new SimulationParameters(TiltGeometry.range(-60, 60, 10), TiltGeometry.range(-60, 60, 30), 10, 1e4, SimulationParameters.DEFAULT_GAMMA, 0, 1,
			true);
		SimulatedData d = new Simulator(Parallelism.SERIAL).simulate(Phantoms.create(Phantoms.CORE_SHELL, VolumeGeometry.cube(volume.width()), 3), p);
		Map<String, TiltSeries> chem = new LinkedHashMap<>();
		d.chemical().forEach((el, b) -> chem.put(el, middleRows(b, volume.height())));
		return new MultiModalSeries(middleRows(d.haadf(), volume.height()), chem);
	}

	private static TiltSeries middleRows(TiltSeries b, int rows) {
		int from = (b.height() - rows) / 2;
		float[] cut = SlabRows.copy(b.data(), b.width(), b.height(), from, from + rows);
		return new TiltSeries(ArrayImgs.floats(cut, b.width(), rows, b.angleCount()), b.anglesDeg(), b.calibration());
	}

	/**
	 * 1, 2, 5 and 9 slabs (5 slabs of 9 slices: 1, 2, 2, 2, 2, so one slab of one slice; 9: one slice each). Per
	 * voxel the slabs run the same float operations as one machine, so the volumes agree to the bit (measured: 0).
	 * What could differ: EM's start value per element and ‖A‖² are double sums grouped by slab, which can change a
	 * float in its last bit, and the solver's decisions compare cost sums that are grouped by slab (they are the
	 * same here); the tolerance allows 1e-6 of each element's maximum (one halo slice too few below gave 2.8e-5).
	 * The cost terms agree to 1e-9 relative (double sums in another order).
	 */
	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 5, 9 })
	void equalsTheSingleMachineRun(int slabs) {
		try (SparkEngine engine = SparkEngine.on(sc, slabs)) {
			assertEqualsSingleMachine(single, engine.fuse(series, VOLUME, ISOTROPIC, Monitor.NONE), slabs + " slabs");
		}
	}

	/**
	 * The reference solver on 1, 2 and 5 slabs. Per voxel the slabs run the same float operations as one machine
	 * (SIRT, the chemical step and the projections act slice by slice, the cold-started TV prox reads halos of its
	 * width), so the volumes should agree to the bit (measured: 0). What could differ: EM's start value per element
	 * is a double sum grouped by slab (a float's last bit), and the λ_C rule compares the HAADF term summed by slab
	 * (it decides the same here: the term rises in this run, so the rule acts); the tolerance allows 1e-6 of each
	 * element's maximum, and the cost terms 1e-9 relative (double sums in another order).
	 */
	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 5 })
	void referenceSolverEqualsTheSingleMachineRun(int slabs) {
		FusedResult local = referenceSingle();
		double[] haadf = local.history().values("haadf");
		boolean rose = false;
		for (int i = 1; i < haadf.length; i++)
			rose |= haadf[i] > haadf[i - 1];
		assertTrue(rose, "the HAADF term never rose, so the λ_C rule is not tested");
		try (SparkEngine engine = SparkEngine.on(sc, slabs)) {
			assertEqualsSingleMachine(local, engine.fuse(series, VOLUME, REFERENCE, Monitor.NONE), "reference solver, " + slabs + " slabs");
		}
	}

	private static FusedResult referenceSingle;

	private static synchronized FusedResult referenceSingle() {
		if (referenceSingle == null)
			referenceSingle = FusedReconstruction.run(series, VOLUME, REFERENCE, Monitor.NONE);
		return referenceSingle;
	}

	/** HAADF-guided TV (the product's default) on 5 slabs: the guide image (a TV run on the slabs) and the volumes are the single machine's. */
	@Test
	void guidedOnFiveSlabsEqualsTheSingleMachineRun() {
		FusedResult local = FusedReconstruction.run(series, VOLUME, PARAMETERS, Monitor.NONE), spark;
		try (SparkEngine engine = SparkEngine.on(sc, 5)) {
			spark = engine.fuse(series, VOLUME, PARAMETERS, Monitor.NONE);
		}
		assertEqualsSingleMachine(local, spark, "guided, 5 slabs");
		assertArrayEquals(local.haadfGuide().data(), spark.haadfGuide().data(), 1e-6f * max(local.haadfGuide().data()), "HAADF guide");
	}

	/** Progress comes once per fused iteration; a monitor that cancels after the second iteration stops the job. */
	@Test
	void progressPerIterationAndCancel() {
		List<Long> steps = new ArrayList<>();
		try (SparkEngine engine = SparkEngine.on(sc, 3)) {
			engine.fuse(series, VOLUME, ISOTROPIC, progress(steps, Long.MAX_VALUE));
			assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), steps);
			steps.clear();
			assertThrows(CancellationException.class, () -> engine.fuse(series, VOLUME, ISOTROPIC, progress(steps, 2)));
			assertEquals(List.of(1L, 2L), steps);
		}
	}

	/** Joint TV over the elements (its prox couples them and the slices; isotropic) on 5 slabs: the same volumes. */
	@Test
	void jointTvOnFiveSlabsEqualsTheSingleMachineRun() {
		FusedParameters p = ISOTROPIC.withJointTv(true);
		FusedResult local = FusedReconstruction.run(series, VOLUME, p, Monitor.NONE);
		try (SparkEngine engine = SparkEngine.on(sc, 5)) {
			assertEqualsSingleMachine(local, engine.fuse(series, VOLUME, p, Monitor.NONE), "joint TV, 5 slabs");
		}
	}

	/** Interface coupling is not distributed: refused with one line naming the option, before any job. */
	@Test
	void interfaceCouplingIsRefusedNamingTheOption() {
		try (SparkEngine engine = SparkEngine.on(sc, 2)) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.fuse(series, VOLUME, PARAMETERS.withInterfaceCoupling(true), Monitor.NONE));
			assertTrue(e.getMessage().contains("--interface-coupling"), e.getMessage());
		}
	}

	/** A monitor that records the fused iterations done and cancels once {@code cancelAfter} are. */
	private static Monitor progress(List<Long> steps, long cancelAfter) {
		return new Monitor() {
			@Override
			public void progress(String stage, long done, long total) {
				if (stage.startsWith("Fused"))
					steps.add(done);
			}

			@Override
			public boolean isCancelled() {
				return !steps.isEmpty() && steps.get(steps.size() - 1) >= cancelAfter;
			}
		};
	}

	/** Each element's volume within 1e-6 of its maximum (measured: 0), the cost history within 1e-9 relative. */
	static void assertEqualsSingleMachine(FusedResult single, FusedResult spark, String what) {
		assertEquals(single.volumes().keySet(), spark.volumes().keySet());
		for (String el : single.volumes().keySet()) {
			float[] expected = single.volume(el).data(), actual = spark.volume(el).data();
			float max = max(expected);
			assertTrue(max > 0, el);
			double diff = 0;
			for (int i = 0; i < expected.length; i++)
				diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
			System.out.printf("fused on Spark, %s: %s differs from one machine by %.3g (max %.3g)%n", what, el, diff, max);
			assertTrue(diff <= 1e-6 * max, what + ": " + el + " differs by " + diff + " (max " + max + ")");
		}
		assertEquals(single.history().terms(), spark.history().terms());
		for (String term : single.history().terms()) {
			double[] expected = single.history().values(term), actual = spark.history().values(term);
			assertEquals(expected.length, actual.length, term);
			for (int i = 0; i < expected.length; i++)
				assertEquals(expected[i], actual[i], 1e-9 * Math.abs(expected[i]), term + " at iteration " + i);
		}
	}

	static float max(float[] a) {
		float m = 0;
		for (float f : a)
			m = Math.max(m, Math.abs(f));
		return m;
	}
}
