package org.fusedtomo.data;

/** Physical size of one pixel or voxel, isotropic, with its unit (e.g. "nm"). */
public record Calibration(double pixelSize, String unit) {

	public static final Calibration PIXEL = new Calibration(1, "pixel");

	public Calibration {
		if (!(pixelSize > 0) || !Double.isFinite(pixelSize))
			throw new IllegalArgumentException("Pixel size must be a positive number, got " + pixelSize);
		if (unit == null || unit.isBlank())
			throw new IllegalArgumentException("Pixel size unit must not be empty");
	}
}
