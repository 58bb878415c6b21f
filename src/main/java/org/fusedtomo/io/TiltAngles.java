package org.fusedtomo.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import org.fusedtomo.geometry.AngleRange;

/**
 * Tilt-angle text files as IMOD and tomviz use them ({@code .rawtlt}, {@code .tlt}): one angle in
 * degrees per line. Blank lines and {@code #} comments (to the end of a line) are ignored.
 */
public final class TiltAngles {

	/** Sidecar extensions in order of preference. */
	private static final String[] SIDECAR_EXTENSIONS = { ".rawtlt", ".tlt" };

	/**
	 * The end of a reader's "has no tilt angles" message: the command line's {@code --angles} gives the HAADF's tilts
	 * (a chemical series takes its sidecar; {@code cli.SeriesFiles} says so in place of this).
	 */
	public static final String ANGLE_FILE_HINT = ", or give an angle file (--angles FILE)";

	/** Longest piece of a bad line quoted in an error. */
	private static final int QUOTE_LIMIT = 40;

	private TiltAngles() {}

	/**
	 * The angles in {@code file}, in file order, degrees; where no such file exists, a name that is a range
	 * {@code FIRST:LAST:STEP} gives the range's angles ({@link AngleRange}). Cost: one read of the file.
	 *
	 * @throws InvalidInputException naming the file (and the line) when it is missing, unreadable,
	 *             holds a line that is not one finite number, or holds no angle
	 */
	public static double[] read(Path file) {
		// NB: a range given where an angle file is taken (--angles -70:70:3 for a stack) was "tilt-angle file not found".
		if (!Files.exists(file) && AngleRange.isRange(file.toString()))
			return AngleRange.parse("--angles", file.toString());
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		}
		catch (NoSuchFileException e) {
			throw new InvalidInputException(file, "tilt-angle file not found (give a file, one angle in degrees per line, or a range FIRST:LAST:STEP)");
		}
		catch (IOException e) {
			throw new InvalidInputException(file, "cannot read the tilt-angle file: " + e.getMessage(), e);
		}
		// NB: ISO-8859-1 decodes any bytes, so a binary file fails on its first line with a clear message.
		String text = new String(bytes, StandardCharsets.ISO_8859_1);
		if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".mdoc") || text.contains("[ZValue"))
			throw new InvalidInputException(file, "is a SerialEM .mdoc, not a list of angles: --angles takes one angle in degrees per line (an .mdoc is read beside an MRC stack, named <stack>.mdoc or <stack>.st.mdoc)");
		String[] lines = text.split("\\r\\n|\\r|\\n", -1);
		double[] angles = new double[lines.length];
		int n = 0;
		for (int i = 0; i < lines.length; i++) {
			String line = lines[i];
			int hash = line.indexOf('#');
			if (hash >= 0)
				line = line.substring(0, hash);
			line = line.strip();
			if (i == 0 && line.startsWith("\u00ef\u00bb\u00bf"))
				line = line.substring(3).strip(); // a UTF-8 byte-order mark
			if (line.isEmpty())
				continue;
			double a;
			try {
				a = Double.parseDouble(line);
			}
			catch (NumberFormatException e) {
				throw new InvalidInputException(file, "line " + (i + 1) + ": '" + quote(line) + "' is not a tilt angle; expected one number (degrees) per line");
			}
			if (!Double.isFinite(a))
				throw new InvalidInputException(file, "line " + (i + 1) + ": '" + quote(line) + "' is not a finite tilt angle");
			angles[n++] = a;
		}
		if (n == 0)
			throw new InvalidInputException(file, "contains no tilt angles; expected one number (degrees) per line");
		return Arrays.copyOf(angles, n);
	}

	/**
	 * The angles that {@code value} of {@code option} gives: an angle file ({@link #read}) when one exists at that
	 * path, else a range {@code FIRST:LAST:STEP} ({@link AngleRange}) or one number (one angle), so that a command
	 * taking angles for files without a tilt accepts these forms.
	 *
	 * @throws InvalidInputException naming the file when it is neither, or as {@link #read}
	 * @throws IllegalArgumentException naming {@code option} for a bad range
	 */
	public static double[] fileOrRange(String option, String value) {
		Path file = Path.of(value);
		if (!Files.exists(file) && AngleRange.isRange(value))
			return AngleRange.parse(option, value);
		// NB: one number is the one angle of a single file (maps --angles 0 was "no such tilt-angle file").
		if (!Files.exists(file) && value.strip().matches("[-+]?\\d+(\\.\\d*)?"))
			return new double[] { Double.parseDouble(value.strip()) };
		if (!Files.exists(file))
			throw new InvalidInputException(file, "no such tilt-angle file (" + option + " takes a file, one angle in degrees per line, a range FIRST:LAST:STEP, or one angle)");
		return read(file);
	}

	/**
	 * Tilt angles that {@code file} states in radians ({@code source} says where), in degrees. A value
	 * beyond ±2π cannot be a tilt in radians: such a file holds degrees under a radian label, and is refused
	 * rather than read as thousands of degrees.
	 *
	 * @throws InvalidInputException naming the file, the source and the value
	 */
	public static double[] radiansToDegrees(Path file, String source, double[] radians) {
		double[] deg = new double[radians.length];
		for (int i = 0; i < radians.length; i++) {
			if (!(Math.abs(radians[i]) <= 2 * Math.PI))
				throw new InvalidInputException(file, source + " is in radians but holds " + radians[i] + " (entry " + (i + 1)
					+ "), which cannot be a tilt in radians (|value| > 2 pi); the values look like degrees: give the angles in a file with --angles FILE");
			deg[i] = Math.toDegrees(radians[i]);
		}
		return deg;
	}

	/** Writes {@code anglesDeg} one per line, exactly (shortest decimal that reads back bit-identical). */
	public static void write(Path file, double[] anglesDeg, AtomicFiles files) {
		files.write(file, out -> out.write(format(anglesDeg).getBytes(StandardCharsets.US_ASCII)));
	}

	/** The file text {@link #write} produces. */
	public static String format(double[] anglesDeg) {
		StringBuilder s = new StringBuilder();
		for (double a : anglesDeg) {
			if (!Double.isFinite(a))
				throw new IllegalArgumentException("Cannot write tilt angle " + a + "; angles must be finite");
			s.append(a).append('\n');
		}
		return s.toString();
	}

	/**
	 * The angle file that belongs to {@code image}: same directory and base name with {@code .rawtlt},
	 * else {@code .tlt}, whichever exists first.
	 */
	public static Optional<Path> findSidecar(Path image) {
		for (String ext : SIDECAR_EXTENSIONS) {
			Path p = withExtension(image, ext);
			if (Files.isRegularFile(p))
				return Optional.of(p);
		}
		return Optional.empty();
	}

	/** The {@code .rawtlt} sidecar path that goes with {@code image} (it need not exist). */
	public static Path sidecarFor(Path image) {
		return withExtension(image, SIDECAR_EXTENSIONS[0]);
	}

	/** {@code path} with its last extension (if any) replaced by {@code extension} (with the dot). */
	public static Path withExtension(Path path, String extension) {
		String name = path.getFileName().toString();
		int dot = name.lastIndexOf('.');
		String base = dot > 0 ? name.substring(0, dot) : name;
		return path.resolveSibling(base + extension);
	}

	private static String quote(String s) {
		String t = s.length() > QUOTE_LIMIT ? s.substring(0, QUOTE_LIMIT) + "..." : s;
		StringBuilder b = new StringBuilder();
		for (char c : t.toCharArray())
			b.append(c >= 32 && c < 127 ? c : '?');
		return b.toString();
	}
}
