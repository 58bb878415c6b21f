package org.fusedtomo.report;

import java.awt.Color;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.gui.Plot;

import org.fusedtomo.spectra.EnergyAxis;
import org.fusedtomo.spectra.EnergyWindow;
import org.fusedtomo.spectra.LineWindows;

/**
 * The sum spectrum of each tilt of a spectrum-image series on a log count scale, the tilts shaded from blue
 * (first) to red (last), with the windows that cut the maps: each line's integration window as two solid
 * lines in its colour with its name, background or pre-edge windows dotted.
 */
public final class SpectrumPlot {

	/** Dark, distinct colours that read on the white plot (the element colours are made for black). */
	private static final Color[] WINDOW_COLOURS = { new Color(0, 130, 0), new Color(200, 0, 200), new Color(0, 140, 170), new Color(210, 110, 0), Color.BLACK,
		new Color(120, 60, 0), new Color(90, 90, 220), new Color(200, 0, 60) };

	private SpectrumPlot() {}

	public static ImagePlus of(String title, EnergyAxis axis, List<double[]> sums, double[] anglesDeg, List<LineWindows> windows) {
		int n = axis.channels();
		double[] e = new double[n];
		for (int c = 0; c < n; c++)
			e[c] = axis.energyKeV(c);
		double lo = Double.POSITIVE_INFINITY, hi = 1;
		for (double[] s : sums)
			for (double v : s)
				if (v > 0) {
					lo = Math.min(lo, v);
					hi = Math.max(hi, v);
				}
		lo = Double.isInfinite(lo) ? 0.5 : Math.max(0.5, lo);
		Plot plot = new Plot(title, "energy (keV)", "counts per channel, summed over the image");
		plot.setSize(900, 450);
		plot.setLimits(e[0], e[n - 1], lo, hi * 2.5);
		plot.setLogScaleY();
		for (int t = 0; t < sums.size(); t++) {
			double f = sums.size() == 1 ? 0 : (double) t / (sums.size() - 1);
			double[] y = new double[n];
			for (int c = 0; c < n; c++)
				y[c] = Math.max(lo, sums.get(t)[c]);
			plot.setColor(new Color((int) (255 * f), 60, (int) (255 * (1 - f))));
			plot.setLineWidth(1);
			plot.addPoints(e, y, Plot.LINE);
		}
		for (int k = 0; k < windows.size(); k++) {
			LineWindows w = windows.get(k);
			plot.setColor(WINDOW_COLOURS[k % WINDOW_COLOURS.length]);
			plot.setLineWidth(2);
			EnergyWindow s = w.signal();
			plot.drawLine(s.lowKeV(), lo, s.lowKeV(), hi);
			plot.drawLine(s.highKeV(), lo, s.highKeV(), hi);
			// NB: labels on three heights so that neighbouring lines (Si_Ka, S_Ka) stay readable.
			plot.addText(w.line().name(), s.lowKeV(), hi * new double[] { 1.8, 1.15, 0.75 }[k % 3]);
			plot.setLineWidth(1);
			for (EnergyWindow b : w.background()) {
				plot.drawDottedLine(b.lowKeV(), lo, b.lowKeV(), hi, 3);
				plot.drawDottedLine(b.highKeV(), lo, b.highKeV(), hi, 3);
			}
		}
		plot.setColor(Color.BLACK);
		if (sums.size() == 1)
			plot.addLegend(String.format(Locale.ROOT, "tilt %.1f deg", anglesDeg[0]));
		else if (sums.size() > 1)
			plot.addLegend(String.format(Locale.ROOT, "tilt %.1f deg (blue) ... %.1f deg (red)", anglesDeg[0], anglesDeg[anglesDeg.length - 1]));
		return plot.getImagePlus();
	}
}
