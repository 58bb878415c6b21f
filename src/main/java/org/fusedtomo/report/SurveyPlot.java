package org.fusedtomo.report;

import java.awt.Color;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import ij.ImagePlus;
import ij.gui.Plot;

import org.fusedtomo.align.SurveyRegistration;

/**
 * A plot of survey registrations ({@link SurveyRegistration}) against tilt angle: the displacement dx
 * (blue) and dy (red) of each survey from its HAADF projection, in HAADF pixels, one marker shape per
 * series, with the scale factor and the worst peak quality in the legend.
 */
public final class SurveyPlot {

	private static final int[] SHAPES = { Plot.CONNECTED_CIRCLES, Plot.TRIANGLE, Plot.BOX, Plot.DIAMOND, Plot.CROSS, Plot.X };

	private SurveyPlot() {}

	/** One curve pair per entry of {@code registrations} (by element, or one for a shared survey). */
	public static ImagePlus of(String title, Map<String, SurveyRegistration> registrations) {
		Plot plot = new Plot(title, "tilt angle (degrees)", "survey offset on the HAADF (HAADF pixels)");
		plot.setSize(640, 400);
		double lo = 0, hi = 0, first = Double.POSITIVE_INFINITY, last = Double.NEGATIVE_INFINITY;
		for (SurveyRegistration r : registrations.values())
			for (SurveyRegistration.Tilt t : r.tilts()) {
				lo = Math.min(lo, Math.min(t.dx(), t.dy()));
				hi = Math.max(hi, Math.max(t.dx(), t.dy()));
				first = Math.min(first, t.angleDeg());
				last = Math.max(last, t.angleDeg());
			}
		// NB: room below the curves for the legend.
		double pad = Math.max(0.5, 0.1 * (hi - lo));
		plot.setLimits(first - 2, last + 2, lo - pad - 0.15 * registrations.size() * (hi - lo + 2 * pad), hi + pad);
		plot.setLineWidth(2);
		StringBuilder legend = new StringBuilder();
		int k = 0;
		for (Map.Entry<String, SurveyRegistration> e : registrations.entrySet()) {
			List<SurveyRegistration.Tilt> tilts = e.getValue().tilts();
			int[] order = IntStream.range(0, tilts.size()).boxed().sorted(Comparator.comparingDouble(i -> tilts.get(i).angleDeg())).mapToInt(Integer::intValue).toArray();
			double[] x = Arrays.stream(order).mapToDouble(i -> tilts.get(i).angleDeg()).toArray();
			double[] dx = Arrays.stream(order).mapToDouble(i -> tilts.get(i).dx()).toArray();
			double[] dy = Arrays.stream(order).mapToDouble(i -> tilts.get(i).dy()).toArray();
			int shape = SHAPES[k++ % SHAPES.length];
			plot.setColor(Color.BLUE, Color.BLUE);
			plot.addPoints(x, dx, shape);
			plot.setColor(Color.RED, Color.RED);
			plot.addPoints(x, dy, shape);
			SurveyRegistration r = e.getValue();
			String about = String.format(" (scale %d from %s, worst quality %.2f)", r.factor(), r.scaleSource().key(), r.worstQuality());
			legend.append(e.getKey()).append(" dx").append(about).append('\n').append(e.getKey()).append(" dy").append('\n');
		}
		plot.setColor(Color.BLACK);
		plot.addLegend(legend.toString().strip(), "auto");
		return plot.getImagePlus();
	}
}
