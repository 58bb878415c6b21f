package org.fusedtomo.recon.fused;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class WeightMethodTest {

	// Co (27), Mn (25), O (8): ΣZ = 60, mean Z = 20.
	private static final List<String> CO_MN_O = List.of("Co", "Mn", "O");

	@Test
	void weights_one() {
		assertArrayEquals(new double[] { 1, 1, 1 }, WeightMethod.ONE.weights(CO_MN_O, 1.6), 0);
	}

	@Test
	void weights_zOverMeanZ() {
		assertArrayEquals(new double[] { 27 / 20.0, 25 / 20.0, 8 / 20.0 }, WeightMethod.Z_OVER_MEAN_Z.weights(CO_MN_O, 1.6), 1e-12);
	}

	@Test
	void weights_zOverSumZ() {
		assertArrayEquals(new double[] { 0.45, 25 / 60.0, 8 / 60.0 }, WeightMethod.Z_OVER_SUM_Z.weights(CO_MN_O, 1.6), 1e-12);
	}

	@Test
	void weights_zGammaOverMeanAndSum() {
		// γ = 2 keeps the arithmetic exact: Z² = 729, 625, 64; Σ = 1418.
		assertArrayEquals(new double[] { 729 * 3 / 1418.0, 625 * 3 / 1418.0, 64 * 3 / 1418.0 }, WeightMethod.Z_GAMMA_OVER_MEAN.weights(CO_MN_O, 2), 1e-12);
		assertArrayEquals(new double[] { 729 / 1418.0, 625 / 1418.0, 64 / 1418.0 }, WeightMethod.Z_GAMMA_OVER_SUM.weights(CO_MN_O, 2), 1e-12);
		// Au (79) and Ti (22) at γ = 1.6.
		double au = Math.pow(79, 1.6), ti = Math.pow(22, 1.6);
		assertArrayEquals(new double[] { au / (au + ti), ti / (au + ti) }, WeightMethod.Z_GAMMA_OVER_SUM.weights(List.of("Au", "Ti"), 1.6), 1e-12);
	}

	@Test
	void ofCode_matchesReferenceNumbers() {
		for (WeightMethod m : WeightMethod.values())
			assertEquals(m, WeightMethod.ofCode(m.code()));
		assertEquals(WeightMethod.Z_OVER_SUM_Z, WeightMethod.ofCode(3));
		assertThrows(IllegalArgumentException.class, () -> WeightMethod.ofCode(5));
	}

	@Test
	void weights_rejectsUnknownElement() {
		assertThrows(IllegalArgumentException.class, () -> WeightMethod.ONE.weights(List.of("Co", "Qq"), 1.6));
	}
}
