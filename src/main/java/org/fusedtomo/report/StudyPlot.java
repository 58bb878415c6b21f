package org.fusedtomo.report;

import java.awt.Color;
import java.util.Comparator;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Plot;

import org.fusedtomo.study.StudyMethod;
import org.fusedtomo.study.StudyRow;

/**
 * Mean NRMSE against chemical dose (tilts × counts per pixel), log dose axis: one colour per method and
 * one curve per counts level, joining its points across the numbers of tilts.
 */
public final class StudyPlot {

	/** One colour per {@link StudyMethod}, in its order: fused reference, proximal, guided, then EM, SIRT, TV. */
	private static final Color[] COLOURS = { new Color(200, 0, 0), new Color(230, 120, 0), Color.BLUE, new Color(0, 150, 0), Color.MAGENTA,
		new Color(0, 170, 190) };

	private StudyPlot() {}

	/** The colour of a method's curves. */
	static Color colour(StudyMethod m) {
		return COLOURS[m.ordinal()];
	}

	public static ImagePlus of(String title, List<StudyRow> rows) {
		Plot plot = new Plot(title, "chemical dose (tilts x counts per pixel)", "mean NRMSE over elements");
		plot.setSize(720, 440);
		plot.setLogScaleX();
		double maxY = rows.stream().mapToDouble(StudyRow::meanNrmse).max().orElse(1);
		double minX = rows.stream().mapToDouble(StudyRow::dose).min().orElse(1), maxX = rows.stream().mapToDouble(StudyRow::dose).max().orElse(10);
		plot.setLimits(minX / 1.3, maxX * 1.3, 0, Math.min(1.2, maxY * 1.1));
		StringBuilder legend = new StringBuilder();
		for (StudyMethod m : StudyMethod.values()) {
			List<Double> levels = rows.stream().filter(r -> r.method() == m).map(StudyRow::countsPerPixel).distinct().sorted().toList();
			for (double counts : levels) {
				List<StudyRow> mine = rows.stream().filter(r -> r.method() == m && r.countsPerPixel() == counts).sorted(Comparator.comparingDouble(StudyRow::dose)).toList();
				double[] x = mine.stream().mapToDouble(StudyRow::dose).toArray(), y = mine.stream().mapToDouble(StudyRow::meanNrmse).toArray();
				plot.setColor(colour(m));
				plot.setLineWidth(m.isFused() ? 2 : 1);
				// NB: a curve of one point (one tilt count) is invisible as a line, so conventional methods get crosses.
				plot.addPoints(x, y, m.isFused() ? Plot.CONNECTED_CIRCLES : x.length > 1 ? Plot.LINE : Plot.X);
				// NB: one legend line per plotted curve, so only the first curve of a method is named.
				legend.append(counts == levels.get(0) ? m.label() : "").append('\n');
			}
		}
		plot.setColor(Color.BLACK);
		plot.addLegend(legend.toString().strip());
		return plot.getImagePlus();
	}
}
