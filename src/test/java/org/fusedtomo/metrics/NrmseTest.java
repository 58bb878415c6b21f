package org.fusedtomo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NrmseTest {

	@Test
	void of_isZeroForAnyPositiveScaleOfTheTruth() {
		float[] g = { 1, 2, 3, 0 };
		assertEquals(0, Nrmse.of(new float[] { 3, 6, 9, 0 }, g), 1e-12);
		assertEquals(0, Nrmse.of(new float[] { 0.5f, 1, 1.5f, 0 }, g), 1e-7);
	}

	@Test
	void of_matchesHandComputedValue() {
		// x = (1, 0), g = (1, 1): α = 1, ‖αx − g‖ = 1, ‖g‖ = √2.
		assertEquals(1 / Math.sqrt(2), Nrmse.of(new float[] { 1, 0 }, new float[] { 1, 1 }), 1e-12);
		// x = (1, 1), g = (1, 0): α = 1/2, αx − g = (−1/2, 1/2), ratio √(1/2).
		assertEquals(Math.sqrt(0.5), Nrmse.of(new float[] { 1, 1 }, new float[] { 1, 0 }), 1e-12);
	}

	@Test
	void of_allZeroEstimateIsOne() {
		assertEquals(1, Nrmse.of(new float[] { 0, 0 }, new float[] { 1, 2 }), 1e-12);
	}

	@Test
	void of_rejectsZeroTruthAndSizeMismatch() {
		assertThrows(IllegalArgumentException.class, () -> Nrmse.of(new float[] { 1 }, new float[] { 0 }));
		assertThrows(IllegalArgumentException.class, () -> Nrmse.of(new float[] { 1, 2 }, new float[] { 1 }));
	}
}
