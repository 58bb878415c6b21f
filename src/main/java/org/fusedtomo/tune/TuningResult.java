package org.fusedtomo.tune;

import java.util.Comparator;
import java.util.List;

/**
 * The outcome of a tuning run: every evaluation in proposal order and the GP fitted to all of them (in
 * unit-cube coordinates of the search space).
 */
public record TuningResult(SearchSpace space, List<Evaluation> evaluations, GaussianProcess model) {

	public TuningResult {
		if (evaluations.isEmpty())
			throw new IllegalArgumentException("A tuning result needs at least one evaluation");
		evaluations = List.copyOf(evaluations);
	}

	/** The evaluation with the lowest value (the first of equals). */
	public Evaluation best() {
		return evaluations.stream().min(Comparator.comparingDouble(Evaluation::value)).orElseThrow();
	}

	/** The lowest value among the first 1, 2, …, n evaluations. */
	public double[] bestSoFar() {
		double[] b = new double[evaluations.size()];
		double m = Double.POSITIVE_INFINITY;
		for (int i = 0; i < b.length; i++)
			b[i] = m = Math.min(m, evaluations.get(i).value());
		return b;
	}

	/**
	 * The model's posterior mean on an n × n grid over the first two dimensions, {@code [iy][ix]} at unit
	 * coordinates {@code (ix/(n−1), iy/(n−1))}, other dimensions at the best point's values. Cost n² predictions.
	 *
	 * @throws IllegalArgumentException when the space has fewer than 2 dimensions or n < 2
	 */
	public double[][] meanSurface(int n) {
		if (space.size() < 2 || n < 2)
			throw new IllegalArgumentException("A mean surface needs 2 or more dimensions and n >= 2, got " + space.size() + " dimensions, n = " + n);
		double[] u = space.toUnit(best().parameters());
		double[][] s = new double[n][n];
		for (int iy = 0; iy < n; iy++)
			for (int ix = 0; ix < n; ix++) {
				u[0] = ix / (n - 1.0);
				u[1] = iy / (n - 1.0);
				s[iy][ix] = model.predict(u).mean();
			}
		return s;
	}
}
