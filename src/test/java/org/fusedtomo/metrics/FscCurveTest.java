package org.fusedtomo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reading a curve: the 0.143 crossing, and whether there is one at all (else the value is the sampling's bound). */
class FscCurveTest {

	private static FscCurve curve(double... correlations) {
		double[] f = new double[correlations.length];
		long[] v = new long[correlations.length];
		for (int i = 0; i < f.length; i++) {
			f[i] = 0.5 * i / (f.length - 1);
			v[i] = 100;
		}
		return new FscCurve(f, correlations, v);
	}

	@Test
	void aCurveThatStaysAboveDoesNotCrossAndReadsTheLastShell() {
		FscCurve c = curve(1, 0.99, 0.9, 0.6, 0.3);
		assertFalse(c.crosses(FscCriterion.FIXED_0143));
		assertEquals(0.5, c.crossingFrequency(FscCriterion.FIXED_0143), 0);
		assertEquals(2, c.resolutionPx(FscCriterion.FIXED_0143), 0);
	}

	@Test
	void aCurveThatFallsBelowCrossesBetweenTheTwoShellsAroundIt() {
		// Shells at 0, 0.125, 0.25, 0.375, 0.5: 0.243 at 0.25 and 0.043 at 0.375 put 0.143 half way, at 0.3125.
		FscCurve c = curve(1, 0.8, 0.243, 0.043, 0.5);
		assertTrue(c.crosses(FscCriterion.FIXED_0143));
		assertEquals(0.3125, c.crossingFrequency(FscCriterion.FIXED_0143), 1e-12);
		// An empty shell in between is skipped: the crossing is interpolated between its neighbours.
		FscCurve gap = curve(1, 0.243, Double.NaN, 0.043, 0.5);
		assertTrue(gap.crosses(FscCriterion.FIXED_0143));
		assertEquals(0.125 + 0.25 * 0.5, gap.crossingFrequency(FscCriterion.FIXED_0143), 1e-12);
	}
}
