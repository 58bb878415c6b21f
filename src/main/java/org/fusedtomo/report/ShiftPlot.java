package org.fusedtomo.report;

import java.awt.Color;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

import ij.ImagePlus;
import ij.gui.Plot;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.ShiftComparison;

/**
 * A plot of an alignment's shifts against tilt angle: dx (with the axis offset added, so it reads as
 * the raw horizontal displacement) and dy, in pixels, with the tilt-axis rotation and offset in the
 * legend; or two alignments compared ({@link #comparison}).
 */
public final class ShiftPlot {

	private ShiftPlot() {}

	public static ImagePlus of(String title, Alignment alignment) {
		double[] angles = alignment.anglesDeg();
		int[] order = IntStream.range(0, angles.length).boxed().sorted(Comparator.comparingDouble(i -> angles[i])).mapToInt(Integer::intValue).toArray();
		double[] x = new double[order.length], dx = new double[order.length], dy = new double[order.length];
		for (int k = 0; k < order.length; k++) {
			x[k] = angles[order[k]];
			dx[k] = alignment.axisOffsetPx() + alignment.dx(order[k]);
			dy[k] = alignment.dy(order[k]);
		}
		Plot plot = new Plot(title, "tilt angle (degrees)", "shift (pixels)");
		plot.setSize(640, 400);
		double lo = Math.min(Arrays.stream(dx).min().orElse(0), Arrays.stream(dy).min().orElse(0));
		double hi = Math.max(Arrays.stream(dx).max().orElse(0), Arrays.stream(dy).max().orElse(0));
		double pad = Math.max(0.5, 0.1 * (hi - lo));
		plot.setLimits(x[0] - 1, x[x.length - 1] + 1, lo - pad, hi + pad);
		plot.setLineWidth(2);
		plot.setColor(Color.BLUE);
		plot.addPoints(x, dx, Plot.CONNECTED_CIRCLES);
		plot.setColor(Color.RED);
		plot.addPoints(x, dy, Plot.CONNECTED_CIRCLES);
		plot.setColor(Color.BLACK);
		plot.addLegend(String.format("dx + axis offset (axis offset %.2f px)%ndy (axis rotation %.2f deg)", alignment.axisOffsetPx(), alignment.axisRotationDeg()));
		return plot.getImagePlus();
	}

	/** x and y of both alignments of {@code c} against tilt: ours as circles, the reference as triangles, x blue, y red. */
	public static ImagePlus comparison(String title, String referenceName, ShiftComparison c) {
		double[] x = c.anglesDeg();
		double[][] curves = { c.dx(), c.referenceDx(), c.dy(), c.referenceDy() };
		double lo = Arrays.stream(curves).flatMapToDouble(Arrays::stream).min().orElse(0);
		double hi = Arrays.stream(curves).flatMapToDouble(Arrays::stream).max().orElse(0);
		double pad = Math.max(0.5, 0.1 * (hi - lo));
		Plot plot = new Plot(title, "tilt angle (degrees)", "shift, mean removed (pixels)");
		plot.setSize(640, 400);
		plot.setLimits(Arrays.stream(x).min().orElse(0) - 2, Arrays.stream(x).max().orElse(0) + 2, lo - pad, hi + pad);
		plot.setLineWidth(2);
		int[] shapes = { Plot.CONNECTED_CIRCLES, Plot.TRIANGLE, Plot.CONNECTED_CIRCLES, Plot.TRIANGLE };
		for (int k = 0; k < curves.length; k++) {
			Color colour = k < 2 ? Color.BLUE : Color.RED;
			plot.setColor(colour, colour);
			plot.addPoints(x, curves[k], shapes[k]);
		}
		plot.setColor(Color.BLACK);
		plot.addLegend(String.format("x ours%nx %s (RMS difference %.2f px)%ny ours%ny %s (RMS difference %.2f px)", referenceName, c.rmsX(), referenceName, c.rmsY()));
		return plot.getImagePlus();
	}
}
