package org.fusedtomo.command;

import org.fusedtomo.imglib.TiltSeriesImgs;
import java.util.ArrayList;
import java.util.List;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.real.FloatType;

import org.fusedtomo.align.BackgroundOptions;
import org.fusedtomo.align.BackgroundSubtraction;
import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.progress.Monitor;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Attr;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Removes the background of every projection ({@link BackgroundSubtraction}); each channel on its own. */
@Plugin(type = Command.class, headless = true, menuPath = TomoCommand.MENU + "Subtract Tilt Series Background...")
public final class SubtractBackgroundCommand extends TomoCommand {

	@Parameter(persist = false, label = "Tilt series", description = "Projections (x, y, angle), or (x, y, angle, element) for chemical maps.")
	private RandomAccessibleInterval<FloatType> series;

	@Parameter(persist = false, label = "Method", choices = { "polynomial", "border", "percentile" },
		description = "polynomial: a surface fitted to auto-detected background; border: median of the edge frame; percentile: a low percentile.")
	private String method = "polynomial";

	@Parameter(persist = false, label = "Border width (px)", min = "1", description = "Width of the edge frame of the border method, pixels.")
	private int borderPx = BackgroundOptions.DEFAULT.borderPx();

	@Parameter(persist = false, label = "Percentile", min = "0", max = "100", description = "Percentile of the percentile method, 0 to 100.")
	private double percentile = BackgroundOptions.DEFAULT.percentile();

	@Parameter(persist = false, label = "Polynomial order", min = "0", max = "2", description = "Order of the polynomial method: 0 constant, 1 plane, 2 quadratic.")
	private int order = BackgroundOptions.DEFAULT.polynomialOrder();

	@Parameter(persist = false, label = "Clip negatives", description = "Set values below 0 to 0. Leave off before centre-of-mass alignment, which needs the signed noise.")
	private boolean clip = true;

	@Parameter(type = ItemIO.OUTPUT, label = "Background subtracted", attrs = @Attr(name = "like", value = "series"))
	private Img<FloatType> subtracted;

	@Override
	protected void execute(Monitor monitor) {
		BackgroundOptions d = BackgroundOptions.DEFAULT;
		BackgroundOptions options = new BackgroundOptions(TiltSeriesImgs.fromKey(BackgroundOptions.Method.class, method), borderPx, percentile, order,
			d.sigmaFactor(), d.maxIterations(), clip);
		// NB: the angles do not enter background subtraction; the slice index stands in for them.
		int slices = (int) series.dimension(2);
		double[] index = new double[slices];
		for (int i = 0; i < slices; i++)
			index[i] = i;
		BackgroundSubtraction subtraction = new BackgroundSubtraction(options);
		List<TiltSeries> out = new ArrayList<>();
		for (TiltSeries s : TiltSeriesImgs.tiltSeries(series, index, Calibration.PIXEL))
			out.add(subtraction.run(s, monitor).series());
		subtracted = TiltSeriesImgs.stackSeries(out);
	}
}
