package org.fusedtomo.recon.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.CostHistory;
import org.junit.jupiter.api.Test;

class ReferenceSolverTest {

	@Test
	void run_recordsEveryTermPerIterationAndKeepsVolumesNonNegative() {
		FusedCost cost = FusedCostTest.tinyCost(1.6, 1e-2);
		List<Volume> x = FusedCostTest.randomPositive(31);
		FusedParameters p = FusedParameters.REFERENCE.withIterations(6).withThreads(1).withLambdas(1, cost.lambdaChem(), 1e-2);
		CostHistory h = ReferenceSolver.run(cost, x, p, Parallelism.SERIAL, Monitor.NONE, 0, 6);
		assertEquals(List.of("haadf", "chem", "tv", "total"), h.terms());
		for (String term : h.terms())
			assertEquals(6, h.values(term).length, term);
		FusedCost.Terms last = cost.terms(x);
		assertEquals(last.haadf(), h.values("haadf")[5], 1e-9 * last.haadf());
		assertEquals(last.total(), h.values("total")[5], 1e-9 * last.total());
		for (Volume v : x)
			for (float f : v.data())
				assertTrue(f >= 0);
	}

	@Test
	void normalOperatorOnOnes_isOnePerRayAtZeroDegrees() {
		// At 0° each voxel lies on one ray of length nz: (AᵀA1)(x, z) = nz.
		VolumeGeometry vg = new VolumeGeometry(5, 1, 7);
		Projector a = Projectors.create(vg, new TiltGeometry(5, 1, new double[] { 0 }), Parallelism.SERIAL);
		assertEquals(7, org.fusedtomo.data.FloatArrays.max(ReferenceSolver.normalOperatorOnOnes(a).data()), 1e-5);
		assertEquals(1 / 7.0, ReferenceSolver.chemStepScale(7), 0);
		assertEquals(1, ReferenceSolver.chemStepScale(0), 0, "an operator that sees nothing");
	}
}
