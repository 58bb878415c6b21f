package org.fusedtomo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.junit.jupiter.api.Test;

import ij.process.ColorProcessor;
import net.imglib2.img.array.ArrayImgs;

/** The row labels of {@link ReprojectionComparison#montage}: the tilt by default, given labels for 2D maps (no "0.0°"). */
class ReprojectionComparisonTest {

	private static TiltSeries ramp() {
		float[] d = new float[20 * 20];
		for (int i = 0; i < d.length; i++)
			d[i] = i % 20;
		return new TiltSeries(ArrayImgs.floats(d, 20, 20, 1), new double[] { 0 }, new Calibration(1, "nm"));
	}

	/** Lit pixels in the label column, below the header. */
	private static int litLabelPixels(ColorProcessor c) {
		int lit = 0;
		for (int y = 22; y < c.getHeight(); y++)
			for (int x = 0; x < 72; x++)
				if ((c.get(x, y) & 0xffffff) != 0)
					lit++;
		return lit;
	}

	@Test
	void rowsAreLabelledByTiltOrByTheLabelsGiven() {
		TiltSeries s = ramp();
		String[] headers = { "a", "b", "c" };
		int byTilt = litLabelPixels((ColorProcessor) ReprojectionComparison.montage("t", s, s, new int[] { 0 }, headers).getProcessor());
		int none = litLabelPixels((ColorProcessor) ReprojectionComparison.montage("t", s, s, new int[] { 0 }, headers, new String[] { "" }).getProcessor());
		int map = litLabelPixels((ColorProcessor) ReprojectionComparison.montage("t", s, s, new int[] { 0 }, headers, new String[] { "2D map" }).getProcessor());
		assertTrue(byTilt > 0, "the tilt is drawn");
		assertEquals(0, none, "an empty label draws nothing");
		assertTrue(map > byTilt, "'2D map' is longer than '0.0°': " + map + " vs " + byTilt);
		assertThrows(IllegalArgumentException.class, () -> ReprojectionComparison.montage("t", s, s, new int[] { 0 }, headers, new String[] { "a", "b" }));
	}
}
