package org.fusedtomo.report;

import java.awt.Color;
import java.awt.Font;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.gui.Plot;
import ij.plugin.LutLoader;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import org.fusedtomo.tune.Evaluation;
import org.fusedtomo.tune.SearchDimension;
import org.fusedtomo.tune.SearchSpace;

/**
 * Pictures of a 2D tuning run: a map of values over the search box (the GP's mean surface or a dense
 * grid) in the "fire" LUT with the evaluated points numbered in order, and the best value so far against
 * the number of evaluations.
 */
public final class TuningPlots {

	private static final int SIZE = 400, LEFT = 80, BOTTOM = 50, TOP = 30, RIGHT = 110;

	private TuningPlots() {}

	/**
	 * The map of {@code values[iy][ix]} (at unit coordinates {@code ix/(n−1), iy/(n−1)} of the first two
	 * dimensions, as {@link org.fusedtomo.tune.TuningResult#meanSurface} returns) with {@code points}
	 * drawn as numbered circles (1-based, in list order) and the best of them in cyan; the second
	 * dimension grows upwards. Decade ticks on log dimensions.
	 */
	public static ImagePlus surface(String title, SearchSpace space, double[][] values, List<Evaluation> points) {
		int best = 0;
		for (int i = 1; i < points.size(); i++)
			if (points.get(i).value() < points.get(best).value())
				best = i;
		return surface(title, space, values, points, best);
	}

	/** {@link #surface(String, SearchSpace, double[][], List)} with point {@code chosen} (an index into {@code points}) in cyan. */
	public static ImagePlus surface(String title, SearchSpace space, double[][] values, List<Evaluation> points, int chosen) {
		int n = values.length;
		if (n < 2)
			throw new IllegalArgumentException("A surface needs at least 2 x 2 values, got " + n + " rows");
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		for (double[] row : values)
			for (double v : row) {
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
		// NB: bilinear between the nodes, node i at pixel i (SIZE − 1)/(n − 1), where the points are drawn;
		// ImageJ's resize would put nodes at block centres, visibly off on a 3 x 3 grid.
		FloatProcessor big = new FloatProcessor(SIZE, SIZE);
		for (int py = 0; py < SIZE; py++)
			for (int px = 0; px < SIZE; px++) {
				double gx = px * (n - 1.0) / (SIZE - 1), gy = (SIZE - 1 - py) * (n - 1.0) / (SIZE - 1);
				int ix = Math.min((int) gx, n - 2), iy = Math.min((int) gy, n - 2);
				double fx = gx - ix, fy = gy - iy;
				double v = (1 - fy) * ((1 - fx) * values[iy][ix] + fx * values[iy][ix + 1]) + fy * ((1 - fx) * values[iy + 1][ix] + fx * values[iy + 1][ix + 1]);
				big.setf(px, py, (float) v);
			}
		big.setColorModel(LutLoader.getLut("fire"));
		big.setMinAndMax(min, max);
		ColorProcessor map = big.convertToColorProcessor();

		ColorProcessor canvas = new ColorProcessor(LEFT + SIZE + RIGHT, TOP + SIZE + BOTTOM);
		canvas.setColor(Color.WHITE);
		canvas.fill();
		canvas.insert(map, LEFT, TOP);
		canvas.setAntialiasedText(true);
		canvas.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
		canvas.setColor(Color.BLACK);
		canvas.drawString(title, LEFT, TOP - 8);
		ticks(canvas, space.dimension(0), true);
		ticks(canvas, space.dimension(1), false);
		colourBar(canvas, min, max);

		canvas.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
		for (int i = 0; i < points.size(); i++) {
			double[] u = space.toUnit(points.get(i).parameters());
			int px = LEFT + (int) Math.round(u[0] * (SIZE - 1)), py = TOP + (int) Math.round((1 - u[1]) * (SIZE - 1));
			canvas.setColor(i == chosen ? Color.CYAN : Color.WHITE);
			canvas.setLineWidth(2);
			canvas.drawOval(px - 5, py - 5, 10, 10);
			canvas.drawString(Integer.toString(i + 1), px + 6, py - 4);
		}
		return new ImagePlus(title, canvas);
	}

	/**
	 * A validation curve: each point's mean score difference to a reference point (x: 1-based point number,
	 * labelled below by {@code labels}), with ± one standard error, the zero line, and point {@code chosen}
	 * (an index) in cyan.
	 */
	public static ImagePlus differences(String title, String xLabel, String[] labels, double[] mean, double[] standardError, int chosen) {
		Plot plot = new Plot(title, xLabel, "mean difference to the defaults (± 1 SE)");
		plot.setSize(560, 360);
		int n = mean.length;
		double[] x = new double[n];
		for (int i = 0; i < n; i++)
			x[i] = i + 1;
		double lo = 0, hi = 0;
		for (int i = 0; i < n; i++) {
			lo = Math.min(lo, mean[i] - standardError[i]);
			hi = Math.max(hi, mean[i] + standardError[i]);
		}
		double pad = 0.15 * Math.max(hi - lo, 1e-12);
		plot.setLimits(0.5, n + 0.5, lo - pad, hi + 2.5 * pad);
		plot.setColor(Color.GRAY);
		plot.addPoints(new double[] { 0.5, n + 0.5 }, new double[] { 0, 0 }, Plot.LINE);
		plot.setColor(Color.BLUE);
		plot.setLineWidth(2);
		plot.addPoints(x, mean, standardError, Plot.CIRCLE);
		if (chosen >= 0 && chosen < n) {
			plot.setColor(Color.CYAN);
			plot.addPoints(new double[] { x[chosen] }, new double[] { mean[chosen] }, Plot.CIRCLE);
		}
		plot.setColor(Color.BLACK);
		plot.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
		plot.addLabel(0, 0, title);
		// NB: the labels alternate between two rows; side by side they run into each other at 9 points.
		for (int i = 0; i < n; i++)
			plot.addText(labels[i], x[i] - 0.3, hi + pad * (i % 2 == 0 ? 1.9 : 1.1));
		return plot.getImagePlus();
	}

	/** Best value so far against evaluation number, with an optional reference (e.g. the grid's best) and its +5% line. */
	public static ImagePlus bestSoFar(String title, double[] bestSoFar, Double referenceOrNull, String referenceLabel) {
		Plot plot = new Plot(title, "evaluation", "best value so far");
		plot.setSize(560, 360);
		double[] x = new double[bestSoFar.length];
		for (int i = 0; i < x.length; i++)
			x[i] = i + 1;
		plot.setColor(Color.BLUE);
		plot.setLineWidth(2);
		plot.addPoints(x, bestSoFar, Plot.CONNECTED_CIRCLES);
		StringBuilder legend = new StringBuilder("Bayesian optimisation\n");
		if (referenceOrNull != null) {
			double r = referenceOrNull;
			plot.setLineWidth(1);
			plot.setColor(Color.RED);
			plot.addPoints(new double[] { 1, x.length }, new double[] { r, r }, Plot.LINE);
			plot.setColor(Color.GRAY);
			plot.addPoints(new double[] { 1, x.length }, new double[] { 1.05 * r, 1.05 * r }, Plot.LINE);
			legend.append(referenceLabel).append(String.format(Locale.ROOT, " %.4g\n", r)).append("+5%\n");
		}
		plot.setColor(Color.BLACK);
		plot.addLegend(legend.toString().strip());
		return plot.getImagePlus();
	}

	private static void ticks(ColorProcessor canvas, SearchDimension d, boolean horizontal) {
		canvas.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		canvas.setColor(Color.BLACK);
		for (double v : tickValues(d)) {
			double u = d.toUnit(v);
			boolean decades = d.logScale() && Math.log10(d.upper() / d.lower()) >= 2;
			String label = decades ? String.format(Locale.ROOT, "1e%d", (int) Math.round(Math.log10(v)))
				: new java.math.BigDecimal(String.format(Locale.ROOT, "%.3g", v)).stripTrailingZeros().toPlainString();
			if (horizontal) {
				int px = LEFT + (int) Math.round(u * (SIZE - 1));
				canvas.drawLine(px, TOP + SIZE, px, TOP + SIZE + 5);
				canvas.drawString(label, px - 12, TOP + SIZE + 20);
			}
			else {
				int py = TOP + (int) Math.round((1 - u) * (SIZE - 1));
				canvas.drawLine(LEFT - 5, py, LEFT, py);
				canvas.drawString(label, LEFT - 45, py + 5);
			}
		}
		canvas.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
		if (horizontal)
			canvas.drawString(d.name(), LEFT + SIZE / 2 - 30, TOP + SIZE + 42);
		else
			canvas.drawString(d.name(), 2, TOP + SIZE / 2); // NB: at the top it would run into the title
	}

	/**
	 * Powers of ten inside a log dimension (also 2 and 5 times them when it spans under two decades, as
	 * the factor grids of {@link org.fusedtomo.tune.AutoLambdas} do), or five even steps of a linear one.
	 */
	private static double[] tickValues(SearchDimension d) {
		if (!d.logScale())
			return new double[] { d.fromUnit(0), d.fromUnit(0.25), d.fromUnit(0.5), d.fromUnit(0.75), d.fromUnit(1) };
		int lo = (int) Math.floor(Math.log10(d.lower()) - 1e-9), hi = (int) Math.ceil(Math.log10(d.upper()) + 1e-9);
		double[] mantissas = Math.log10(d.upper() / d.lower()) < 2 ? new double[] { 1, 2, 5 } : new double[] { 1 };
		java.util.List<Double> t = new java.util.ArrayList<>();
		for (int k = lo; k <= hi; k++)
			for (double m : mantissas) {
				double v = m * Math.pow(10, k);
				if (v >= d.lower() * (1 - 1e-9) && v <= d.upper() * (1 + 1e-9))
					t.add(v);
			}
		return t.stream().mapToDouble(Double::doubleValue).toArray();
	}

	private static void colourBar(ColorProcessor canvas, double min, double max) {
		int x0 = LEFT + SIZE + 15, w = 18;
		FloatProcessor bar = new FloatProcessor(w, SIZE);
		for (int y = 0; y < SIZE; y++)
			for (int x = 0; x < w; x++)
				bar.setf(x, y, (float) (max - (max - min) * y / (SIZE - 1.0)));
		bar.setColorModel(LutLoader.getLut("fire"));
		bar.setMinAndMax(min, max);
		canvas.insert(bar.convertToColorProcessor(), x0, TOP);
		canvas.setColor(Color.BLACK);
		canvas.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
		canvas.drawString(String.format(Locale.ROOT, "%.4g", max), x0 + w + 4, TOP + 10);
		canvas.drawString(String.format(Locale.ROOT, "%.4g", min), x0 + w + 4, TOP + SIZE);
	}
}
