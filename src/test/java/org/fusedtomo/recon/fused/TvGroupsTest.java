package org.fusedtomo.recon.fused;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.fusedtomo.data.FloatArrays;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.JointTvProxTest;
import org.fusedtomo.recon.TotalVariation;
import org.fusedtomo.recon.TvGuide;
import org.junit.jupiter.api.Test;

/** TV groups of the fused cost ({@link FusedCost#withTvGroups}) and their prox in the proximal solver ({@link ProximalGradientSolver.TvStep}). */
class TvGroupsTest {

	private static final VolumeGeometry TINY = new VolumeGeometry(4, 3, 2);
	private static final double[] TV_SCALES = { 1.0, 0.8, 0.6 };

	/** Three elements on {@code g}, TV scales {@link #TV_SCALES}, with {@code guide}; data random. */
	private static FusedCost cost(VolumeGeometry g, TvGuide guide, double lambdaTv) {
		Random random = new Random(3);
		Projector h = Projectors.create(g, new TiltGeometry(g.width(), g.height(), new double[] { -40, 0, 40 }), Parallelism.SERIAL);
		Projector c = Projectors.create(g, new TiltGeometry(g.width(), g.height(), new double[] { -30, 30 }), Parallelism.SERIAL);
		TiltSeries bh = TiltSeries.zeros(h.tiltGeometry());
		for (int i = 0; i < bh.data().length; i++)
			bh.data()[i] = random.nextFloat() * 10;
		List<TiltSeries> chem = new ArrayList<>();
		for (int e = 0; e < 3; e++) {
			TiltSeries b = TiltSeries.zeros(c.tiltGeometry());
			for (int i = 0; i < b.data().length; i++)
				b.data()[i] = random.nextFloat() * 5;
			chem.add(b);
		}
		return new FusedCost(h, bh, List.of(c, c, c), chem, WeightMethod.Z_OVER_SUM_Z.weights(List.of("Co", "Mn", "O"), 1.6), 1.6, 0.3, lambdaTv, 0.1, guide)
			.withElementScales(new double[] { 1, 1, 1 }, TV_SCALES);
	}

	/** Three noisy elements on {@link #TINY}: 0 and 2 with an edge in x of opposite signs, 1 with one in y. */
	private static List<Volume> tinyInput(long seed) {
		Random random = new Random(seed);
		List<Volume> v = new ArrayList<>();
		for (int e = 0; e < 3; e++) {
			Volume ve = Volume.zeros(TINY);
			for (int at = 0; at < ve.data().length; at++) {
				int i = at % 4, y = at / 4 % 3;
				double clean = e == 0 ? (i >= 2 ? 1 : 0.2) : e == 2 ? (i >= 2 ? 0.3 : 1.2) : (y >= 1 ? 0.9 : 0.1);
				ve.data()[at] = (float) (clean + 0.3 * random.nextGaussian());
			}
			v.add(ve);
		}
		return v;
	}

	private static List<Volume> copies(List<Volume> v) {
		List<Volume> c = new ArrayList<>();
		for (Volume e : v)
			c.add(e.copy());
		return c;
	}

	@Test
	void groupProx_matchesABruteForceMinimiserOfEachGroup_plainAndGuided() {
		List<Volume> v = tinyInput(5);
		double[] metric = { 1.0, 2.0, 1.5 };
		double lambda = 0.4;
		int[][] groups = { { 0, 2 }, { 1 } };
		for (TvGuide guide : new TvGuide[] { null, TvGuide.of(v.get(1), 0.9, 0.1) }) {
			FusedCost grouped = cost(TINY, guide, lambda).withTvGroups(groups);
			ProximalGradientSolver.TvStep step = new ProximalGradientSolver.TvStep(grouped, guide, 3000, Parallelism.SERIAL);
			assertEquals(2, step.groupCount());
			List<Volume> prox = copies(v);
			for (int g = 0; g < step.groupCount(); g++)
				step.apply(g, prox, metric);
			// The grouped objective separates over groups: each group's minimiser found on its own, the slow way.
			double[][] pair = JointTvProxTest.bruteForce(List.of(v.get(0), v.get(2)), new double[] { metric[0], metric[2] }, lambda,
				new double[] { TV_SCALES[0], TV_SCALES[2] }, guide, 1e-5, 400_000);
			double[][] single = JointTvProxTest.bruteForce(List.of(v.get(1)), new double[] { metric[1] }, lambda, new double[] { TV_SCALES[1] }, guide, 1e-5, 400_000);
			List<Volume> brute = JointTvProxTest.volumes(TINY, new double[][] { pair[0], single[0], pair[1] });
			double proxValue = objective(grouped, prox, v, metric, guide), bruteValue = objective(grouped, brute, v, metric, guide);
			// No higher than the brute force's, and below it by at most its smoothing's bias, λ δ per voxel and group.
			assertTrue(proxValue <= bruteValue + 1e-6 * Math.abs(bruteValue), "objective " + proxValue + " above the brute force's " + bruteValue + ", guide " + (guide != null));
			assertEquals(bruteValue, proxValue, lambda * 1e-5 * 2 * TINY.voxelCount(), "objective, guide " + (guide != null));
			for (int e = 0; e < 3; e++)
				assertArrayEquals(brute.get(e).data(), prox.get(e).data(), 5e-4f, "minimiser of element " + e + ", guide " + (guide != null));
			// Not the per-element prox: the coupling moves elements 0 and 2.
			List<Volume> separate = copies(v);
			ProximalGradientSolver.TvStep apart = new ProximalGradientSolver.TvStep(grouped.withJointTv(false), guide, 3000, Parallelism.SERIAL);
			for (int g = 0; g < apart.groupCount(); g++)
				apart.apply(g, separate, metric);
			assertTrue(maxDifference(separate.get(0), prox.get(0)) > 1e-2, "coupling changed element 0 by " + maxDifference(separate.get(0), prox.get(0)));
			assertArrayEquals(separate.get(1).data(), prox.get(1).data(), 1e-6f, "element 1 alone is its own TV prox");
		}
	}

	/** Σ_e (l_e/2)‖x_e − v_e‖² + λ_TV times the cost's grouped TV. */
	private static double objective(FusedCost cost, List<Volume> x, List<Volume> v, double[] metric, TvGuide guide) {
		double s = 0;
		for (int e = 0; e < x.size(); e++)
			s += metric[e] * FloatArrays.halfSquaredDistance(x.get(e).data(), v.get(e).data());
		return s + cost.lambdaTv() * cost.tv(x);
	}

	private static double maxDifference(Volume a, Volume b) {
		double m = 0;
		for (int i = 0; i < a.data().length; i++)
			m = Math.max(m, Math.abs(a.data()[i] - b.data()[i]));
		return m;
	}

	@Test
	void cost_tvIsTheJointTvOfEachGroupSummed_andGroupsMustPartitionTheElements() {
		FusedCost cost = cost(TINY, null, 0.1);
		List<Volume> x = tinyInput(9);
		FusedCost grouped = cost.withTvGroups(new int[][] { { 1 }, { 0, 2 } });
		double expected = TotalVariation.joint(List.of(x.get(0), x.get(2)), new double[] { TV_SCALES[0], TV_SCALES[2] }, null, Parallelism.SERIAL)
			+ TV_SCALES[1] * TotalVariation.of(x.get(1));
		assertEquals(expected, grouped.tv(x), 1e-9 * expected);
		assertEquals(cost.tv(x), cost.withTvGroups(new int[][] { { 0 }, { 1 }, { 2 } }).tv(x), 0, "one group per element is the default");
		assertEquals(TotalVariation.joint(x, TV_SCALES, null, Parallelism.SERIAL), cost.withJointTv(true).tv(x), 1e-12);
		assertTrue(grouped.tv(x) < cost.tv(x), "a shared group costs less where both vary");
		assertFalse(grouped.jointTv());
		assertTrue(cost.withJointTv(true).jointTv());
		assertEquals(1, cost.withJointTv(true).tvGroups().length);
		for (int[][] bad : new int[][][] { { { 0, 1 } }, { { 0, 1 }, { 1, 2 } }, { { 0, 1, 2, 3 } }, { { 0, 1, 2 }, {} } })
			assertThrows(IllegalArgumentException.class, () -> cost.withTvGroups(bad));
	}

	@Test
	void solver_withGroups_lowersTheGroupedCostMonotonically() {
		VolumeGeometry g = new VolumeGeometry(8, 2, 8);
		FusedCost cost = cost(g, null, 0.05).withTvGroups(new int[][] { { 0, 1 }, { 2 } });
		Random random = new Random(7);
		List<Volume> x = new ArrayList<>();
		for (int e = 0; e < 3; e++) {
			Volume v = Volume.zeros(g);
			for (int i = 0; i < v.data().length; i++)
				v.data()[i] = 0.3f + random.nextFloat();
			x.add(v);
		}
		double start = cost.total(x);
		FusedParameters p = FusedParameters.DEFAULT.withIterations(30).withThreads(1).withLambdas(10, cost.lambdaChem(), cost.lambdaTv());
		double[] total = ProximalGradientSolver.run(cost, x, p, Parallelism.SERIAL, Monitor.NONE, 0, 30).values("total");
		for (int k = 1; k < total.length; k++)
			assertTrue(total[k] <= total[k - 1], "cost rose at iteration " + k + ": " + total[k - 1] + " -> " + total[k]);
		assertTrue(total[29] < start, "cost did not fall: " + start + " -> " + total[29]);
		assertEquals(total[29], cost.total(x), 1e-6 * Math.abs(total[29]), "the history records the grouped cost of the returned volumes");
	}

	@Test
	void parameters_interfaceCouplingNeedsTheProximalSolver_andIsKeptByTheOtherSetters() {
		assertEquals(FusedModel.DEFAULT_INTERFACE_COUPLING, FusedParameters.DEFAULT.interfaceCoupling());
		assertFalse(FusedParameters.REFERENCE.interfaceCoupling());
		FusedParameters on = FusedParameters.DEFAULT.withInterfaceCoupling(true);
		assertTrue(on.withLambdas(10, 1, 1).withIterations(3).withTvGuide(0.5).withJointTv(true).withThreads(1).interfaceCoupling());
		assertTrue(FusedParameters.builder("proximal").interfaceCoupling(true).build().interfaceCoupling());
		assertFalse(FusedParameters.builder("proximal").interfaceCoupling(false).build().interfaceCoupling());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FusedParameters.builder("reference").interfaceCoupling(true).build());
		assertTrue(e.getMessage().startsWith("--interface-coupling"), e.getMessage());
	}
}
