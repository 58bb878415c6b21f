package org.fusedtomo.geometry;

/**
 * The one parser of {@code FIRST:LAST:STEP} tilt-angle ranges (degrees), for the command line and the
 * Fiji commands alike.
 */
public final class AngleRange {

	private AngleRange() {}

	/** Whether {@code text} is written as a range (holds a colon) rather than a list of angles. */
	public static boolean isRange(String text) {
		return text.contains(":");
	}

	/**
	 * The angles {@link TiltGeometry#range} gives for {@code value}; blanks around the numbers are allowed.
	 *
	 * @param option names the option or field in the one-line error message
	 * @throws IllegalArgumentException naming {@code option} and {@code value} when it is not three numbers or
	 *         not a valid range
	 */
	public static double[] parse(String option, String value) {
		String[] parts = value.split(":");
		if (parts.length != 3)
			throw new IllegalArgumentException(option + " '" + value + "' is not an angle range FIRST:LAST:STEP in degrees, e.g. -70:70:3");
		try {
			return TiltGeometry.range(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()), Double.parseDouble(parts[2].trim()));
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException(option + " '" + value + "' is not an angle range FIRST:LAST:STEP in degrees: " + e.getMessage());
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(option + ": " + e.getMessage());
		}
	}
}
