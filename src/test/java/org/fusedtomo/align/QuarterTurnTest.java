package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.junit.jupiter.api.Test;

class QuarterTurnTest {

	private static TiltSeries ramp(int w, int h) {
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(w, h, new double[] { -10, 10 }));
		for (int i = 0; i < s.data().length; i++)
			s.data()[i] = i;
		return s;
	}

	@Test
	void ninetyMovesTheRightEdgeToTheTopAndSwapsTheSize() {
		TiltSeries s = ramp(3, 2);
		TiltSeries r = QuarterTurn.rotate(s, 90);
		assertEquals(2, r.width());
		assertEquals(3, r.height());
		for (int a = 0; a < 2; a++)
			for (int y = 0; y < 2; y++)
				for (int x = 0; x < 3; x++)
					assertEquals(s.get(x, y, a), r.get(y, 2 - x, a));
	}

	@Test
	void fourQuarterTurnsAndMinusNinetyUndo() {
		TiltSeries s = ramp(4, 3);
		TiltSeries r = s;
		for (int i = 0; i < 4; i++)
			r = QuarterTurn.rotate(r, 90);
		assertArrayEquals(s.data(), r.data());
		assertArrayEquals(s.data(), QuarterTurn.rotate(QuarterTurn.rotate(s, 90), -90).data());
		assertArrayEquals(QuarterTurn.rotate(s, 270).data(), QuarterTurn.rotate(s, -90).data());
		assertArrayEquals(QuarterTurn.rotate(QuarterTurn.rotate(s, 90), 90).data(), QuarterTurn.rotate(s, 180).data());
	}

	@Test
	void refusesNonQuarterTurns() {
		assertThrows(IllegalArgumentException.class, () -> QuarterTurn.normalise(45));
		assertEquals(270, QuarterTurn.normalise(-90));
		assertEquals(0, QuarterTurn.normalise(360));
	}
}
