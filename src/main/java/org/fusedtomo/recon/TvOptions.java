package org.fusedtomo.recon;

/**
 * Settings of {@link TvReconstruction}.
 *
 * @param lambda TV weight λ ≥ 0 in {@code ½‖Ax − b‖² + λ TV(x)}; it carries the units of the data
 *        times voxel values, so it scales with the dose (double the counts, double λ for the same result)
 * @param proxIterations FGP iterations of the TV prox per outer iteration, at least 1
 * @param warmStartProx keep the prox's dual variable between outer iterations, so that few inner
 *        iterations (5 to 20) suffice
 * @param powerIterations power-method iterations for the Lipschitz constant ‖A‖², at least 1
 * @param poissonFloor 0 for least squares; above 0 the data term is Poisson-weighted,
 *        {@code ½ Σ_i (Ax − b)_i² / max(b_i, poissonFloor)}: a pixel's Poisson variance is proportional to its
 *        mean, so dim pixels, the most exact, count most; the floor (in data units) bounds the weights
 */
public record TvOptions(double lambda, int proxIterations, boolean warmStartProx, int powerIterations, double poissonFloor) {

	/** Least squares (no Poisson weights). */
	public TvOptions(double lambda, int proxIterations, boolean warmStartProx, int powerIterations) {
		this(lambda, proxIterations, warmStartProx, powerIterations, 0);
	}

	public TvOptions {
		if (!(lambda >= 0) || !Double.isFinite(lambda))
			throw new IllegalArgumentException("TV weight lambda must be a non-negative number, got " + lambda);
		if (proxIterations < 1)
			throw new IllegalArgumentException("TV prox iterations must be at least 1, got " + proxIterations);
		if (powerIterations < 1)
			throw new IllegalArgumentException("Power method iterations must be at least 1, got " + powerIterations);
		if (!(poissonFloor >= 0) || !Double.isFinite(poissonFloor))
			throw new IllegalArgumentException("TV Poisson-weight floor must be a non-negative number, got " + poissonFloor);
	}

	/** Whether the data term is Poisson-weighted ({@link #poissonFloor} above 0). */
	public boolean poissonWeighted() {
		return poissonFloor > 0;
	}

	/**
	 * The weight of a pixel with data {@code b} in the data term: {@code 1 / max(b, poissonFloor)}, or 1 for least
	 * squares.
	 */
	public float dataWeight(float b) {
		return poissonFloor > 0 ? (float) (1 / Math.max(b, poissonFloor)) : 1;
	}

	/** λ with 10 warm-started prox iterations and 20 power iterations. */
	public static TvOptions of(double lambda) {
		return new TvOptions(lambda, 10, true, 20);
	}
}
