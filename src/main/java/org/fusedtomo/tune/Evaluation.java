package org.fusedtomo.tune;

/**
 * One objective evaluation of a tuning run.
 *
 * @param index 0-based order of proposal
 * @param round the batch it was evaluated in (0-based; the initial design's batches first)
 * @param parameters the parameter values, in the search space's order; copied
 * @param value the objective (lower is better)
 * @param proposer "initial" for the design, else the acquisition that GP-Hedge chose ("EI", "PI", "UCB")
 * @param seconds wall time of the evaluation
 */
public record Evaluation(int index, int round, double[] parameters, double value, String proposer, double seconds) {

	public Evaluation {
		parameters = parameters.clone();
	}

	@Override
	public double[] parameters() {
		return parameters.clone();
	}
}
