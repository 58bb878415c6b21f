package org.fusedtomo.command;

import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Least squares with isotropic 3D total variation, non-negative ({@link org.fusedtomo.recon.TvReconstruction}). */
@Plugin(type = Command.class, headless = true, menuPath = TomoCommand.MENU + "Reconstruct TV...")
public final class TvCommand extends IterativeReconstructionCommand {

	@Parameter(persist = false, label = "TV weight", min = "0", description = "lambda of 1/2|Ax-b|^2 + lambda TV(x), in data units; scales with the dose.")
	private double lambda = ConventionalParameters.DEFAULT.lambdaTv();

	@Override
	protected ConventionalMethod method() {
		return ConventionalMethod.TV;
	}

	@Override
	protected double lambdaTv() {
		return lambda;
	}
}
