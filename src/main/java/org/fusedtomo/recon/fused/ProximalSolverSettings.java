package org.fusedtomo.recon.fused;

/**
 * Settings of the proximal-gradient solver ({@link FusedSolver#PROXIMAL_GRADIENT}, monotone FISTA).
 *
 * @param tvIterations FGP iterations of each TV prox, warm-started from the last dual (≥ 1); {@value #TV_ITERATIONS}.
 *        3 and 5 give the same fused NRMSE within 0.5 % on core-shell and blobs (seed 1, 20 and 80 counts), and
 *        the prox is the largest share of an iteration
 * @param iterationCountLevel with binned chemical maps and count weighting, the count level per HAADF pixel above
 *        which the fused iterations grow, as √(level ÷ this) ({@link FusedParameters#iterationsForCounts}); 0: the
 *        iterations as given. {@value #ITERATION_COUNT_LEVEL}: binned maps converge more slowly the more counts they
 *        hold (docs/fused-study.md, "4× maps: iterations")
 */
public record ProximalSolverSettings(int tvIterations, double iterationCountLevel) implements java.io.Serializable {

	public static final int TV_ITERATIONS = 3;
	/** {@link #iterationCountLevel()} of {@link #DEFAULT}: 10 counts per pixel binned 2× and 4× stay at their fixed iterations (levels 18–29). */
	public static final double ITERATION_COUNT_LEVEL = 30;

	public static final ProximalSolverSettings DEFAULT = new ProximalSolverSettings(TV_ITERATIONS, ITERATION_COUNT_LEVEL);

	public ProximalSolverSettings {
		if (tvIterations < 1)
			throw new IllegalArgumentException("--tv-iterations must be at least 1, got " + tvIterations);
		if (!(iterationCountLevel >= 0) || Double.isInfinite(iterationCountLevel))
			throw new IllegalArgumentException("The iterations' count level must be finite and non-negative (0: fixed iterations), got " + iterationCountLevel);
	}

	/** With {@code tvIterations} and the default {@link #ITERATION_COUNT_LEVEL}. */
	public ProximalSolverSettings(int tvIterations) {
		this(tvIterations, ITERATION_COUNT_LEVEL);
	}

	/** These settings with the iterations run as given (no growth with the count level). */
	public ProximalSolverSettings withFixedIterations() {
		return new ProximalSolverSettings(tvIterations, 0);
	}
}
