package org.fusedtomo.report;

import java.awt.Color;

import ij.ImagePlus;
import ij.gui.Plot;

import org.fusedtomo.recon.CostHistory;

/** A plot of every cost term against iteration, each term scaled to its first value, log y axis. */
public final class ConvergencePlot {

	private static final Color[] COLOURS = { Color.BLUE, Color.RED, new Color(0, 150, 0), Color.MAGENTA, Color.ORANGE, Color.BLACK };

	private ConvergencePlot() {}

	public static ImagePlus of(String title, CostHistory history) {
		Plot plot = new Plot(title, "iteration", "cost / first value");
		plot.setSize(640, 400);
		int c = 0;
		StringBuilder legend = new StringBuilder();
		double ymin = Double.MAX_VALUE, ymax = 0;
		for (String term : history.terms()) {
			double[] v = history.values(term);
			if (v.length == 0)
				continue;
			double ref = firstNonZero(v);
			double[] x = new double[v.length], y = new double[v.length];
			for (int i = 0; i < v.length; i++) {
				x[i] = i + 1;
				y[i] = Math.max(Math.abs(v[i] / ref), 1e-12);
				ymin = Math.min(ymin, y[i]);
				ymax = Math.max(ymax, y[i]);
			}
			plot.setColor(COLOURS[c++ % COLOURS.length]);
			plot.setLineWidth(2);
			plot.addPoints(x, y, Plot.LINE);
			legend.append(term).append(" (first ").append(String.format("%.3g", ref)).append(")\n");
		}
		if (ymax > 0) {
			plot.setLogScaleY();
			plot.setLimits(1, Math.max(2, history.values(history.terms().get(0)).length), ymin * 0.8, ymax * 1.25);
		}
		plot.setColor(Color.BLACK);
		plot.addLegend(legend.toString().strip());
		return plot.getImagePlus();
	}

	private static double firstNonZero(double[] v) {
		for (double d : v)
			if (d != 0 && Double.isFinite(d))
				return d;
		return 1;
	}
}
