package org.fusedtomo.tune;

import java.util.Arrays;

/**
 * The Matérn ν = 5/2 covariance with automatic relevance determination:
 * {@code k(a, b) = σ² (1 + √5 r + 5r²/3) exp(−√5 r)}, {@code r² = Σ_i ((a_i − b_i)/ℓ_i)²}. Its samples are
 * twice differentiable, the usual choice for Bayesian optimisation (Snoek et al. 2012). Immutable.
 *
 * @param signalVariance σ² (> 0), in the squared units of the modelled values
 * @param lengthScales ℓ_i (> 0) per input dimension, in the units of the inputs
 */
public record Matern52Kernel(double signalVariance, double[] lengthScales) {

	private static final double SQRT5 = Math.sqrt(5);

	public Matern52Kernel {
		if (!(signalVariance > 0) || !Double.isFinite(signalVariance))
			throw new IllegalArgumentException("signalVariance must be a positive number, got " + signalVariance);
		if (lengthScales == null || lengthScales.length == 0)
			throw new IllegalArgumentException("lengthScales needs one value per input dimension, got none");
		for (int i = 0; i < lengthScales.length; i++)
			if (!(lengthScales[i] > 0) || !Double.isFinite(lengthScales[i]))
				throw new IllegalArgumentException("lengthScales[" + i + "] must be a positive number, got " + lengthScales[i]);
		lengthScales = lengthScales.clone();
	}

	@Override
	public double[] lengthScales() {
		return lengthScales.clone();
	}

	public int dimension() {
		return lengthScales.length;
	}

	/** k(a, b); both points have {@link #dimension()} coordinates. */
	public double value(double[] a, double[] b) {
		double r2 = 0;
		for (int i = 0; i < lengthScales.length; i++) {
			double d = (a[i] - b[i]) / lengthScales[i];
			r2 += d * d;
		}
		double s = SQRT5 * Math.sqrt(r2);
		return signalVariance * (1 + s + s * s / 3) * Math.exp(-s);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof Matern52Kernel k && Double.compare(k.signalVariance, signalVariance) == 0 && Arrays.equals(k.lengthScales, lengthScales);
	}

	@Override
	public int hashCode() {
		return 31 * Double.hashCode(signalVariance) + Arrays.hashCode(lengthScales);
	}

	@Override
	public String toString() {
		return "Matern52Kernel[signalVariance=" + signalVariance + ", lengthScales=" + Arrays.toString(lengthScales) + "]";
	}
}
