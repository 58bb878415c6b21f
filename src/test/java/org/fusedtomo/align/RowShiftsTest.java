package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.junit.jupiter.api.Test;

class RowShiftsTest {

	@Test
	void integerShifts_moveEveryRowAndBringInZeros() {
		int w = 12, h = 3;
		TiltSeries s = new TiltSeries(new TiltGeometry(w, h, new double[] { -30, 0, 45 }), Calibration.PIXEL);
		Random random = new Random(5);
		for (int i = 0; i < s.data().length; i++)
			s.data()[i] = random.nextFloat();
		float[] original = s.data().clone();
		RowShifts rows = new RowShifts(s);
		for (int delta : new int[] { 0, 3, -2 }) {
			TiltSeries moved = rows.moved(delta);
			for (int a = 0; a < 3; a++)
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++) {
						int from = x + delta;
						double expected = from >= 0 && from < w ? original[s.projectionOffset(a) + y * w + from] : 0;
						assertEquals(expected, moved.data()[moved.projectionOffset(a) + y * w + x], 1e-5, "delta " + delta + " at " + a + "," + y + "," + x);
					}
		}
		assertEquals(0, java.util.Arrays.compare(original, s.data()), "the input is not modified");
	}

	@Test
	void shiftsCompose_halfAndHalfIsOne() {
		int w = 16;
		TiltSeries s = new TiltSeries(new TiltGeometry(w, 1, new double[] { 0 }), Calibration.PIXEL);
		// A smooth bump far from the edges, so that the zero padding does not matter.
		for (int x = 0; x < w; x++)
			s.data()[x] = (float) Math.exp(-0.5 * (x - 7.5) * (x - 7.5) / 4);
		TiltSeries half = new RowShifts(s).moved(0.5);
		float[] once = new RowShifts(half).moved(0.5).data().clone();
		float[] whole = new RowShifts(s).moved(1).data();
		for (int x = 0; x < w; x++)
			assertEquals(whole[x], once[x], 2e-3, "at " + x);
	}
}
