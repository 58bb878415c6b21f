package org.fusedtomo.report;

import java.awt.Color;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

import ij.ImagePlus;
import ij.gui.Plot;

import org.fusedtomo.align.AxisEstimate;
import org.fusedtomo.align.TiltResiduals;

/**
 * A plot of the reprojection residual per tilt of an aligned series ({@link TiltResiduals}): one
 * point per projection, so a projection that the alignment failed stands out above the rest. A label
 * gives the RMS held-out shift (a lower bound of the shift error, see TiltResiduals) and, when known, the tilt axis with its
 * standard errors.
 */
public final class ResidualPlot {

	private ResidualPlot() {}

	/** @param axis the tilt axis with its evidence, or null */
	public static ImagePlus of(String title, TiltResiduals residuals, AxisEstimate axis, double axisOffsetPx) {
		double[] angles = residuals.anglesDeg();
		int[] order = IntStream.range(0, angles.length).boxed().sorted(Comparator.comparingDouble(i -> angles[i])).mapToInt(Integer::intValue).toArray();
		double[] x = new double[order.length], y = new double[order.length];
		for (int k = 0; k < order.length; k++) {
			x[k] = angles[order[k]];
			y[k] = residuals.residual()[order[k]];
		}
		Plot plot = new Plot(title, "tilt angle (degrees)", "relative residual |Ax - b| / |b|");
		plot.setSize(640, 400);
		double hi = Arrays.stream(y).max().orElse(1);
		plot.setLimits(x[0] - 1, x[x.length - 1] + 1, 0, 1.15 * hi + 1e-9);
		plot.setLineWidth(2);
		plot.setColor(Color.BLUE, Color.BLUE);
		plot.addPoints(x, y, Plot.CONNECTED_CIRCLES);
		plot.setColor(Color.BLACK);
		double[] rms = residuals.shiftErrorRmsPx();
		plot.addLegend(String.format("residual per tilt (median %.3f)", median(y)));
		StringBuilder label = new StringBuilder();
		if (Double.isFinite(rms[0]))
			label.append(String.format("shift error (held-out halves) RMS x %.2f px, y %.2f px", rms[0], rms[1]));
		if (axis != null)
			label.append(String.format("%saxis rotation %.2f deg (criterion %.2f +- %s deg%s), offset %.2f +- %s px", label.length() > 0 ? "\n" : "", axis.rotationDeg(),
				axis.rotationCandidateDeg(), format(axis.rotationSigmaDeg()), axis.rotationSupported() || axis.rotationCandidateDeg() == 0 ? "" : ": not supported, 0",
				axisOffsetPx, format(axis.offsetSigmaPx())));
		if (label.length() > 0)
			plot.addLabel(0.02, 0.92, label.toString());
		return plot.getImagePlus();
	}

	private static String format(double sigma) {
		return Double.isFinite(sigma) ? String.format("%.2f", sigma) : "?";
	}

	private static double median(double[] v) {
		double[] s = v.clone();
		Arrays.sort(s);
		return s.length == 0 ? 0 : s[s.length / 2];
	}
}
