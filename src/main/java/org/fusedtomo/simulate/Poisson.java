package org.fusedtomo.simulate;

import java.util.SplittableRandom;

/**
 * Seeded Poisson sampling. Knuth's product method below mean 30, a rounded normal with continuity
 * correction above, where the two differ by far less than the shot noise itself.
 */
public final class Poisson {

	private final SplittableRandom random;

	public Poisson(long seed) {
		this.random = new SplittableRandom(seed);
	}

	/** One draw with the given mean (≥ 0). */
	public int sample(double mean) {
		if (!(mean >= 0))
			throw new IllegalArgumentException("Poisson mean must be non-negative, got " + mean);
		if (mean == 0)
			return 0;
		if (mean < 30) {
			double limit = Math.exp(-mean), p = 1;
			int k = -1;
			do {
				k++;
				p *= random.nextDouble();
			} while (p > limit);
			return k;
		}
		long k = Math.round(mean + Math.sqrt(mean) * gaussian() );
		return (int) Math.max(0, Math.min(Integer.MAX_VALUE, k));
	}

	/** Replaces each value v by a draw with mean {@code v * scale}. */
	public void apply(float[] values, double scale) {
		for (int i = 0; i < values.length; i++)
			values[i] = sample(Math.max(0, values[i]) * scale);
	}

	private double gaussian() {
		// Box-Muller; SplittableRandom has no nextGaussian in Java 17.
		double u = 1 - random.nextDouble(), v = random.nextDouble();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
	}
}
