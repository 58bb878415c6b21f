package org.fusedtomo.recon.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.Mlem;
import org.fusedtomo.recon.MlemOptions;
import org.fusedtomo.simulate.Phantom;
import org.fusedtomo.simulate.Phantoms;
import org.junit.jupiter.api.Test;

class ProximalGradientSolverTest {

	/** The backtracking model's terms against their definition, summed in one order, and the same on 1 and 3 threads. */
	@Test
	void slopeAndQuadratic_equalsTheDefinitionOnAnyThreads() {
		// NB: more voxels than two chunks of the threads' split.
		VolumeGeometry geometry = new VolumeGeometry(70, 40, 50);
		java.util.SplittableRandom random = new java.util.SplittableRandom(123);
		List<Volume> z = new ArrayList<>(), y = new ArrayList<>(), g = new ArrayList<>();
		for (List<Volume> set : List.of(z, y, g))
			for (int e = 0; e < 3; e++) {
				Volume v = Volume.zeros(geometry);
				for (int i = 0; i < v.data().length; i++)
					v.data()[i] = (float) random.nextDouble(-1, 2);
				set.add(v);
			}
		double[] metric = { 0.5, 3, 11 };
		double expected = 0;
		for (int e = 0; e < 3; e++) {
			float[] zd = z.get(e).data(), yd = y.get(e).data(), gd = g.get(e).data();
			for (int i = 0; i < zd.length; i++) {
				double d = (double) zd[i] - yd[i];
				expected += d * gd[i] + metric[e] * d * d / 2;
			}
		}
		double serial = ProximalGradientSolver.slopeAndQuadratic(z, y, g, metric, Parallelism.SERIAL);
		assertEquals(expected, serial, 1e-12 * Math.abs(expected) + 1e-12);
		assertEquals(serial, ProximalGradientSolver.slopeAndQuadratic(z, y, g, metric, new Parallelism(3)), 0);
	}

	@Test
	void run_costHistoryIsNonIncreasing() {
		for (double lambdaTv : new double[] { 0, 0.05 }) {
			FusedCost cost = FusedCostTest.tinyCost(1.6, lambdaTv);
			List<Volume> x = FusedCostTest.randomPositive(21);
			double start = cost.total(x);
			FusedParameters p = FusedParameters.DEFAULT.withSolver(FusedSolver.PROXIMAL_GRADIENT).withIterations(40).withThreads(1)
				.withLambdas(10, cost.lambdaChem(), lambdaTv);
			double[] total = ProximalGradientSolver.run(cost, x, p, Parallelism.SERIAL, Monitor.NONE, 0, 40).values("total");
			assertEquals(40, total.length);
			assertTrue(total[0] <= start, "first iterate " + total[0] + " above the start " + start);
			for (int k = 1; k < total.length; k++)
				assertTrue(total[k] <= total[k - 1], "lambdaTv " + lambdaTv + ": cost rose at iteration " + k + ": " + total[k - 1] + " -> " + total[k]);
			assertTrue(total[39] < start - 0.1 * Math.abs(start), "lambdaTv " + lambdaTv + ": cost barely fell: " + start + " -> " + total[39]);
			assertEquals(total[39], cost.total(x), 1e-6 * Math.abs(total[39]), "the returned volumes are the last recorded iterate");
			for (Volume v : x)
				for (float f : v.data())
					assertTrue(f >= 0);
		}
	}

	/**
	 * Data that the fused model explains exactly (b_H = A_h Σ w x^γ, b_e = A_e x_e, so that the truth
	 * minimises F without TV): from a 20-iteration EM start on 9 chemical tilts, the solver approaches the
	 * truth, which the chemical tilts alone cannot give.
	 */
	@Test
	void run_approachesTheMinimiserOfConsistentData() {
		VolumeGeometry g = new VolumeGeometry(32, 16, 32);
		Parallelism parallelism = new Parallelism(2);
		Phantom phantom = Phantoms.create(Phantoms.CORE_SHELL, g, 3);
		Projector h = Projectors.create(g, new TiltGeometry(32, 16, TiltGeometry.range(-70, 70, 3)), parallelism);
		Projector c = Projectors.create(g, new TiltGeometry(32, 16, TiltGeometry.range(-60, 60, 15)), parallelism);
		double eps = 0.1;
		List<Volume> truth = new ArrayList<>(), x = new ArrayList<>();
		List<TiltSeries> chem = new ArrayList<>();
		for (String element : phantom.elements()) {
			Volume t = phantom.density(element);
			truth.add(t);
			TiltSeries b = c.forward(t);
			x.add(new Mlem(c, MlemOptions.DEFAULT).run(b, null, 20, Monitor.NONE).volume());
			chem.add(b);
		}
		double[] w = WeightMethod.Z_OVER_SUM_Z.weights(phantom.elements(), 1.6);
		TiltSeries haadf = TiltSeries.zeros(h.tiltGeometry());
		FusedCost cost = new FusedCost(h, haadf, List.of(c, c, c), chem, w, 1.6, 0.05, 0, eps);
		System.arraycopy(h.forward(cost.haadfModel(truth)).data(), 0, haadf.data(), 0, haadf.data().length);
		double[] start = new double[3];
		for (int e = 0; e < 3; e++)
			start[e] = Nrmse.of(x.get(e), truth.get(e));
		FusedParameters p = FusedParameters.DEFAULT.withSolver(FusedSolver.PROXIMAL_GRADIENT).withIterations(100).withLambdas(10, 0.05, 0);
		double[] total = ProximalGradientSolver.run(cost, x, p, parallelism, Monitor.NONE, 0, 100).values("total");
		double optimum = cost.total(truth);
		assertTrue(total[99] - optimum < 1e-4 * optimum, "F " + total[99] + " vs F(truth) " + optimum);
		for (int e = 0; e < 3; e++) {
			double nrmse = Nrmse.of(x.get(e), truth.get(e));
			System.out.printf("consistent data, proximal gradient: %s NRMSE %.4f from %.4f%n", phantom.elements().get(e), nrmse, start[e]);
			assertTrue(nrmse < 0.1 && nrmse < 0.6 * start[e], phantom.elements().get(e) + " NRMSE " + nrmse + " from " + start[e]);
		}
	}
}
