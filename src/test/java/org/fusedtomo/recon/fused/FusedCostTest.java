package org.fusedtomo.recon.fused;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.Projectors;
import org.junit.jupiter.api.Test;

class FusedCostTest {

	private static final VolumeGeometry VG = new VolumeGeometry(8, 2, 8);

	/** Two elements with chemical angles of their own, random positive data; seeded. */
	static FusedCost tinyCost(double gamma, double lambdaTv) {
		SplittableRandom random = new SplittableRandom(42);
		Projector h = Projectors.create(VG, new TiltGeometry(8, 2, new double[] { -60, -20, 20, 60 }), Parallelism.SERIAL);
		Projector c0 = Projectors.create(VG, new TiltGeometry(8, 2, new double[] { -45, 0, 45 }), Parallelism.SERIAL);
		Projector c1 = Projectors.create(VG, new TiltGeometry(8, 2, new double[] { -30, 30 }), Parallelism.SERIAL);
		TiltSeries bh = TiltSeries.zeros(h.tiltGeometry()), b0 = TiltSeries.zeros(c0.tiltGeometry()), b1 = TiltSeries.zeros(c1.tiltGeometry());
		fill(bh.data(), random, 0, 20);
		fill(b0.data(), random, 0, 8);
		fill(b1.data(), random, 0, 8);
		return new FusedCost(h, bh, List.of(c0, c1), List.of(b0, b1), WeightMethod.Z_OVER_SUM_Z.weights(List.of("Co", "O"), gamma), gamma, 0.3, lambdaTv, 0.1);
	}

	static List<Volume> randomPositive(long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		List<Volume> x = new ArrayList<>();
		for (int e = 0; e < 2; e++) {
			Volume v = Volume.zeros(VG);
			fill(v.data(), random, 0.3, 1.3);
			x.add(v);
		}
		return x;
	}

	private static void fill(float[] a, SplittableRandom random, double lo, double hi) {
		for (int i = 0; i < a.length; i++)
			a[i] = (float) (lo + (hi - lo) * random.nextDouble());
	}

	/** Central difference of {@code f} along {@code d} at {@code x}, in double from float volumes. */
	private static double directional(ToDoubleFunction<List<Volume>> f, List<Volume> x, List<Volume> d, double h) {
		List<Volume> plus = ElementVolumes.copies(x), minus = ElementVolumes.copies(x);
		for (int e = 0; e < x.size(); e++)
			for (int i = 0; i < x.get(e).data().length; i++) {
				plus.get(e).data()[i] += (float) (h * d.get(e).data()[i]);
				minus.get(e).data()[i] -= (float) (h * d.get(e).data()[i]);
			}
		return (f.applyAsDouble(plus) - f.applyAsDouble(minus)) / (2 * h);
	}

	private static double dot(List<Volume> a, List<Volume> b) {
		double s = 0;
		for (int e = 0; e < a.size(); e++)
			s += org.fusedtomo.data.FloatArrays.dot(a.get(e).data(), b.get(e).data());
		return s;
	}

	private static List<Volume> unit(int element, int voxel) {
		List<Volume> d = List.of(Volume.zeros(VG), Volume.zeros(VG));
		d.get(element).data()[voxel] = 1;
		return d;
	}

	@Test
	void chemicalGradient_matchesFiniteDifferences() {
		FusedCost cost = tinyCost(1.6, 0);
		List<Volume> x = randomPositive(7);
		List<Volume> g = ElementVolumes.zerosLike(x);
		double value = cost.chemicalGradient(x, g);
		assertEquals(cost.chemical(x), value, 1e-9 * Math.abs(value));
		List<Volume> d = randomPositive(8);
		double fd = directional(cost::chemical, x, d, 1e-2);
		assertEquals(fd, dot(g, d), 1e-3 * Math.abs(fd));
		for (int[] ev : new int[][] { { 0, 0 }, { 0, 37 }, { 1, 100 }, { 1, 127 } }) {
			double fdi = directional(cost::chemical, x, unit(ev[0], ev[1]), 1e-2);
			assertEquals(fdi, g.get(ev[0]).data()[ev[1]], 2e-3 * (Math.abs(fdi) + 1), "element " + ev[0] + " voxel " + ev[1]);
		}
	}

	@Test
	void haadfGradient_matchesFiniteDifferences() {
		for (double gamma : new double[] { 1, 1.6, 2.3 }) {
			FusedCost cost = tinyCost(gamma, 0);
			List<Volume> x = randomPositive(9);
			List<Volume> g = ElementVolumes.zerosLike(x);
			double value = cost.haadfGradient(x, g);
			assertEquals(cost.haadf(x), value, 1e-9 * Math.abs(value));
			List<Volume> d = randomPositive(10);
			double fd = directional(cost::haadf, x, d, 1e-2);
			assertEquals(fd, dot(g, d), 1e-3 * Math.abs(fd), "gamma " + gamma);
			for (int[] ev : new int[][] { { 0, 3 }, { 1, 64 }, { 1, 90 } }) {
				double fdi = directional(cost::haadf, x, unit(ev[0], ev[1]), 1e-2);
				assertEquals(fdi, g.get(ev[0]).data()[ev[1]], 2e-3 * (Math.abs(fdi) + 1), "gamma " + gamma + " element " + ev[0] + " voxel " + ev[1]);
			}
		}
	}

	@Test
	void smoothGradient_matchesFiniteDifferences() {
		FusedCost cost = tinyCost(1.6, 0);
		List<Volume> x = randomPositive(11);
		List<Volume> g = ElementVolumes.zerosLike(x);
		double value = cost.smoothGradient(x, g);
		assertEquals(cost.haadf(x) + 0.3 * cost.chemical(x), value, 1e-9 * Math.abs(value));
		assertEquals(cost.smooth(x), value, 1e-9 * Math.abs(value));
		List<Volume> d = randomPositive(12);
		double fd = directional(cost::smooth, x, d, 1e-2);
		assertEquals(fd, dot(g, d), 1e-3 * Math.abs(fd));
	}

	@Test
	void workspaceEvaluations_equalTheAllocatingOnesBitForBit_whenReused() {
		FusedCost cost = tinyCost(1.6, 0);
		FusedCost.Workspace work = cost.new Workspace(new Parallelism(3));
		List<Volume> gradient = ElementVolumes.zerosLike(randomPositive(1));
		// NB: two different x through one workspace: nothing of the first may leak into the second.
		for (long seed : new long[] { 7, 8 }) {
			List<Volume> x = randomPositive(seed);
			assertEquals(cost.haadf(x), cost.haadf(x, work), 0);
			assertEquals(cost.chemical(x), cost.chemical(x, work), 0);
			// ∇f as first written: the HAADF gradient, then λ_C times the chemical gradient added in float.
			List<Volume> haadf = ElementVolumes.zerosLike(x), chemical = ElementVolumes.zerosLike(x);
			double expectedValue = cost.haadfGradient(x, haadf) + cost.lambdaChem() * cost.chemicalGradient(x, chemical);
			assertEquals(expectedValue, cost.smoothGradient(x, gradient, work), 0);
			for (int e = 0; e < x.size(); e++)
				for (int i = 0; i < VG.voxelCount(); i++) {
					float expected = haadf.get(e).data()[i];
					expected += (float) (cost.lambdaChem() * chemical.get(e).data()[i]);
					assertEquals(expected, gradient.get(e).data()[i], 0, "element " + e + " voxel " + i);
				}
		}
	}

	/**
	 * Projections of several chunks of the threads' split: the workspace sums (chunk sums in order) equal the
	 * definitions to round-off and are the same on 1 and 3 threads bit for bit.
	 */
	@Test
	void workspaceValues_equalTheDefinitionsAndAnyThreadCount_overSeveralChunks() {
		VolumeGeometry g = new VolumeGeometry(96, 96, 4);
		SplittableRandom random = new SplittableRandom(5);
		Projector h = Projectors.create(g, new TiltGeometry(96, 96, TiltGeometry.range(-60, 60, 15)), Parallelism.SERIAL);
		TiltSeries bh = TiltSeries.zeros(h.tiltGeometry()), b0 = TiltSeries.zeros(h.tiltGeometry());
		fill(bh.data(), random, 0, 20);
		fill(b0.data(), random, 0, 8);
		FusedCost cost = new FusedCost(h, bh, List.of(h), List.of(b0), new double[] { 0.7 }, 1.6, 0.3, 0, 0.1);
		Volume x = Volume.zeros(g);
		fill(x.data(), random, 0, 1);
		List<Volume> xs = List.of(x);
		float[] ph = h.forward(cost.haadfModel(xs)).data(), p0 = h.forward(x).data();
		double haadf = 0, chemical = 0;
		for (int i = 0; i < ph.length; i++) {
			double d = (double) ph[i] - bh.data()[i];
			haadf += d * d / 2;
			chemical += p0[i] - (b0.data()[i] + 0.1) * Math.log(p0[i] + 0.1);
		}
		FusedCost.Workspace one = cost.new Workspace(Parallelism.SERIAL), three = cost.new Workspace(new Parallelism(3));
		assertEquals(haadf, cost.haadf(xs, one), 1e-12 * haadf);
		assertEquals(chemical, cost.chemical(xs, one), 1e-12 * Math.abs(chemical));
		assertEquals(cost.haadf(xs, one), cost.haadf(xs, three), 0);
		assertEquals(cost.chemical(xs, one), cost.chemical(xs, three), 0);
		List<Volume> gradient = List.of(x.zerosLike());
		assertEquals(cost.smoothGradient(xs, gradient, one), cost.smoothGradient(xs, gradient, three), 0);
	}

	@Test
	void haadfModel_isWeightedPowerSum() {
		FusedCost cost = tinyCost(1.6, 0);
		List<Volume> x = randomPositive(13);
		x.get(1).data()[5] = -2; // negative voxels count as 0
		double[] w = cost.weights();
		Volume m = cost.haadfModel(x);
		assertEquals(w[0] * Math.pow(x.get(0).data()[0], 1.6) + w[1] * Math.pow(x.get(1).data()[0], 1.6), m.data()[0], 1e-5);
		assertEquals(w[0] * Math.pow(x.get(0).data()[5], 1.6), m.data()[5], 1e-5);
	}

	@Test
	void haadfModel_isTheSameOnThreadsInPlaceAndBeyondOneBlockOfPowers() {
		// 13³ voxels: two blocks of powers and a part of one.
		VolumeGeometry vg = VolumeGeometry.cube(13);
		Projector p = Projectors.create(vg, new TiltGeometry(13, 13, new double[] { 0 }), Parallelism.SERIAL);
		TiltSeries b = TiltSeries.zeros(p.tiltGeometry());
		FusedCost cost = new FusedCost(p, b, List.of(p), List.of(b), new double[] { 0.7 }, 1.6, 0.3, 0, 0.1);
		Volume x = Volume.zeros(vg);
		SplittableRandom random = new SplittableRandom(3);
		for (int i = 0; i < x.data().length; i++)
			x.data()[i] = (float) (random.nextDouble() * 3 - 1);
		float[] serial = cost.haadfModel(List.of(x)).data(), threaded = cost.haadfModel(List.of(x), new Parallelism(3)).data();
		// NB: the solver's in-place form overwrites whatever the volume held.
		Volume reused = Volume.zeros(vg);
		java.util.Arrays.fill(reused.data(), 5f);
		cost.haadfModel(List.of(x), new Parallelism(2), reused);
		for (int i = 0; i < serial.length; i++) {
			float v = x.data()[i];
			assertEquals(v > 0 ? (float) (0.7 * Math.pow(v, 1.6)) : 0, serial[i], 1e-6 * serial[i], "voxel " + i);
			assertEquals(serial[i], threaded[i], 0, "voxel " + i);
			assertEquals(serial[i], reused.data()[i], 0, "voxel " + i);
		}
	}

	@Test
	void derivativeFactors_equalDerivativeFactorPerVoxel() {
		float[] x = { 2.5f, 0, -1, Float.NaN, 0.3f, 1e-20f, 7, 1, 3e10f, 0.5f, 0.25f, 4, 9, 1e-3f, 2, 6, 0.1f, 5, 3 };
		for (double gamma : new double[] { 1, 1.6, 2.3, 4 }) {
			FusedCost cost = tinyCost(gamma, 0);
			double[] factors = new double[x.length - 2];
			cost.derivativeFactors(x, 1, x.length - 1, factors);
			for (int i = 1; i < x.length - 1; i++) {
				double expected = cost.derivativeFactor(x[i]);
				// γ = 1 gives exactly 1, also at x ≤ 0.
				assertEquals(expected, factors[i - 1], gamma == 1 ? 0 : 1e-13 * expected, "gamma " + gamma + ", x " + x[i]);
			}
		}
	}

	@Test
	void chemical_isPoissonNegativeLogLikelihoodByHand() {
		// One voxel, one ray at 0°: A x = x (Joseph weight 1), so the term is x − (b + ε) log(x + ε).
		VolumeGeometry one = new VolumeGeometry(1, 1, 1);
		Projector p = Projectors.create(one, new TiltGeometry(1, 1, new double[] { 0 }), Parallelism.SERIAL);
		TiltSeries b = TiltSeries.zeros(p.tiltGeometry());
		b.data()[0] = 3;
		TiltSeries bh = TiltSeries.zeros(p.tiltGeometry());
		bh.data()[0] = 1;
		FusedCost cost = new FusedCost(p, bh, List.of(p), List.of(b), new double[] { 0.5 }, 2, 0.05, 0, 0.1);
		Volume x = Volume.zeros(one);
		x.data()[0] = 2;
		assertEquals(2 - 3.1 * Math.log(2.1), cost.chemical(List.of(x)), 1e-6);
		// HAADF: ½ (0.5 · 2² − 1)² = 0.5.
		assertEquals(0.5, cost.haadf(List.of(x)), 1e-6);
	}

	@Test
	void terms_totalIsWeightedSum() {
		FusedCost cost = tinyCost(1.6, 0.7);
		List<Volume> x = randomPositive(14);
		FusedCost.Terms t = cost.terms(x);
		assertEquals(cost.haadf(x), t.haadf(), 0);
		assertEquals(cost.chemical(x), t.chemical(), 0);
		assertEquals(org.fusedtomo.recon.TotalVariation.of(x.get(0)) + org.fusedtomo.recon.TotalVariation.of(x.get(1)), t.tv(), 1e-9);
		assertEquals(t.haadf() + 0.3 * t.chemical() + 0.7 * t.tv(), t.total(), 1e-9 * t.total());
		assertEquals(t.total(), cost.total(x), 1e-9 * t.total());
	}

	@Test
	void constructor_rejectsMismatchedInputs() {
		FusedCost good = tinyCost(1.6, 0);
		Projector h = good.haadfProjector();
		assertThrows(IllegalArgumentException.class, () -> new FusedCost(h, good.haadfData(), List.of(good.chemProjector(0)), List.of(good.chemData(1)), new double[] { 1 }, 1.6, 0.05, 0, 0.1));
		assertThrows(IllegalArgumentException.class, () -> new FusedCost(h, good.haadfData(), List.of(good.chemProjector(0)), List.of(good.chemData(0)), new double[] { 1, 2 }, 1.6, 0.05, 0, 0.1));
		assertThrows(IllegalArgumentException.class, () -> good.haadf(List.of(Volume.zeros(VG))));
	}

	/**
	 * Workspaces sharing the y slices [0, 1) and [1, 2) (a slab's own slices, as on Spark) sum each term to the
	 * whole volume's (double sums regrouped: 1e-12 relative) and leave the gradient the whole's, bit for bit.
	 */
	@Test
	void sharesOfYSlicesAddUpToTheWhole() {
		for (boolean joint : new boolean[] { false, true }) {
			FusedCost cost = tinyCost(1.6, 0.5).withJointTv(joint);
			List<Volume> x = randomPositive(5), z = randomPositive(6);
			FusedCost.Workspace whole = cost.new Workspace(Parallelism.SERIAL);
			FusedCost.Workspace[] shares = { cost.new Workspace(Parallelism.SERIAL, 0, 1), cost.new Workspace(Parallelism.SERIAL, 1, 2) };
			List<Volume> g = ElementVolumes.zerosLike(x);
			double f = cost.smoothGradient(x, g, whole), h = cost.haadf(x, whole), c = cost.chemical(x, whole), t = cost.tv(x, whole);
			double[] metric = { 2, 3 };
			double sq = ProximalGradientSolver.slopeAndQuadratic(z, x, g, metric, whole);
			double fs = 0, hs = 0, cs = 0, ts = 0, sqs = 0;
			for (FusedCost.Workspace w : shares) {
				List<Volume> gs = ElementVolumes.zerosLike(x);
				fs += cost.smoothGradient(x, gs, w);
				for (int e = 0; e < 2; e++)
					assertArrayEquals(g.get(e).data(), gs.get(e).data(), "gradient of element " + e);
				hs += cost.haadf(x, w);
				cs += cost.chemical(x, w);
				ts += cost.tv(x, w);
				sqs += ProximalGradientSolver.slopeAndQuadratic(z, x, g, metric, w);
			}
			assertEquals(f, fs, 1e-12 * Math.abs(f));
			assertEquals(h, hs, 1e-12 * Math.abs(h));
			assertEquals(c, cs, 1e-12 * Math.abs(c));
			assertEquals(t, ts, 1e-12 * Math.abs(t), "tv, joint " + joint);
			assertEquals(sq, sqs, 1e-12 * Math.abs(sq));
			assertTrue(t > 0 && sq != 0);
		}
	}
}
