package org.fusedtomo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.fusedtomo.geometry.TiltGeometry;
import org.junit.jupiter.api.Test;

class FieldOfViewTest {

	private static final double[] IDP_TILTS = TiltGeometry.range(-40, 35, 5);

	@Test
	void margin_letsEveryRayCrossTheWholeDepthAtTheLargestTilt() {
		// ceil(32 tan 40 deg) = ceil(26.85): the IDP set, 64 px wide and deep, tilted to -40 deg.
		assertEquals(27, FieldOfView.margin(new TiltGeometry(64, 64, IDP_TILTS), 64));
		assertEquals(0, FieldOfView.margin(new TiltGeometry(64, 64, new double[] { 0 }), 64));
		// ceil(5 tan 45 deg) = 5; at most half the view's width (16 x 60 deg would need 56).
		assertEquals(5, FieldOfView.margin(new TiltGeometry(40, 4, new double[] { -45, 10 }), 10));
		assertEquals(8, FieldOfView.margin(new TiltGeometry(16, 4, new double[] { -60, 60 }), 64));
	}

	@Test
	void aSpecimenInsideTheViewGetsNoMarginAndASectionCutByItDoes() {
		TiltGeometry g = new TiltGeometry(32, 8, IDP_TILTS);
		TiltSeries inside = TiltSeries.zeros(g), cut = TiltSeries.zeros(g);
		for (int a = 0; a < g.angleCount(); a++)
			for (int y = 0; y < 8; y++)
				for (int x = 0; x < 32; x++) {
					// a particle 12 px across in the middle; a section: the same on a film that fills the width
					double particle = Math.abs(x - 15.5) < 6 ? 1 : 0;
					inside.set(x, y, a, (float) particle);
					cut.set(x, y, a, (float) (particle + 0.4));
				}
		assertEquals(0, FieldOfView.edgeFraction(inside), 1e-12);
		assertFalse(FieldOfView.truncated(inside));
		assertEquals(0, FieldOfView.automaticMargin(inside, 32));
		// film 0.4 against a mean of 0.4 + 12/32
		assertEquals(0.4 / (0.4 + 12.0 / 32), FieldOfView.edgeFraction(cut), 1e-6);
		assertTrue(FieldOfView.truncated(cut));
		assertEquals(FieldOfView.margin(g, 32), FieldOfView.automaticMargin(cut, 32));
	}

	@Test
	void edgeFraction_isThatOfTheMedianTiltAndTheBrighterEdge() {
		TiltGeometry g = new TiltGeometry(16, 2, new double[] { -10, 0, 10 });
		TiltSeries s = TiltSeries.zeros(g);
		Arrays.fill(s.data(), 1f);
		// tilt 0: its right edge (4 columns) at 3, the rest 1: mean (12 + 12) / 16 = 1.5, edge 3 / 1.5 = 2
		for (int y = 0; y < 2; y++)
			for (int x = 12; x < 16; x++)
				s.set(x, y, 1, 3f);
		// tilt 10 deg: edges dark, fraction 0
		for (int y = 0; y < 2; y++)
			for (int x = 0; x < 16; x++)
				if (x < 4 || x >= 12)
					s.set(x, y, 2, 0f);
		// fractions 1, 2, 0: the median is 1
		assertEquals(1, FieldOfView.edgeFraction(s), 1e-12);
	}
}
