package org.fusedtomo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
					// a particle 12 px across in the middle, on a constant offset (not specimen: the 5th percentile);
					// a section: the particle in a wedge-shaped film that crosses the view, 0 to 0.62 thick
					double particle = Math.abs(x - 15.5) < 6 ? 1 : 0;
					inside.set(x, y, a, (float) (particle + 0.3));
					cut.set(x, y, a, (float) (particle + 0.02 * x));
				}
		assertEquals(0, FieldOfView.edgeFraction(inside), 1e-6);
		assertFalse(FieldOfView.truncated(inside));
		assertEquals(0, FieldOfView.automaticMargin(inside, 32));
		// right edge (its outer 32/32 = 1 column) 0.02 * 31 = 0.62 against a mean of 0.31 + 12/32, both above the 5th percentile 0.02 (x = 1)
		assertEquals((0.62 - 0.02) / (0.31 + 12.0 / 32 - 0.02), FieldOfView.edgeFraction(cut), 1e-6);
		assertTrue(FieldOfView.truncated(cut));
		assertEquals(FieldOfView.margin(g, 32), FieldOfView.automaticMargin(cut, 32));
		// with its chemical maps: the same margin on the HAADF grid, none for maps binned 2x (placed on the view's width)
		TiltSeries binned = TiltSeries.zeros(new TiltGeometry(16, 4, IDP_TILTS));
		assertEquals(FieldOfView.margin(g, 32), FieldOfView.automaticMargin(new MultiModalSeries(cut, java.util.Map.of("Co", cut)), 32));
		assertEquals(0, FieldOfView.automaticMargin(new MultiModalSeries(cut, java.util.Map.of("Co", binned),
			java.util.Map.of("Co", new ChemicalSampling(2, 0, 0))), 32));
	}

	@Test
	void edgeFraction_isThatOfTheMedianTiltAndTheBrighterEdge() {
		TiltGeometry g = new TiltGeometry(16, 2, new double[] { -10, 0, 10 });
		TiltSeries s = TiltSeries.zeros(g);
		for (int a = 0; a < 3; a++)
			for (int y = 0; y < 2; y++)
				for (int x = 4; x < 12; x++)
					s.set(x, y, a, 1f);
		for (int y = 0; y < 2; y++)
			for (int x = 0; x < 4; x++) {
				// tilt 0: right edge 3 (background 0, mean 20/16: 2.4); tilt 10: edges 0.5 and 0.25 (background 0.25,
				// mean 11/16: (0.5 - 0.25) / (11/16 - 0.25) = 4/7); tilt -10: edges dark, 0
				s.set(12 + x, y, 1, 3f);
				s.set(x, y, 2, 0.5f);
				s.set(12 + x, y, 2, 0.25f);
			}
		assertEquals(4.0 / 7, FieldOfView.edgeFraction(s), 1e-6);
	}
}
