package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The information of the profile bound's harness ({@link AxisProfileBound#information}) against cases with a known answer:
 * profiles of 21 bins zero-padded to 40 samples, as {@link AxisProfiles} pads them, whose mass reaches the last bin.
 */
class AxisProfileBoundTest {

	static final int TILTS = 8, BINS = 21, SAMPLES = 40;
	static final double BACKGROUND = 0.05, DOSE = 100;

	/** Profiles {@code value(k)} in the bins and 0 beyond; lines of 30 pixels in the bins, none beyond. */
	static double[][][] profiles(java.util.function.IntToDoubleFunction value) {
		double[][] p0 = new double[TILTS][SAMPLES], ones = new double[TILTS][SAMPLES];
		for (int a = 0; a < TILTS; a++)
			for (int k = 0; k < BINS; k++) {
				p0[a][k] = value.applyAsDouble(k);
				ones[a][k] = 30;
			}
		return new double[][][] { p0, ones };
	}

	/** Tilt weights that sum to 0, so the mean profile (shared by every tilt) takes none of a signal {@code alpha_a f(k)}. */
	static double alpha(int a) {
		return a - (TILTS - 1) / 2.0;
	}

	@Test
	void information_ofASignalThatAShiftExplains_isZero_evenWhereTheMassReachesTheLastBin() {
		// A ramp from 1 to 3 over the bins: its last bin holds mass, and each tilt's rotation signal is alpha_a times the
		// shift's direction, so the shift along the axis explains all of it and the rotation is not determined at all.
		double[][][] p = profiles(k -> 1 + 2.0 * k / (BINS - 1));
		double[][] g = new double[TILTS][SAMPLES];
		double raw = 0;
		for (int a = 0; a < TILTS; a++)
			for (int k = 1; k < BINS - 1; k++) {
				g[a][k] = alpha(a) * 0.5 * (p[0][a][k + 1] - p[0][a][k - 1]);
				raw += g[a][k] * g[a][k] / ((p[0][a][k] + BACKGROUND * 30) / DOSE);
			}
		double info = AxisProfileBound.information(p[0], g, p[1], BACKGROUND, DOSE);
		// NB: with the padded samples counted as noiseless data the shift counted as known and the information was all of raw.
		assertTrue(info < 1e-9 * raw, "information " + info + " of " + raw);
	}

	@Test
	void information_ofASignalOrthogonalToTheNuisances_isItsWholeSumOverTheVariance() {
		// Flat profiles (no shift direction inside the bins), a signal alpha_a cos(k) whose tilt weights sum to 0: nothing
		// is eliminated, and every bin has variance (2 + 0.05 * 30) / 100.
		double[][][] p = profiles(k -> 2);
		double[][] g = new double[TILTS][SAMPLES];
		double expected = 0;
		for (int a = 0; a < TILTS; a++)
			for (int k = 1; k < BINS - 1; k++) {
				g[a][k] = alpha(a) * Math.cos(k);
				expected += g[a][k] * g[a][k] / ((2 + BACKGROUND * 30) / DOSE);
			}
		assertEquals(expected, AxisProfileBound.information(p[0], g, p[1], BACKGROUND, DOSE), 1e-9 * expected);
	}
}
