package org.fusedtomo.spark;

/**
 * Rows of y slices in the arrays of a slab: a volume (x, y, z) or a tilt series (x, y, angle) of width
 * {@code w} and {@code n} slices is {@code planes} planes of {@code n} rows of {@code w} values, row r of
 * plane p at {@code w (r + n p)}. Slabs exchange halos as such rows.
 */
final class SlabRows {

	private SlabRows() {}

	/** Rows {@code [r0, r1)} of every plane of {@code a} (w x n x planes), as a w x (r1 − r0) x planes array. */
	static float[] copy(float[] a, int w, int n, int r0, int r1) {
		int planes = planes(a, w, n), m = r1 - r0;
		float[] rows = new float[w * m * planes];
		for (int p = 0; p < planes; p++)
			System.arraycopy(a, w * (r0 + n * p), rows, w * m * p, w * m);
		return rows;
	}

	/** Writes {@code rows} (w x m x planes) into rows {@code [r0, r0 + m)} of every plane of {@code a} (w x n x planes). */
	static void put(float[] rows, float[] a, int w, int n, int r0) {
		int planes = planes(a, w, n), m = rows.length / (w * planes);
		for (int p = 0; p < planes; p++)
			System.arraycopy(rows, w * m * p, a, w * (r0 + n * p), w * m);
	}

	/** ½ Σ (a − b)² over rows {@code [r0, r1)} of every plane, in double, in plane then row order. */
	static double halfSquaredDistance(float[] a, float[] b, int w, int n, int r0, int r1) {
		int planes = planes(a, w, n);
		double s = 0;
		for (int p = 0; p < planes; p++)
			for (int i = w * (r0 + n * p), end = w * (r1 + n * p); i < end; i++) {
				double d = (double) a[i] - b[i];
				s += d * d;
			}
		return s / 2;
	}

	private static int planes(float[] a, int w, int n) {
		if (a.length % (w * n) != 0)
			throw new IllegalArgumentException("An array of " + a.length + " values is not planes of " + n + " rows of " + w);
		return a.length / (w * n);
	}
}
