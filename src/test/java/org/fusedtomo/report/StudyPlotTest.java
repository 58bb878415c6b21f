package org.fusedtomo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;

import org.fusedtomo.study.StudyMethod;
import org.fusedtomo.study.StudyRow;
import org.junit.jupiter.api.Test;

class StudyPlotTest {

	@Test
	void of_drawsEveryMethodInItsColour() throws Exception {
		List<StudyRow> rows = new ArrayList<>();
		for (int n : new int[] { 3, 9, 47 })
			for (double c : new double[] { 5, 80 })
				for (StudyMethod m : StudyMethod.values())
					rows.add(new StudyRow(n, c, m, Map.of("Co", 0.1 + m.ordinal() * 0.1 + 1.0 / n), 1));
		ImagePlus imp = StudyPlot.of("test", rows);
		assertEquals(720, imp.getWidth(), 80);
		int[] rgb = (int[]) imp.getProcessor().convertToRGB().getPixels();
		// The fused (reference) curve is dark red: some pixels must carry it.
		long red = java.util.Arrays.stream(rgb).filter(p -> ((p >> 16) & 0xff) > 150 && ((p >> 8) & 0xff) < 60 && (p & 0xff) < 60).count();
		assertTrue(red > 50, "red pixels " + red);
		String dir = System.getProperty("fusedtomo.savePlots");
		if (dir != null)
			javax.imageio.ImageIO.write(imp.getBufferedImage(), "png", new java.io.File(dir, "studyplot.png"));
	}

	@Test
	void everyMethodHasItsOwnColour() {
		java.util.Set<java.awt.Color> colours = new java.util.HashSet<>();
		for (StudyMethod m : StudyMethod.values())
			assertTrue(colours.add(StudyPlot.colour(m)), m + " shares a colour");
	}
}
