package org.fusedtomo.cli;

import org.fusedtomo.geometry.TiltGeometry;

/** Parses {@code FIRST:LAST:STEP} (degrees) into the list of tilt angles. */
final class AngleRange {

	private AngleRange() {}

	/** The angles of {@code value}; {@code option} names the option in the error message. */
	static double[] parse(String option, String value) {
		String[] parts = value.split(":");
		if (parts.length != 3)
			throw new IllegalArgumentException(option + " '" + value + "' is not an angle range FIRST:LAST:STEP in degrees, e.g. -70:70:3");
		try {
			return TiltGeometry.range(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(option + " '" + value + "' is not an angle range FIRST:LAST:STEP in degrees: " + e.getMessage());
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(option + ": " + e.getMessage());
		}
	}
}
