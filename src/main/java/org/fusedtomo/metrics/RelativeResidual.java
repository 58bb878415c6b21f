package org.fusedtomo.metrics;

/**
 * The relative data residual {@code ‖model − data‖₂ / ‖data‖₂} (0 for all-zero data), e.g. of aligned
 * projections against the reprojection of a reconstruction. Not scale-invariant, unlike
 * {@link Nrmse}: a model of the wrong scale counts as misfit. Data pixels that are NaN (not measured,
 * {@code data.MissingData}) are left out of both sums. Cost O(n).
 */
public final class RelativeResidual {

	private RelativeResidual() {}

	public static double of(float[] model, float[] data) {
		if (model.length != data.length)
			throw new IllegalArgumentException("Model and data must have the same length, got " + model.length + " and " + data.length);
		double r = 0, b = 0;
		for (int i = 0; i < data.length; i++) {
			if (Float.isNaN(data[i]))
				continue;
			double d = model[i] - data[i];
			r += d * d;
			b += (double) data[i] * data[i];
		}
		return b > 0 ? Math.sqrt(r / b) : 0;
	}
}
