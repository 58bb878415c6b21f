package org.fusedtomo.data;

/**
 * Element-wise arithmetic on the backing arrays of volumes and tilt series. Sums accumulate in double
 * so that cost values of large volumes keep their digits. All loops are serial: each costs far less
 * than one projection.
 */
public final class FloatArrays {

	private FloatArrays() {}

	/** Σ a. */
	public static double sum(float[] a) {
		double s = 0;
		for (float f : a)
			s += f;
		return s;
	}

	/** Σ a². */
	public static double sumOfSquares(float[] a) {
		double s = 0;
		for (float f : a)
			s += (double) f * f;
		return s;
	}

	/** ½‖a − b‖²; arrays of equal length. */
	public static double halfSquaredDistance(float[] a, float[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) {
			double d = (double) a[i] - b[i];
			s += d * d;
		}
		return s / 2;
	}

	/** ⟨a, b⟩; arrays of equal length. */
	public static double dot(float[] a, float[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++)
			s += (double) a[i] * b[i];
		return s;
	}

	/** Sets negative values and NaN to 0, in place. */
	public static void clampNonNegative(float[] a) {
		clampNonNegative(a, 0, a.length);
	}

	/** {@link #clampNonNegative(float[])} on [from, to), for callers that split an array over threads. */
	public static void clampNonNegative(float[] a, int from, int to) {
		for (int i = from; i < to; i++)
			if (!(a[i] >= 0))
				a[i] = 0;
	}

	/** The largest value, or −∞ for an empty array. */
	public static float max(float[] a) {
		float m = Float.NEGATIVE_INFINITY;
		for (float v : a)
			m = Math.max(m, v);
		return m;
	}
}
