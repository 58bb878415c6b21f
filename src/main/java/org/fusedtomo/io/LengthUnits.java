package org.fusedtomo.io;

import java.util.Locale;

import org.fusedtomo.data.Calibration;

/**
 * Pixel sizes as files state them (metres in Velox, Å in MRC, µm or nm in DM and HDF5, "[n_m]" in
 * EMD) turned into a {@link Calibration}: in nanometres when the unit is a known length, else kept
 * as given.
 */
public final class LengthUnits {

	private LengthUnits() {}

	/**
	 * The calibration of a pixel of {@code size} {@code unit}: converted to nm when the unit is a length
	 * (m, mm, µm/um/micron, nm, Å/A/angstrom, pm, also EMD's "[n_m]"), else {@code (size, unit)}; and
	 * {@link Calibration#PIXEL} when the size is not a positive finite number or the unit is blank.
	 */
	public static Calibration calibration(double size, String unit) {
		if (!(size > 0) || !Double.isFinite(size) || unit == null || unit.isBlank())
			return Calibration.PIXEL;
		double nm = nanometresPer(unit);
		return Double.isNaN(nm) ? new Calibration(size, unit.strip()) : new Calibration(size * nm, "nm");
	}

	/** Nanometres in one {@code unit}, or NaN when it is no known length unit. */
	public static double nanometresPer(String unit) {
		String u = unit.strip().replace("[", "").replace("]", "").replace("_", "");
		if (u.equals("A") || u.equals("Å") || u.equals("\u212b"))
			return 0.1;
		return switch (u.toLowerCase(Locale.ROOT)) {
			case "m", "meter", "metre", "meters", "metres" -> 1e9;
			case "mm" -> 1e6;
			case "µm", "\u03bcm", "um", "micron", "microns", "micrometer", "micrometre" -> 1e3;
			case "nm", "nanometer", "nanometre", "nanometers", "nanometres" -> 1;
			case "angstrom", "angstroms", "ang" -> 0.1;
			case "pm" -> 1e-3;
			default -> Double.NaN;
		};
	}

	/** The pixel size of {@code c} in ångström, or NaN when its unit is not a length (e.g. "pixel"). */
	public static double angstrom(Calibration c) {
		return c.pixelSize() * nanometresPer(c.unit()) * 10;
	}
}
