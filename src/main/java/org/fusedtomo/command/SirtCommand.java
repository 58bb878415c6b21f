package org.fusedtomo.command;

import org.fusedtomo.recon.ConventionalMethod;
import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** Reconstruction by non-negative SIRT ({@link org.fusedtomo.recon.Sirt}). */
@Plugin(type = Command.class, headless = true, menuPath = TomoCommand.MENU + "Reconstruct SIRT...")
public final class SirtCommand extends IterativeReconstructionCommand {

	@Override
	protected ConventionalMethod method() {
		return ConventionalMethod.SIRT;
	}
}
