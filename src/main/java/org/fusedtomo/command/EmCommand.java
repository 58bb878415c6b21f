package org.fusedtomo.command;

import org.fusedtomo.recon.ConventionalMethod;
import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** Reconstruction by Poisson maximum-likelihood EM for counts ({@link org.fusedtomo.recon.Mlem}). */
@Plugin(type = Command.class, headless = true, menuPath = TomoCommand.MENU + "Reconstruct EM...")
public final class EmCommand extends IterativeReconstructionCommand {

	@Override
	protected ConventionalMethod method() {
		return ConventionalMethod.EM;
	}
}
