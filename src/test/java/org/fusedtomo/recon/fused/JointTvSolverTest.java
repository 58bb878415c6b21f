package org.fusedtomo.recon.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.fusedtomo.data.Volume;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.TotalVariation;
import org.junit.jupiter.api.Test;

/** Joint TV as an option of the fused cost and the proximal-gradient solver. */
class JointTvSolverTest {

	private static final double[] TV_SCALES = { 1.5, 0.7 };

	private static FusedCost jointCost() {
		return FusedCostTest.tinyCost(1.6, 0.05).withElementScales(new double[] { 2, 3 }, TV_SCALES).withJointTv(true);
	}

	@Test
	void cost_tvTermIsTheJointTvOfTheElements() {
		FusedCost joint = jointCost(), separate = joint.withJointTv(false);
		List<Volume> x = FusedCostTest.randomPositive(3);
		assertEquals(TotalVariation.joint(x, TV_SCALES, null, Parallelism.SERIAL), joint.tv(x), 1e-12);
		assertEquals(TV_SCALES[0] * TotalVariation.of(x.get(0)) + TV_SCALES[1] * TotalVariation.of(x.get(1)), separate.tv(x), 1e-9);
		// √(a² + b²) ≤ a + b per voxel, strictly where both elements vary.
		assertTrue(joint.tv(x) < separate.tv(x));
		assertEquals(joint.smooth(x) + joint.lambdaTv() * joint.tv(x), joint.total(x), 1e-9 * Math.abs(joint.total(x)));
		assertTrue(joint.jointTv());
		assertFalse(separate.jointTv());
		assertFalse(FusedCostTest.tinyCost(1.6, 0.05).jointTv(), "per-element TV unless asked");
	}

	@Test
	void solver_withJointTv_lowersTheJointCostMonotonically() {
		FusedCost cost = jointCost();
		List<Volume> x = FusedCostTest.randomPositive(21);
		double start = cost.total(x);
		FusedParameters p = FusedParameters.DEFAULT.withSolver(FusedSolver.PROXIMAL_GRADIENT).withIterations(40).withThreads(1).withLambdas(10, cost.lambdaChem(), 0.05)
			.withJointTv(true);
		double[] total = ProximalGradientSolver.run(cost, x, p, Parallelism.SERIAL, Monitor.NONE, 0, 40).values("total");
		for (int k = 1; k < total.length; k++)
			assertTrue(total[k] <= total[k - 1], "cost rose at iteration " + k + ": " + total[k - 1] + " -> " + total[k]);
		assertTrue(total[39] < start - 0.1 * Math.abs(start), "cost barely fell: " + start + " -> " + total[39]);
		assertEquals(total[39], cost.total(x), 1e-6 * Math.abs(total[39]), "the history records the joint cost of the returned volumes");
	}

	@Test
	void solver_withJointTv_beatsTheSeparateSolutionOnTheJointCost() {
		FusedCost joint = jointCost();
		FusedParameters p = FusedParameters.DEFAULT.withSolver(FusedSolver.PROXIMAL_GRADIENT).withIterations(60).withThreads(1).withLambdas(10, joint.lambdaChem(), 0.05);
		List<Volume> jointResult = FusedCostTest.randomPositive(22), separateResult = FusedCostTest.randomPositive(22);
		ProximalGradientSolver.run(joint, jointResult, p.withJointTv(true), Parallelism.SERIAL, Monitor.NONE, 0, 60);
		ProximalGradientSolver.run(joint.withJointTv(false), separateResult, p, Parallelism.SERIAL, Monitor.NONE, 0, 60);
		assertTrue(joint.total(jointResult) < joint.total(separateResult), "joint " + joint.total(jointResult) + " vs separate " + joint.total(separateResult));
	}

	@Test
	void parameters_jointTvIsOffByDefault_keptByTheOtherSetters_andNeedsTheProximalSolver() {
		assertFalse(FusedParameters.DEFAULT.jointTv());
		assertFalse(FusedParameters.REFERENCE.jointTv());
		FusedParameters joint = FusedParameters.DEFAULT.withJointTv(true);
		assertTrue(joint.withLambdas(10, 1, 1).withIterations(3).withEmIterations(4).withTvGuide(0.5).withThreads(1).withWeightMethod(WeightMethod.ONE).jointTv());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FusedParameters.REFERENCE.withJointTv(true));
		assertTrue(e.getMessage().contains("--joint-tv"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> joint.withSolver(FusedSolver.REFERENCE));
	}
}
