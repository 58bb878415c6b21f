package org.fusedtomo.report;

import java.awt.Color;
import java.util.Arrays;
import java.util.Map;

import ij.ImagePlus;
import ij.gui.Plot;

import org.fusedtomo.metrics.FscCriterion;
import org.fusedtomo.metrics.FscCurve;
import org.fusedtomo.metrics.FscDirection;
import org.fusedtomo.metrics.FscResult;

/** Fourier shell correlation against spatial frequency, with the 0.143 and half-bit thresholds. */
public final class FscPlot {

	private static final Color[] COLOURS = { Color.BLACK, Color.BLUE, new Color(0, 150, 0), Color.RED, Color.MAGENTA, Color.ORANGE };

	private FscPlot() {}

	/** One channel: the curve over all directions and in the cone around x, y and z. */
	public static ImagePlus of(String title, FscResult result) {
		Plot plot = newPlot(title, result);
		StringBuilder legend = new StringBuilder();
		for (FscDirection d : FscDirection.values()) {
			String label = d == FscDirection.ALL ? "all" : d.key() + " (±" + fmt(result.coneHalfAngleDeg()) + "° cone)";
			add(plot, result.curve(d), result.calibration().pixelSize(), COLOURS[d.ordinal()], d == FscDirection.ALL ? 2 : 1);
			legend.append(label).append(resolutionText(result, d)).append('\n');
		}
		thresholds(plot, result.curve(FscDirection.ALL), result.calibration().pixelSize(), legend);
		plot.setColor(Color.BLACK);
		plot.addLegend(legend.toString().strip());
		return plot.getImagePlus();
	}

	/** Several channels (e.g. HAADF and each element), over all directions. */
	public static ImagePlus channels(String title, Map<String, FscResult> results) {
		if (results.isEmpty())
			throw new IllegalArgumentException("An FSC plot needs at least one channel");
		FscResult first = results.values().iterator().next();
		Plot plot = newPlot(title, first);
		StringBuilder legend = new StringBuilder();
		int c = 0;
		for (Map.Entry<String, FscResult> e : results.entrySet()) {
			add(plot, e.getValue().curve(FscDirection.ALL), e.getValue().calibration().pixelSize(), COLOURS[c++ % COLOURS.length], 2);
			legend.append(e.getKey()).append(resolutionText(e.getValue(), FscDirection.ALL)).append('\n');
		}
		thresholds(plot, first.curve(FscDirection.ALL), first.calibration().pixelSize(), legend);
		plot.setColor(Color.BLACK);
		plot.addLegend(legend.toString().strip());
		return plot.getImagePlus();
	}

	private static Plot newPlot(String title, FscResult r) {
		Plot plot = new Plot(title, "spatial frequency (1/" + r.calibration().unit() + ")", "FSC");
		plot.setSize(640, 400);
		double nyquist = 0.5 / r.calibration().pixelSize();
		plot.setLimits(0, nyquist, -0.2, 1.05);
		return plot;
	}

	private static void add(Plot plot, FscCurve curve, double pixelSize, Color colour, int width) {
		double[] f = calibrated(curve, pixelSize), c = curve.correlations();
		// NB: empty shells are NaN; the plot skips them.
		plot.setColor(colour);
		plot.setLineWidth(width);
		plot.addPoints(f, c, Plot.LINE);
	}

	/** The dashed 0.143 line and the half-bit curve of {@code all}'s shells, in calibrated frequency. */
	private static void thresholds(Plot plot, FscCurve all, double pixelSize, StringBuilder legend) {
		double[] f = calibrated(all, pixelSize);
		long[] n = all.voxels();
		double[] fixed = new double[f.length], halfBit = new double[f.length];
		for (int i = 0; i < f.length; i++) {
			fixed[i] = FscCriterion.FIXED_0143.threshold(n[i]);
			halfBit[i] = FscCriterion.HALF_BIT.threshold(n[i]);
		}
		plot.setLineWidth(1);
		plot.setColor(Color.GRAY);
		plot.addPoints(f, fixed, Plot.LINE);
		legend.append("0.143\n");
		plot.setColor(Color.LIGHT_GRAY);
		plot.addPoints(Arrays.copyOfRange(f, 1, f.length), Arrays.copyOfRange(halfBit, 1, f.length), Plot.LINE);
		legend.append("half-bit\n");
	}

	/** Shell frequencies in cycles per calibrated unit. */
	private static double[] calibrated(FscCurve curve, double pixelSize) {
		double[] f = curve.frequencies();
		for (int i = 0; i < f.length; i++)
			f[i] /= pixelSize;
		return f;
	}

	private static String resolutionText(FscResult r, FscDirection d) {
		return ": " + fmt(r.resolution(d, FscCriterion.FIXED_0143)) + " " + r.calibration().unit() + " (0.143), " + fmt(r.resolution(d, FscCriterion.HALF_BIT)) + " (half-bit)";
	}

	private static String fmt(double v) {
		return String.format(java.util.Locale.ROOT, "%.3g", v);
	}
}
