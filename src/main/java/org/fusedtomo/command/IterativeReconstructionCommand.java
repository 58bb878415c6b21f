package org.fusedtomo.command;

import org.fusedtomo.recon.ConventionalParameters;
import org.scijava.plugin.Parameter;

/** The iterative single-series reconstructions (SIRT, EM, TV): an iteration count and, for TV, a weight. */
public abstract class IterativeReconstructionCommand extends ReconstructionCommand {

	@Parameter(persist = false, label = "Iterations", min = "1", description = "Number of iterations.")
	private int iterations = ConventionalParameters.DEFAULT.iterations();

	@Override
	protected final ConventionalParameters parameters() {
		return new ConventionalParameters(iterations, ConventionalParameters.DEFAULT.filter(), lambdaTv());
	}

	/** The TV weight of the method, 0 where it has none. */
	protected double lambdaTv() {
		return 0;
	}
}
