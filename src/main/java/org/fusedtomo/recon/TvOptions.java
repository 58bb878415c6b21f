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
 */
public record TvOptions(double lambda, int proxIterations, boolean warmStartProx, int powerIterations) {

	public TvOptions {
		if (!(lambda >= 0) || !Double.isFinite(lambda))
			throw new IllegalArgumentException("TV weight lambda must be a non-negative number, got " + lambda);
		if (proxIterations < 1)
			throw new IllegalArgumentException("TV prox iterations must be at least 1, got " + proxIterations);
		if (powerIterations < 1)
			throw new IllegalArgumentException("Power method iterations must be at least 1, got " + powerIterations);
	}

	/** λ with 10 warm-started prox iterations and 20 power iterations. */
	public static TvOptions of(double lambda) {
		return new TvOptions(lambda, 10, true, 20);
	}
}
