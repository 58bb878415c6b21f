package org.fusedtomo.align;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.SingularMatrixException;

/**
 * The part of per-projection x shifts that a translation of the object explains. An object moved by
 * {@code (t_x, t_z)} (pixels) projects {@code t_x cos θ + t_z sin θ} further along x at tilt θ, which
 * the data cannot tell from shifts of the projections; a constant {@code a} is a shift of the tilt
 * axis. Projection matching removes all three from its updates, and comparisons with a known truth
 * remove them before measuring a residual. The y counterpart (a translation along the axis) is a
 * constant.
 */
public final class RigidTranslation {

	private RigidTranslation() {}

	/**
	 * The least-squares coefficients {@code {a, b, c}} of {@code ux ≈ a + b cos θ + c sin θ}, θ being
	 * {@code anglesDeg} (degrees, one per value). With fewer than 4 values, or angles that cannot separate
	 * the terms (a narrow tilt range), only the mean is fitted: {@code {mean, 0, 0}}. Cost O(n).
	 */
	public static double[] fit(double[] ux, double[] anglesDeg) {
		int n = ux.length;
		if (anglesDeg.length != n)
			throw new IllegalArgumentException("A rigid-translation fit needs one angle per shift, got " + anglesDeg.length + " angles for " + n + " shifts");
		if (n == 0)
			return new double[3];
		double mean = 0;
		for (double v : ux)
			mean += v / n;
		if (n < 4)
			return new double[] { mean, 0, 0 };
		double[][] basis = new double[n][];
		for (int i = 0; i < n; i++) {
			double t = Math.toRadians(anglesDeg[i]);
			basis[i] = new double[] { 1, Math.cos(t), Math.sin(t) };
		}
		try {
			return new QRDecomposition(new Array2DRowRealMatrix(basis, false)).getSolver().solve(new ArrayRealVector(ux)).toArray();
		}
		catch (SingularMatrixException e) {
			// NB: a narrow tilt range cannot separate the modes; keep the mean alone.
			return new double[] { mean, 0, 0 };
		}
	}

	/** {@code a + b cos θ + c sin θ} for coefficients {@code {a, b, c}} of {@link #fit} at {@code angleDeg}. */
	public static double evaluate(double[] coefficients, double angleDeg) {
		double t = Math.toRadians(angleDeg);
		return coefficients[0] + coefficients[1] * Math.cos(t) + coefficients[2] * Math.sin(t);
	}

	/** Subtracts its {@link #fit} from {@code ux}, in place. */
	public static void remove(double[] ux, double[] anglesDeg) {
		double[] c = fit(ux, anglesDeg);
		for (int i = 0; i < ux.length; i++)
			ux[i] -= evaluate(c, anglesDeg[i]);
	}
}
