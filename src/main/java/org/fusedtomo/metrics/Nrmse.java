package org.fusedtomo.metrics;

import java.io.Serializable;

/**
 * Scale-invariant normalised root-mean-square error (DESIGN §5): {@code ‖αx − g‖₂ / ‖g‖₂} with the
 * least-squares scale {@code α = ⟨x,g⟩/⟨x,x⟩}, because fused and EM volumes carry arbitrary scale.
 * <p>
 * Two passes over the voxels: the {@link Sums} give α, then {@link #squaredError} sums ‖αx − g‖². Both are
 * sums over voxels, so a volume held in parts (slabs on separate machines) adds its parts' shares:
 * {@code of(Σ sums, Σ squaredError)}.
 */
public final class Nrmse {

	private Nrmse() {}

	/** The first pass's sums ⟨x,g⟩, ⟨x,x⟩ and ⟨g,g⟩ over some voxels; added over parts with {@link #plus}. */
	public record Sums(double xg, double xx, double gg) implements Serializable {

		public static final Sums ZERO = new Sums(0, 0, 0);

		/** The sums over voxels {@code [from, to)} of {@code estimate} and {@code truth}. */
		public static Sums of(float[] estimate, float[] truth, int from, int to) {
			double xg = 0, xx = 0, gg = 0;
			for (int i = from; i < to; i++) {
				double x = estimate[i], g = truth[i];
				xg += x * g;
				xx += x * x;
				gg += g * g;
			}
			return new Sums(xg, xx, gg);
		}

		public Sums plus(Sums other) {
			return new Sums(xg + other.xg, xx + other.xx, gg + other.gg);
		}

		/** The least-squares scale α = ⟨x,g⟩/⟨x,x⟩ (0 for an all-zero estimate). */
		public double alpha() {
			return xx == 0 ? 0 : xg / xx;
		}
	}

	/**
	 * The second pass: ‖αx − g‖² over voxels {@code [from, to)}, evaluated directly (not as α²xx − 2α xg +
	 * gg) to avoid cancellation.
	 */
	public static double squaredError(float[] estimate, float[] truth, int from, int to, double alpha) {
		double err = 0;
		for (int i = from; i < to; i++) {
			double d = alpha * estimate[i] - truth[i];
			err += d * d;
		}
		return err;
	}

	/** NRMSE from the whole volume's sums and squared error (each summed over its parts). */
	public static double of(Sums sums, double squaredError) {
		if (sums.gg() == 0)
			throw new IllegalArgumentException("NRMSE is undefined against an all-zero truth");
		return Math.sqrt(squaredError / sums.gg());
	}

	/** NRMSE of {@code estimate} against {@code truth}; arrays of equal length, truth not all zero. */
	public static double of(float[] estimate, float[] truth) {
		if (estimate.length != truth.length)
			throw new IllegalArgumentException("NRMSE needs equal sizes, got " + estimate.length + " and " + truth.length + " voxels");
		Sums sums = Sums.of(estimate, truth, 0, truth.length);
		if (sums.gg() == 0)
			throw new IllegalArgumentException("NRMSE is undefined against an all-zero truth");
		return of(sums, squaredError(estimate, truth, 0, truth.length, sums.alpha()));
	}

	/**
	 * {@link #of(float[], float[])} over the pixels that {@code measured} holds: a NaN there marks a pixel that was not
	 * measured ({@link org.fusedtomo.data.MissingData}), which the prediction is not scored on.
	 */
	public static double ofMeasured(float[] prediction, float[] measured) {
		if (prediction.length != measured.length)
			throw new IllegalArgumentException("NRMSE needs equal sizes, got " + prediction.length + " and " + measured.length + " pixels");
		int n = 0;
		for (float f : measured)
			if (!Float.isNaN(f))
				n++;
		if (n == measured.length)
			return of(prediction, measured);
		float[] x = new float[n], g = new float[n];
		for (int i = 0, k = 0; i < measured.length; i++)
			if (!Float.isNaN(measured[i])) {
				x[k] = prediction[i];
				g[k++] = measured[i];
			}
		return of(x, g);
	}

	/** NRMSE of two volumes of the same size. */
	public static double of(org.fusedtomo.data.Volume estimate, org.fusedtomo.data.Volume truth) {
		if (!estimate.geometry().equals(truth.geometry()))
			throw new IllegalArgumentException("NRMSE needs volumes of one size, got " + estimate.geometry() + " and " + truth.geometry());
		return of(estimate.data(), truth.data());
	}
}
