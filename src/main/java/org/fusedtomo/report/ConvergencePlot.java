package org.fusedtomo.report;

import java.awt.Color;
import java.util.Arrays;

import ij.ImagePlus;
import ij.gui.Plot;

import org.fusedtomo.recon.CostHistory;

/**
 * A plot of every cost term against iteration on a log axis, each as {@code (v − min v) / (v₀ − min v)}
 * so that terms of any sign and scale share one axis and convergence reads as a fall to the floor.
 */
public final class ConvergencePlot {

	private static final Color[] COLOURS = { Color.BLUE, Color.RED, new Color(0, 150, 0), Color.MAGENTA, Color.ORANGE, Color.BLACK };

	/** Where the curve of a term stops falling on the log axis: at its minimum. */
	private static final double FLOOR = 1e-6;

	private ConvergencePlot() {}

	public static ImagePlus of(String title, CostHistory history) {
		Plot plot = new Plot(title, "iteration", "(cost - min) / (first - min)");
		plot.setSize(640, 400);
		int c = 0;
		StringBuilder legend = new StringBuilder();
		double ymin = Double.MAX_VALUE, ymax = 0;
		for (String term : history.terms()) {
			double[] v = history.values(term);
			if (v.length == 0)
				continue;
			double min = Arrays.stream(v).min().getAsDouble();
			double span = Math.abs(v[0] - min) > 0 ? Math.abs(v[0] - min) : Math.max(Math.abs(min), 1);
			double[] x = new double[v.length], y = new double[v.length];
			for (int i = 0; i < v.length; i++) {
				x[i] = i + 1;
				y[i] = Math.max((v[i] - min) / span, FLOOR);
				ymin = Math.min(ymin, y[i]);
				ymax = Math.max(ymax, y[i]);
			}
			plot.setColor(COLOURS[c++ % COLOURS.length]);
			plot.setLineWidth(2);
			plot.addPoints(x, y, Plot.LINE);
			legend.append(term).append(String.format(" (%.4g to %.4g)", v[0], v[v.length - 1])).append("\n");
		}
		if (ymax > 0) {
			plot.setLogScaleY();
			plot.setLimits(1, Math.max(2, history.values(history.terms().get(0)).length), ymin * 0.8, ymax * 1.25);
		}
		plot.setColor(Color.BLACK);
		plot.addLegend(legend.toString().strip());
		return plot.getImagePlus();
	}

}
