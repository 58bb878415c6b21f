package org.fusedtomo.recon.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.fusedtomo.data.Volume;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.junit.jupiter.api.Test;

class ProximalGradientSolverTest {

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
}
