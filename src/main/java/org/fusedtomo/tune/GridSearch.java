package org.fusedtomo.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;

import org.fusedtomo.progress.Monitor;

/**
 * The baseline that Bayesian optimisation is measured against: the objective at every point of an
 * n × n grid over a 2D search space, evenly spaced in unit coordinates (per decade on log dimensions),
 * corners included. Evaluations run {@code parallel} at a time; the order of results does not depend on
 * thread timing. Cost: n² objective evaluations.
 */
public final class GridSearch {

	private GridSearch() {}

	/**
	 * Every grid point, row-major with the first dimension fastest: evaluation {@code ix + n·iy} sits at
	 * unit coordinates {@code (ix/(n−1), iy/(n−1))}. Progress goes to {@code monitor} at the start and after each evaluation.
	 *
	 * @throws IllegalArgumentException when the space is not 2D or n < 2
	 * @throws CancellationException when the monitor cancels
	 */
	public static List<Evaluation> run(SearchSpace space, int n, Objective objective, int parallel, Monitor monitor) {
		if (space.size() != 2 || n < 2)
			throw new IllegalArgumentException("A grid search needs a 2D space and n >= 2, got " + space.size() + " dimensions, n = " + n);
		if (parallel < 1)
			throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
		// NB: the objective sees only a cancel-only monitor; without this line nothing shows until the first point ends (18 s of 22 in a small --auto).
		monitor.progress(String.format(java.util.Locale.ROOT, "grid: evaluating %d points", n * n), 0, (long) n * n);
		try (EvaluationPool pool = new EvaluationPool(parallel, "fusedtomo-grid")) {
			List<Future<Evaluation>> futures = new ArrayList<>();
			int[] done = { 0 };
			double[] best = { Double.POSITIVE_INFINITY };
			for (int iy = 0; iy < n; iy++)
				for (int ix = 0; ix < n; ix++) {
					int index = ix + n * iy;
					double[] parameters = space.fromUnit(new double[] { ix / (n - 1.0), iy / (n - 1.0) });
					futures.add(pool.submit(() -> {
						monitor.checkCancelled();
						long t0 = System.nanoTime();
						double v = objective.evaluate(parameters, monitor.cancelOnly());
						synchronized (done) {
							best[0] = Math.min(best[0], v);
							monitor.progress(String.format(java.util.Locale.ROOT, "grid: best %.5g", best[0]), ++done[0], (long) n * n);
						}
						return new Evaluation(index, 0, parameters, v, "grid", (System.nanoTime() - t0) * 1e-9);
					}));
				}
			List<Evaluation> out = new ArrayList<>();
			for (Future<Evaluation> f : futures)
				out.add(EvaluationPool.await(f));
			return out;
		}
	}
}
