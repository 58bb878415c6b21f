package org.fusedtomo.tune;

/**
 * Settings of {@link BayesianOptimizer}.
 *
 * @param evaluations total objective evaluations, initial design included (≥ 1)
 * @param initialPoints Latin-hypercube points before the GP takes over (1 ≤ initialPoints ≤ evaluations)
 * @param batchSize evaluations run in parallel per round (≥ 1); 1 is plain sequential BO
 * @param seed seeds the design, the GP fits, the acquisition search and the hedge draws
 * @param hedgeEta GP-Hedge softmax temperature η (≥ 0) on gains in standardised units; 0 picks uniformly
 * @param candidates random points scored per acquisition search before local refinement (≥ 1)
 * @param gpRestarts random restarts of the hyperparameter fit besides the default and warm starts (≥ 0)
 * @param logValues whether the GP models log(value) instead of the value: for positive objectives that
 *        span decades (an error norm, Branin's 0.4 to 308), where it resolves the low end; every value
 *        must then be &gt; 0
 */
public record TuningOptions(int evaluations, int initialPoints, int batchSize, long seed, double hedgeEta, int candidates, int gpRestarts, boolean logValues) {

	public TuningOptions {
		if (evaluations < 1)
			throw new IllegalArgumentException("evaluations must be at least 1, got " + evaluations);
		if (initialPoints < 1 || initialPoints > evaluations)
			throw new IllegalArgumentException("initialPoints must lie in [1, evaluations = " + evaluations + "], got " + initialPoints);
		if (batchSize < 1)
			throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
		if (!(hedgeEta >= 0) || !Double.isFinite(hedgeEta))
			throw new IllegalArgumentException("hedgeEta must be a non-negative number, got " + hedgeEta);
		if (candidates < 1)
			throw new IllegalArgumentException("candidates must be at least 1, got " + candidates);
		if (gpRestarts < 0)
			throw new IllegalArgumentException("gpRestarts must be >= 0, got " + gpRestarts);
	}

	/**
	 * GP-Hedge temperature of {@link #of}. NB: gains are sums of standardised means, so η = 1 lets one
	 * acquisition (usually PI) take over within a few rounds; 0.3 reached 1% of Branin's optimum in 30
	 * evaluations for 6 of seeds 1-8, η = 0.1 and 1 for 4.
	 */
	public static final double HEDGE_ETA = 0.3;

	/** {@code evaluations} in total, 5 initial points, sequential, η = {@value #HEDGE_ETA}, 500 candidates, 1 random GP restart, values modelled as they are. */
	public static TuningOptions of(int evaluations, long seed) {
		return new TuningOptions(evaluations, Math.min(5, evaluations), 1, seed, HEDGE_ETA, 500, 1, false);
	}

	public TuningOptions withBatchSize(int b) {
		return new TuningOptions(evaluations, initialPoints, b, seed, hedgeEta, candidates, gpRestarts, logValues);
	}

	public TuningOptions withLogValues(boolean l) {
		return new TuningOptions(evaluations, initialPoints, batchSize, seed, hedgeEta, candidates, gpRestarts, l);
	}

	public TuningOptions withInitialPoints(int n) {
		return new TuningOptions(evaluations, n, batchSize, seed, hedgeEta, candidates, gpRestarts, logValues);
	}
}
