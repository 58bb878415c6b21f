package org.fusedtomo.command;

import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Reconstruction by non-negative SIRT ({@link org.fusedtomo.recon.Sirt}). */
@Plugin(type = Command.class, headless = true, menuPath = TomoCommand.MENU + "Reconstruct SIRT...")
public final class SirtCommand extends ReconstructionCommand {

	@Parameter(persist = false, label = "Iterations", min = "1", description = "Number of SIRT iterations.")
	private int iterations = ConventionalParameters.DEFAULT.iterations();

	@Override
	protected ConventionalMethod method() {
		return ConventionalMethod.SIRT;
	}

	@Override
	protected ConventionalParameters parameters() {
		return new ConventionalParameters(iterations, ConventionalParameters.DEFAULT.filter(), 0);
	}
}
