package org.fusedtomo.command;

import org.fusedtomo.imglib.TiltSeriesImgs;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.fusedtomo.recon.WbpFilter;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Weighted backprojection ({@link org.fusedtomo.recon.Wbp}). */
@Plugin(type = Command.class, headless = true, menuPath = TomoCommand.MENU + "Reconstruct WBP...")
public final class WbpCommand extends ReconstructionCommand {

	@Parameter(persist = false, label = "Filter", choices = { "shepp-logan", "ram-lak", "cosine", "hann" }, description = "Window on the ramp: ram-lak is sharpest, hann smoothest.")
	private String filter = "shepp-logan";

	@Override
	protected ConventionalMethod method() {
		return ConventionalMethod.WBP;
	}

	@Override
	protected ConventionalParameters parameters() {
		return new ConventionalParameters(1, TiltSeriesImgs.fromKey(WbpFilter.class, filter), 0);
	}
}
