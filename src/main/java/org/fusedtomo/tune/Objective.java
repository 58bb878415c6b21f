package org.fusedtomo.tune;

import org.fusedtomo.progress.Monitor;

/**
 * A function to minimise over a {@link SearchSpace}. Implementations must be safe to call from several
 * threads at once (a batch runs in parallel) and should check the monitor's cancel in long work.
 */
@FunctionalInterface
public interface Objective {

	/** The objective at {@code parameters} (values in the search space's order, natural units). */
	double evaluate(double[] parameters, Monitor monitor);
}
