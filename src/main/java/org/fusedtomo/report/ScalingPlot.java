package org.fusedtomo.report;

import java.awt.Color;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Plot;

/**
 * Throughput against problem size: GUPS against voxels × angles on a log axis, one curve per kernel
 * direction and thread count. Work that scales linearly with voxels × angles gives flat curves, and
 * linear scaling with threads puts the two-thread curve at twice the one-thread curve.
 */
public final class ScalingPlot {

	/** One curve: a label and, per size, the work (voxels × angles) and the throughput in GUPS. */
	public record Curve(String label, double[] work, double[] gups) {
		public Curve {
			if (work.length != gups.length || work.length == 0)
				throw new IllegalArgumentException("Curve '" + label + "' needs one GUPS figure per work figure, got " + work.length + " and " + gups.length);
			work = work.clone();
			gups = gups.clone();
		}
	}

	private static final Color[] COLOURS = { Color.BLUE, new Color(0, 150, 0), Color.RED, new Color(230, 120, 0), Color.MAGENTA, Color.BLACK };

	private ScalingPlot() {}

	public static ImagePlus of(String title, List<Curve> curves) {
		Plot plot = new Plot(title, "voxels x angles", "GUPS");
		plot.setSize(640, 400);
		plot.setLogScaleX();
		double minX = Double.MAX_VALUE, maxX = 0, maxY = 0;
		for (Curve c : curves)
			for (int i = 0; i < c.work().length; i++) {
				minX = Math.min(minX, c.work()[i]);
				maxX = Math.max(maxX, c.work()[i]);
				maxY = Math.max(maxY, c.gups()[i]);
			}
		plot.setLimits(minX / 1.5, maxX * 1.5, 0, Math.max(maxY, 1e-3) * 1.15);
		StringBuilder legend = new StringBuilder();
		for (int k = 0; k < curves.size(); k++) {
			Curve c = curves.get(k);
			Color colour = COLOURS[k % COLOURS.length];
			plot.setColor(colour, colour);
			plot.setLineWidth(2);
			plot.addPoints(c.work(), c.gups(), Plot.CONNECTED_CIRCLES);
			legend.append(c.label()).append('\n');
		}
		plot.setColor(Color.BLACK);
		plot.addLegend(legend.toString().strip());
		return plot.getImagePlus();
	}
}
