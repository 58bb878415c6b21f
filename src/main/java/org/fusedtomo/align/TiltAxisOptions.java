package org.fusedtomo.align;

/**
 * Settings of {@link TiltAxisFinder}.
 *
 * @param maxRotationDeg the rotation is searched within ± this of the initial one, degrees (> 0), doubled
 *        up to ±45° while the minimum lies at the edge; by mirror pairs (tilts 180° apart) within ± at least 45°
 * @param maxOffsetPx the offset is searched within ± this of the initial one, pixels (> 0)
 * @param rotationStepDeg step of the coarse rotation scan, degrees; refinement halves it
 * @param offsetStepPx step of the coarse offset scan, pixels; refinement halves it
 * @param rotationToleranceDeg refinement stops when the rotation step is below this, degrees
 * @param offsetTolerancePx refinement stops when the offset step is below this, pixels
 * @param slices how many detector rows (y slices) are reconstructed per candidate, spread over the
 *        central {@code rowFraction} of the height; ≥ 2, as the rotation shows as a difference between rows
 * @param rowFraction the part of the height the slices are spread over, in (0, 1]
 * @param sirtIterations SIRT iterations per candidate reconstruction (≥ 1)
 */
public record TiltAxisOptions(double maxRotationDeg, double maxOffsetPx, double rotationStepDeg, double offsetStepPx, double rotationToleranceDeg,
	double offsetTolerancePx, int slices, double rowFraction, int sirtIterations) {

	/** ±5°, ±8 px; coarse steps 0.25° and 1 px, refined to 0.01° and 0.05 px; 8 slices over 70 %; 10 SIRT iterations. */
	public static final TiltAxisOptions DEFAULT = new TiltAxisOptions(5, 8, 0.25, 1, 0.01, 0.05, 8, 0.7, 10);

	public TiltAxisOptions {
		positive("maxRotationDeg", maxRotationDeg);
		positive("maxOffsetPx", maxOffsetPx);
		positive("rotationStepDeg", rotationStepDeg);
		positive("offsetStepPx", offsetStepPx);
		positive("rotationToleranceDeg", rotationToleranceDeg);
		positive("offsetTolerancePx", offsetTolerancePx);
		if (slices < 2)
			throw new IllegalArgumentException("Tilt-axis slices must be at least 2, got " + slices);
		if (!(rowFraction > 0 && rowFraction <= 1))
			throw new IllegalArgumentException("Tilt-axis rowFraction must lie in (0, 1], got " + rowFraction);
		if (sirtIterations < 1)
			throw new IllegalArgumentException("Tilt-axis sirtIterations must be at least 1, got " + sirtIterations);
	}

	private static void positive(String name, double v) {
		if (!(v > 0) || !Double.isFinite(v))
			throw new IllegalArgumentException("Tilt-axis " + name + " must be a positive number, got " + v);
	}
}
