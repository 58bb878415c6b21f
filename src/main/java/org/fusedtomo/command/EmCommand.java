package org.fusedtomo.command;

import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Reconstruction by Poisson maximum-likelihood EM for counts ({@link org.fusedtomo.recon.Mlem}). */
@Plugin(type = Command.class, headless = true, menuPath = TomoCommand.MENU + "Reconstruct EM...")
public final class EmCommand extends ReconstructionCommand {

	@Parameter(persist = false, label = "Iterations", min = "1", description = "Number of EM iterations.")
	private int iterations = ConventionalParameters.DEFAULT.iterations();

	@Override
	protected ConventionalMethod method() {
		return ConventionalMethod.EM;
	}

	@Override
	protected ConventionalParameters parameters() {
		return new ConventionalParameters(iterations, ConventionalParameters.DEFAULT.filter(), 0);
	}
}
