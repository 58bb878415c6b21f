package org.fusedtomo.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.junit.jupiter.api.Test;

class ProjectionShiftsTest {

	@Test
	void applyTo_integerShiftMovesPixelsExactlyWithZeroFill() {
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(4, 3, new double[] { 0, 10 }));
		s.set(1, 1, 0, 5);
		s.set(3, 2, 1, 7);
		TiltSeries out = new ProjectionShifts(new double[] { 2, 1 }, new double[] { -1, 0 }).applyTo(s);
		assertEquals(5, out.get(3, 0, 0));
		assertEquals(5, sum(out, 0), 0);
		assertEquals(0, sum(out, 1), 0, "content shifted off the edge is lost, nothing wraps");
	}

	@Test
	void applyTo_halfPixelShiftSplitsBetweenNeighbours() {
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(5, 5, new double[] { 0 }));
		s.set(2, 2, 0, 4);
		TiltSeries out = new ProjectionShifts(new double[] { 0.5 }, new double[] { -0.25 }).applyTo(s);
		assertEquals(4 * 0.5 * 0.75, out.get(2, 2, 0), 1e-6);
		assertEquals(4 * 0.5 * 0.75, out.get(3, 2, 0), 1e-6);
		assertEquals(4 * 0.5 * 0.25, out.get(2, 1, 0), 1e-6);
		assertEquals(4 * 0.5 * 0.25, out.get(3, 1, 0), 1e-6);
		assertEquals(4, sum(out, 0), 1e-6);
	}

	@Test
	void interpolate_isLinearInAngleAndClampedOutside() {
		ProjectionShifts s = new ProjectionShifts(new double[] { 3, 1, 2 }, new double[] { 0, -2, 4 });
		// Angles out of order on purpose: 10°, -10°, 30°.
		ProjectionShifts t = s.interpolate(new double[] { 10, -10, 30 }, new double[] { -20, 0, 10, 25, 40 });
		assertArrayEquals(new double[] { 1, 2, 3, 2.25, 2 }, t.dxPx(), 1e-12);
		assertArrayEquals(new double[] { -2, -1, 0, 3, 4 }, t.dyPx(), 1e-12);
	}

	@Test
	void negated_undoesIntegerShifts() {
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(6, 6, new double[] { 0 }));
		s.set(2, 3, 0, 1);
		ProjectionShifts p = new ProjectionShifts(new double[] { 1 }, new double[] { -2 });
		assertArrayEquals(s.data(), p.negated().applyTo(p.applyTo(s)).data());
	}

	@Test
	void constructor_copiesAndValidates() {
		double[] x = { 1 };
		ProjectionShifts p = new ProjectionShifts(x, new double[] { 2 });
		x[0] = 5;
		assertEquals(1, p.dx(0));
		p.dxPx()[0] = 7;
		assertEquals(1, p.dx(0));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ProjectionShifts(new double[] { Double.NaN }, new double[] { 0 }));
		assertTrue(e.getMessage().contains("NaN"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new ProjectionShifts(new double[2], new double[3]));
	}

	static double sum(TiltSeries s, int a) {
		double t = 0;
		for (int i = 0; i < s.width() * s.height(); i++)
			t += s.data()[s.projectionOffset(a) + i];
		return t;
	}
}
