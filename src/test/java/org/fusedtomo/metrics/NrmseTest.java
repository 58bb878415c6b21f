package org.fusedtomo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
	void ofMeasured_scoresThePixelsThatHoldDataOnly() {
		// g = (1, NaN, 1) with x = (1, 1000, 0): over the two measured pixels, the hand value of (1, 0) against (1, 1).
		float nan = Float.NaN;
		assertEquals(1 / Math.sqrt(2), Nrmse.ofMeasured(new float[] { 1, 1000, 0 }, new float[] { 1, nan, 1 }), 1e-12);
		assertEquals(0, Nrmse.ofMeasured(new float[] { 2, -7, 4 }, new float[] { 1, nan, 2 }), 1e-12);
		assertEquals(Nrmse.of(new float[] { 1, 1 }, new float[] { 1, 0 }), Nrmse.ofMeasured(new float[] { 1, 1 }, new float[] { 1, 0 }), 0);
		assertThrows(IllegalArgumentException.class, () -> Nrmse.ofMeasured(new float[] { 1, 2 }, new float[] { nan, nan }));
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

	/** The sums and squared errors of parts (slabs), added, give the whole arrays' NRMSE within double round-off. */
	@Test
	void partsSharesAddUpToTheWholeNrmse() {
		java.util.Random r = new java.util.Random(3);
		float[] x = new float[1000], g = new float[1000];
		for (int i = 0; i < x.length; i++) {
			g[i] = r.nextFloat();
			x[i] = 2.5f * g[i] + 0.1f * (float) r.nextGaussian();
		}
		int[] cuts = { 0, 1, 400, 401, 1000 };
		Nrmse.Sums sums = Nrmse.Sums.ZERO;
		for (int i = 0; i + 1 < cuts.length; i++)
			sums = sums.plus(Nrmse.Sums.of(x, g, cuts[i], cuts[i + 1]));
		double err = 0;
		for (int i = 0; i + 1 < cuts.length; i++)
			err += Nrmse.squaredError(x, g, cuts[i], cuts[i + 1], sums.alpha());
		double whole = Nrmse.of(x, g);
		assertTrue(whole > 0.01, "not a trivial case: " + whole);
		assertEquals(whole, Nrmse.of(sums, err), 1e-14 * whole);
	}
}
