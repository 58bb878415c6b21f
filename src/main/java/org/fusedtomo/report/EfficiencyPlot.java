package org.fusedtomo.report;

import java.awt.Color;
import java.util.Map;

import org.fusedtomo.tune.TiltEfficiency;

import ij.ImagePlus;
import ij.gui.Plot;

/**
 * Each element's per-tilt efficiency η against the tilt angle ({@link TiltEfficiency}): points at the tilts it was
 * estimated on, a solid line where it is applied to predictions and a dotted one where the noise test left it at 1.
 */
public final class EfficiencyPlot {

	private EfficiencyPlot() {}

	public static ImagePlus of(String title, Map<String, TiltEfficiency> efficiencies) {
		Plot plot = new Plot(title, "tilt (deg)", "measured / predicted total");
		plot.setSize(640, 400);
		double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = 1, maxY = 1;
		for (TiltEfficiency e : efficiencies.values())
			for (int i = 0; i < e.anglesDeg().length; i++) {
				minX = Math.min(minX, e.anglesDeg()[i]);
				maxX = Math.max(maxX, e.anglesDeg()[i]);
				minY = Math.min(minY, e.values()[i]);
				maxY = Math.max(maxY, e.values()[i]);
			}
		if (minX > maxX) {
			minX = -1;
			maxX = 1;
		}
		double pad = Math.max(0.02, 0.1 * (maxY - minY));
		plot.setLimits(minX - 2, maxX + 2, minY - pad, maxY + pad);
		StringBuilder legend = new StringBuilder();
		int k = 0;
		for (Map.Entry<String, TiltEfficiency> e : efficiencies.entrySet()) {
			TiltEfficiency eta = e.getValue();
			Color colour = ElementColours.of(e.getKey(), k++);
			plot.setColor(colour, colour);
			plot.setLineWidth(2);
			plot.addPoints(eta.anglesDeg(), eta.values(), eta.supported() ? Plot.CONNECTED_CIRCLES : Plot.CIRCLE);
			legend.append(e.getKey()).append(eta.supported() ? "" : " (not applied: noise)").append('\n');
		}
		plot.setColor(Color.GRAY);
		plot.setLineWidth(1);
		plot.drawDottedLine(minX - 2, 1, maxX + 2, 1, 2);
		plot.setColor(Color.BLACK);
		plot.addLegend(legend.toString().strip());
		return plot.getImagePlus();
	}
}
