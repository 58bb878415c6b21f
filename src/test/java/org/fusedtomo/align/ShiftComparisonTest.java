package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class ShiftComparisonTest {

	@Test
	void of_scalesCentresAndInterpolatesTheReference() {
		// Ours at 0, 10, 20 deg in binned pixels (x2): raw x = 2 * (1 + dx) = 2, 4, 12 -> centred -4, -2, 6; y = 0, 0, 6 -> -2, -2, 4.
		Alignment ours = new Alignment(new double[] { 0, 10, 20 }, new double[] { 0, 1, 5 }, new double[] { 0, 0, 3 }, 0, 1, List.of());
		// Reference every 5 deg: x = 7 at 0, 9 at 10 (between 8 and 10), 17 at 20; y = 1, 1, 1 at our tilts.
		Alignment reference = new Alignment(new double[] { 0, 5, 15, 20 }, new double[] { 7, 8, 10, 17 }, new double[] { 1, 1, 1, 1 }, 0, 0, List.of());
		ShiftComparison c = ShiftComparison.of(ours, reference, 2);
		assertArrayEquals(new double[] { -4, -2, 6 }, c.dx(), 1e-12);
		assertArrayEquals(new double[] { -2, -2, 4 }, c.dy(), 1e-12);
		assertArrayEquals(new double[] { -4, -2, 6 }, c.referenceDx(), 1e-12);
		assertArrayEquals(new double[] { 0, 0, 0 }, c.referenceDy(), 1e-12);
		assertEquals(0, c.rmsX(), 1e-12);
		assertEquals(Math.sqrt((4 + 4 + 16) / 3.0), c.rmsY(), 1e-12);
	}
}
