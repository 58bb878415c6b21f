package org.fusedtomo.command;

import org.fusedtomo.imglib.TiltSeriesImgs;
import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.CrossCorrelationAlignment;
import org.fusedtomo.align.CrossCorrelationOptions;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.progress.Monitor;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Coarse alignment by sequential cross-correlation from 0° outward ({@link CrossCorrelationAlignment}). */
@Plugin(type = Command.class, headless = true, menuPath = TomoCommand.MENU + "Align by Cross-Correlation...")
public final class CrossCorrelationAlignmentCommand extends AlignmentCommand {

	@Parameter(persist = false, label = "Low-pass sigma (px)", min = "0", description = "Gaussian low-pass applied before correlating, pixels; 0 for none.")
	private double lowPass = CrossCorrelationOptions.DEFAULT.lowPassSigmaPx();

	@Parameter(persist = false, label = "Largest shift (px)", min = "0", description = "Largest shift searched per axis, pixels; 0 allows up to half the image.")
	private double maxShift = 0;

	@Parameter(persist = false, label = "Peak fit", choices = { "gaussian", "parabolic" }, description = "Sub-pixel estimator of the correlation peak.")
	private String peakFit = "gaussian";

	@Override
	protected Alignment align(TiltSeries raw, Alignment initial, Monitor monitor) {
		CrossCorrelationOptions d = CrossCorrelationOptions.DEFAULT;
		CrossCorrelationOptions options = new CrossCorrelationOptions(d.taperFraction(), lowPass, d.highPassSigmaPx(),
			maxShift > 0 ? maxShift : Double.POSITIVE_INFINITY, TiltSeriesImgs.fromKey(CrossCorrelationOptions.PeakFit.class, peakFit));
		return new CrossCorrelationAlignment(options).run(raw, initial, monitor);
	}
}
