package org.fusedtomo.imglib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import net.imglib2.img.array.ArrayImgs;

import org.fusedtomo.data.Calibration;
import org.junit.jupiter.api.Test;

/**
 * The Fiji commands and the scripting API build their series with {@link TiltSeriesImgs#tiltSeries}: tilts in radians
 * given as degrees (numpy's deg2rad, a .rawtlt the image's angle field now defaults to) are refused there as the command
 * line's readers refuse them; they were reconstructed as a series spanning 2 degrees. Small series in degrees still pass.
 */
class TiltSeriesImgsRadiansTest {

	@Test
	void radiansAreRefusedAndSmallDegreeSeriesPass() {
		double[] degrees = { -60, -40, -20, 0, 20, 40, 60 };
		double[] radians = Arrays.stream(degrees).map(Math::toRadians).toArray();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> TiltSeriesImgs.tiltSeries(ArrayImgs.floats(4, 4, 7), radians, Calibration.PIXEL));
		assertTrue(e.getMessage().contains("look like radians (-60 to 60 deg)"), e.getMessage());
		assertEquals(1, TiltSeriesImgs.tiltSeries(ArrayImgs.floats(4, 4, 7), degrees, Calibration.PIXEL).size());
		assertEquals(1, TiltSeriesImgs.tiltSeries(ArrayImgs.floats(4, 4, 7), new double[] { -1.5, -1, -0.5, 0, 0.5, 1, 1.5 }, Calibration.PIXEL).size());
	}
}
