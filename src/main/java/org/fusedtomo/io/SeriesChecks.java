package org.fusedtomo.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.fusedtomo.data.TiltSeries;

/**
 * Checks of a tilt series as read, before any work (issue 19): tilt angles a stage can reach in the stated
 * unit, more than one projection, and pixels that vary. Each refusal is one line naming the file, the
 * value and the fix ({@link InvalidInputException}); docs/reliability.md lists them.
 */
public final class SeriesChecks {

	/** Largest |tilt| of an ordinary holder, degrees: ±90° spans every view of a single-axis series. */
	public static final double MAX_TILT_DEG = 90;

	/** Largest |tilt| of a full-rotation (on-axis) holder, degrees. */
	public static final double MAX_FULL_ROTATION_DEG = 360;

	/** Fewest distinct tilts that {@link #checkAngles} takes for radians when all lie within ±π/2. */
	private static final int RADIAN_MIN_TILTS = 5;

	private SeriesChecks() {}

	/**
	 * Refuses tilts outside [−90°, 90°] or, with {@code fullRotation}, outside [−360°, 360°] or spanning a
	 * whole turn or more (0° and 360° are the same view).
	 */
	public static void checkAngles(Path file, double[] anglesDeg, boolean fullRotation) {
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
		int minAt = 0, maxAt = 0;
		for (int i = 0; i < anglesDeg.length; i++) {
			double a = anglesDeg[i];
			double limit = fullRotation ? MAX_FULL_ROTATION_DEG : MAX_TILT_DEG;
			if (!(Math.abs(a) <= limit))
				throw new InvalidInputException(file, String.format(Locale.ROOT, "tilt %s deg (projection %d) lies outside [-%s, %s] deg; %s", number(a), i + 1, number(limit),
					number(limit), fullRotation ? "give the tilts in degrees within one turn" : "give the tilts in degrees, or add --full-rotation if the holder turns further"));
			if (a < min) {
				min = a;
				minAt = i;
			}
			if (a > max) {
				max = a;
				maxAt = i;
			}
		}
		if (fullRotation && max - min >= 360)
			throw new InvalidInputException(file, String.format(Locale.ROOT, "tilts %s deg (projection %d) and %s deg (projection %d) are a whole turn or more apart, the same view twice; keep the tilts within one turn",
				number(min), minAt + 1, number(max), maxAt + 1));
		checkNotRadians(file, anglesDeg, fullRotation);
	}

	/**
	 * Refuses tilts that are radians in a degree file (numpy's {@code deg2rad} written as a {@code .rawtlt}): see
	 * {@link #radiansProblem}. Such a series was read as one spanning about 2°.
	 */
	private static void checkNotRadians(Path file, double[] anglesDeg, boolean fullRotation) {
		String problem = radiansProblem(anglesDeg, fullRotation);
		if (problem != null)
			throw new InvalidInputException(file, problem);
	}

	/**
	 * Why {@code anglesDeg} look like radians, or null: at least {@value #RADIAN_MIN_TILTS} distinct tilts, all within
	 * ±π/2 (±2π with {@code fullRotation}), and not all whole quarters of a degree, as a small series in degrees would be.
	 * Shared by the command line's readers and the Fiji commands ({@code TiltSeriesImgs.tiltSeries}).
	 */
	public static String radiansProblem(double[] anglesDeg, boolean fullRotation) {
		double min = Arrays.stream(anglesDeg).min().orElse(0), max = Arrays.stream(anglesDeg).max().orElse(0);
		double limit = fullRotation ? 2 * Math.PI : Math.PI / 2;
		if (!(Math.max(-min, max) <= limit + 1e-9) || Arrays.stream(anglesDeg).distinct().count() < RADIAN_MIN_TILTS)
			return null;
		if (Arrays.stream(anglesDeg).allMatch(a -> Math.abs(4 * a - Math.rint(4 * a)) < 1e-6))
			return null;
		return String.format(Locale.ROOT, "the %d tilts lie within %.4g to %.4g deg, which look like radians (%s to %s deg); give the tilts in degrees (numpy: np.rad2deg)",
			anglesDeg.length, min, max, number(Math.rint(Math.toDegrees(min) * 100) / 100), number(Math.rint(Math.toDegrees(max) * 100) / 100));
	}

	/** Refuses a series of fewer than two projections: one view holds no depth. */
	public static void checkProjections(Path file, TiltSeries s) {
		if (s.angleCount() < 2)
			throw new InvalidInputException(file, "holds a single projection (tilt " + number(s.angleDeg(0)) + " deg); a tilt series needs at least 2 tilts (one image with its maps is fused in 2D by fused2d)");
	}

	/** Refuses a series whose pixels are all equal (all zero, or one constant): it holds no image. */
	public static void checkVaries(Path file, String name, TiltSeries s) {
		float[] d = s.data();
		float first = d[0];
		for (float v : d)
			if (Float.compare(v, first) != 0)
				return;
		throw new InvalidInputException(file, (name == null ? "" : name + " ") + (first == 0 ? "is all zero" : "has every pixel equal to " + first) + " in all " + s.angleCount()
			+ " projections; it holds no image (an empty or failed acquisition?): give the recorded series");
	}

	private static String number(double v) {
		return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
	}
}
