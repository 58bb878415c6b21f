package org.fusedtomo.projector;

import org.fusedtomo.data.FloatArrays;

import java.util.SplittableRandom;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;

/**
 * Power-method estimate of the squared operator norm ‖A‖² of a projector, the largest eigenvalue of
 * AᵀA. Gradient methods on ½‖Ax − b‖² take their step 1/L from it (L = ‖A‖²).
 * <p>
 * The iteration starts from a seeded random positive volume, because AᵀA has non-negative entries and
 * its top eigenvector is non-negative (Perron-Frobenius): a positive start has a large component along
 * it, so few iterations suffice (10 to 20 give three or four digits on tomography operators).
 * The estimate is the Rayleigh quotient ‖Ax‖²/‖x‖² of the last iterate, so it never exceeds the true
 * value and approaches it from below; callers that need an upper bound multiply by a small margin.
 */
public final class OperatorNorm {

	private OperatorNorm() {}

	/**
	 * Estimates ‖A‖² with {@code iterations} power iterations (each one forward and one back projection)
	 * from a start drawn with {@code seed}; the same arguments give the same value.
	 *
	 * @throws IllegalArgumentException if {@code iterations < 1}
	 */
	public static double squared(Projector projector, int iterations, long seed) {
		if (iterations < 1)
			throw new IllegalArgumentException("Power method iterations must be at least 1, got " + iterations);
		Volume x = Volume.zeros(projector.volumeGeometry());
		TiltSeries ax = TiltSeries.zeros(projector.tiltGeometry());
		SplittableRandom random = new SplittableRandom(seed);
		float[] v = x.data();
		for (int i = 0; i < v.length; i++)
			v[i] = (float) (0.5 + random.nextDouble());
		double estimate = 0;
		for (int k = 0; k < iterations; k++) {
			double xx = FloatArrays.sumOfSquares(v);
			if (xx == 0)
				return 0; // x lies in the null space of AᵀA: A is zero
			scale(v, 1 / Math.sqrt(xx));
			projector.forward(x, ax);
			estimate = FloatArrays.sumOfSquares(ax.data()); // ‖Ax‖² with ‖x‖ = 1
			projector.back(ax, x); // x ← AᵀA x
		}
		return estimate;
	}


	private static void scale(float[] a, double factor) {
		float f = (float) factor;
		for (int i = 0; i < a.length; i++)
			a[i] *= f;
	}
}
