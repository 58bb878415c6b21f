package org.fusedtomo.io.mrc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fusedtomo.io.InvalidInputException;

/**
 * SerialEM/IMOD {@code .mdoc} autodoc files: one {@code [ZValue = n]} section per image, holding
 * {@code TiltAngle = degrees}.
 */
final class Mdoc {

	private static final Pattern SECTION = Pattern.compile("\\[\\s*ZValue\\s*=\\s*(-?\\d+)\\s*]");
	private static final Pattern TILT = Pattern.compile("TiltAngle\\s*=\\s*(\\S+)");

	private Mdoc() {}

	/** {@code <name>.mdoc} (SerialEM's {@code TS.st.mdoc}) or {@code <base>.mdoc} next to the image. */
	static Optional<Path> find(Path image) {
		String name = image.getFileName().toString();
		int dot = name.lastIndexOf('.');
		for (String candidate : new String[] { name + ".mdoc", (dot > 0 ? name.substring(0, dot) : name) + ".mdoc" }) {
			Path p = image.resolveSibling(candidate);
			if (Files.isRegularFile(p))
				return Optional.of(p);
		}
		return Optional.empty();
	}

	/**
	 * The tilt angle of each section 0..nz-1.
	 *
	 * @throws InvalidInputException when a section is missing, out of range, repeated, or has no angle
	 */
	static double[] tiltAngles(Path mdoc, int nz) {
		String text;
		try {
			text = Files.readString(mdoc, StandardCharsets.ISO_8859_1);
		}
		catch (IOException e) {
			throw new InvalidInputException(mdoc, "cannot read the .mdoc file: " + e.getMessage(), e);
		}
		double[] angles = new double[nz];
		Arrays.fill(angles, Double.NaN);
		int z = -1;
		String[] lines = text.split("\\R");
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i].strip();
			Matcher s = SECTION.matcher(line);
			if (s.matches()) {
				// NB: a long-enough number overflows int; it is out of range all the same.
				long value = s.group(1).length() > 12 ? Long.MAX_VALUE : Long.parseLong(s.group(1));
				if (value < 0 || value >= nz)
					throw new InvalidInputException(mdoc, "line " + (i + 1) + ": section [ZValue = " + s.group(1) + "] is outside the stack of " + nz
						+ " sections (ZValue 0 to " + (nz - 1) + "); fix the .mdoc or remove it and give the angles with --angles FILE");
				z = (int) value;
				if (!Double.isNaN(angles[z]))
					throw new InvalidInputException(mdoc, "line " + (i + 1) + ": section [ZValue = " + z + "] appears twice");
				continue;
			}
			if (line.startsWith("["))
				z = -1;
			Matcher t = TILT.matcher(line);
			if (z >= 0 && t.lookingAt()) {
				try {
					angles[z] = Double.parseDouble(t.group(1));
				}
				catch (NumberFormatException e) {
					throw new InvalidInputException(mdoc, "line " + (i + 1) + ": '" + t.group(1) + "' is not a tilt angle");
				}
			}
		}
		for (int k = 0; k < nz; k++)
			if (Double.isNaN(angles[k]))
				throw new InvalidInputException(mdoc, "has no TiltAngle for section [ZValue = " + k + "] of the " + nz + "-section stack (angle count differs from the stack depth)");
		return angles;
	}
}
