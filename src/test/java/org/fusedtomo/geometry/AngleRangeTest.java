package org.fusedtomo.geometry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AngleRangeTest {

	@Test
	void parse_givesEveryStepFromFirstToLast() {
		assertArrayEquals(new double[] { -10, -5, 0, 5, 10 }, AngleRange.parse("--angles", "-10:10:5"), 0);
		assertArrayEquals(new double[] { -1.5, 0, 1.5 }, AngleRange.parse("--angles", " -1.5 : 1.5 : 1.5 "), 0);
		// the last angle is dropped when the step does not reach it
		assertArrayEquals(new double[] { 0, 4 }, AngleRange.parse("--angles", "0:7:4"), 0);
	}

	@Test
	void parse_namesTheOptionAndValueOnOneLine() {
		for (String bad : new String[] { "-70:70", "a:1:2", "10:-10:1", "0:1:0" }) {
			String m = assertThrows(IllegalArgumentException.class, () -> AngleRange.parse("--chem-angles", bad)).getMessage();
			assertTrue(m.startsWith("--chem-angles"), m);
			assertFalse(m.contains("\n"), m);
		}
		assertEquals("--chem-angles '-70:70' is not an angle range FIRST:LAST:STEP in degrees, e.g. -70:70:3",
			assertThrows(IllegalArgumentException.class, () -> AngleRange.parse("--chem-angles", "-70:70")).getMessage());
	}

	@Test
	void isRange_tellsRangesFromLists() {
		assertTrue(AngleRange.isRange("-70:70:3"));
		assertFalse(AngleRange.isRange("-60, 0, 60"));
	}
}
