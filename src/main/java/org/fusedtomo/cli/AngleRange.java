package org.fusedtomo.cli;

import org.fusedtomo.geometry.TiltGeometry;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code FIRST:LAST:STEP} (degrees) into the list of tilt angles. */
final class AngleRange implements ITypeConverter<double[]> {

	@Override
	public double[] convert(String value) {
		String[] parts = value.split(":");
		if (parts.length != 3)
			throw new TypeConversionException("'" + value + "' is not an angle range FIRST:LAST:STEP in degrees, e.g. -70:70:3");
		try {
			return TiltGeometry.range(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
		}
		catch (NumberFormatException e) {
			throw new TypeConversionException("'" + value + "' is not an angle range FIRST:LAST:STEP in degrees: " + e.getMessage());
		}
		catch (IllegalArgumentException e) {
			throw new TypeConversionException(e.getMessage());
		}
	}
}
