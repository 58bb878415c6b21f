package org.fusedtomo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import ij.ImagePlus;

import org.junit.jupiter.api.Test;

class ScalingPlotTest {

	@Test
	void of_drawsEachCurveInItsColour() {
		double[] work = { 64.0 * 64 * 64 * 61, 128.0 * 128 * 128 * 61, 256.0 * 256 * 256 * 61 };
		ImagePlus imp = ScalingPlot.of("test", List.of(new ScalingPlot.Curve("forward, 1 thread", work, new double[] { 3, 4, 4 }),
			new ScalingPlot.Curve("forward, 2 threads", work, new double[] { 5, 7, 8 })));
		assertEquals(640, imp.getWidth(), 80);
		int[] rgb = (int[]) imp.getProcessor().convertToRGB().getPixels();
		// The first curve is blue, the second green: both must show.
		long blue = java.util.Arrays.stream(rgb).filter(p -> (p & 0xff) > 200 && ((p >> 16) & 0xff) < 60 && ((p >> 8) & 0xff) < 60).count();
		long green = java.util.Arrays.stream(rgb).filter(p -> ((p >> 8) & 0xff) > 120 && ((p >> 16) & 0xff) < 60 && (p & 0xff) < 60).count();
		assertTrue(blue > 30, "blue pixels " + blue);
		assertTrue(green > 30, "green pixels " + green);
	}

	@Test
	void curve_rejectsWorkAndGupsOfDifferentLengths() {
		assertThrows(IllegalArgumentException.class, () -> new ScalingPlot.Curve("bad", new double[] { 1, 2 }, new double[] { 1 }));
	}
}
