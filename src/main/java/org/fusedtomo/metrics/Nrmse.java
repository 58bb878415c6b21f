package org.fusedtomo.metrics;

/**
 * Scale-invariant normalised root-mean-square error (DESIGN §5): {@code ‖αx − g‖₂ / ‖g‖₂} with the
 * least-squares scale {@code α = ⟨x,g⟩/⟨x,x⟩}, because fused and EM volumes carry arbitrary scale.
 */
public final class Nrmse {

	private Nrmse() {}

	/** NRMSE of {@code estimate} against {@code truth}; arrays of equal length, truth not all zero. */
	public static double of(float[] estimate, float[] truth) {
		if (estimate.length != truth.length)
			throw new IllegalArgumentException("NRMSE needs equal sizes, got " + estimate.length + " and " + truth.length + " voxels");
		double xg = 0, xx = 0, gg = 0;
		for (int i = 0; i < truth.length; i++) {
			double x = estimate[i], g = truth[i];
			xg += x * g;
			xx += x * x;
			gg += g * g;
		}
		if (gg == 0)
			throw new IllegalArgumentException("NRMSE is undefined against an all-zero truth");
		double alpha = xx == 0 ? 0 : xg / xx;
		// ‖αx − g‖² = α²xx − 2α xg + gg, evaluated directly to avoid cancellation.
		double err = 0;
		for (int i = 0; i < truth.length; i++) {
			double d = alpha * estimate[i] - truth[i];
			err += d * d;
		}
		return Math.sqrt(err / gg);
	}

	/** NRMSE of two volumes of the same size. */
	public static double of(org.fusedtomo.data.Volume estimate, org.fusedtomo.data.Volume truth) {
		if (!estimate.geometry().equals(truth.geometry()))
			throw new IllegalArgumentException("NRMSE needs volumes of one size, got " + estimate.geometry() + " and " + truth.geometry());
		return of(estimate.data(), truth.data());
	}
}
