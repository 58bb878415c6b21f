package org.fusedtomo.recon.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FusedParametersTest {

	@Test
	void default_isTheReference() {
		FusedParameters p = FusedParameters.DEFAULT;
		assertEquals(1.6, p.gamma());
		assertEquals(10, p.lambdaHaadf());
		assertEquals(0.05, p.lambdaChem());
		assertEquals(1e-4, p.lambdaTv());
		assertEquals(50, p.iterations());
		assertEquals(100, p.emIterations());
		assertEquals(5, p.sirtIterations());
		assertEquals(5, p.tvIterations());
		assertEquals(0.1, p.epsilon());
		assertEquals(WeightMethod.Z_OVER_SUM_Z, p.weightMethod());
		assertEquals(FusedSolver.REFERENCE, p.solver());
	}

	@Test
	void constructor_rejectsBadValuesNamingThem() {
		FusedParameters d = FusedParameters.DEFAULT;
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.withLambdas(10, -1, 1e-4));
		assertTrue(e.getMessage().contains("lambdaChem") && e.getMessage().contains("-1"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> d.withIterations(0));
		assertTrue(e.getMessage().contains("iterations") && e.getMessage().contains("0"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> d.withLambdas(0, 0.05, 1e-4));
		assertThrows(IllegalArgumentException.class, () -> d.withLambdas(10, 0.05, Double.NaN));
		assertThrows(IllegalArgumentException.class, () -> d.withThreads(0));
		assertThrows(IllegalArgumentException.class, () -> d.withEmIterations(-1));
		assertThrows(IllegalArgumentException.class, () -> new FusedParameters(0.5, 10, 0.05, 1e-4, 0, 50, 100, 5, 5, 0.1, WeightMethod.ONE, FusedSolver.REFERENCE, 1));
		assertThrows(IllegalArgumentException.class, () -> new FusedParameters(1.6, 10, 0.05, 1e-4, 0, 50, 100, 5, 5, 0, WeightMethod.ONE, FusedSolver.REFERENCE, 1));
		assertThrows(IllegalArgumentException.class, () -> new FusedParameters(1.6, 10, 0.05, 1e-4, 0, 50, 100, 5, 5, 0.1, null, FusedSolver.REFERENCE, 1));
	}
}
