package org.fusedtomo.tune;

/**
 * One tuned parameter and its range. Optimisers work in the unit interval; {@link #fromUnit} maps 0 to
 * {@code lower} and 1 to {@code upper}, linearly or, for a log-scale dimension, geometrically (so a
 * range such as 1e-4..1e-1 is searched evenly per decade).
 *
 * @param name parameter name for reports, e.g. "lambda_chem"
 * @param lower smallest value, finite, {@code < upper}; {@code > 0} when {@code logScale}
 * @param upper largest value, finite
 * @param logScale whether to search log(value) evenly
 */
public record SearchDimension(String name, double lower, double upper, boolean logScale) {

	public SearchDimension {
		if (name == null || name.isBlank())
			throw new IllegalArgumentException("A search dimension needs a name, got '" + name + "'");
		if (!Double.isFinite(lower) || !Double.isFinite(upper) || !(lower < upper))
			throw new IllegalArgumentException("Search dimension " + name + " needs finite lower < upper, got " + lower + ".." + upper);
		if (logScale && !(lower > 0))
			throw new IllegalArgumentException("Log-scale search dimension " + name + " needs lower > 0, got " + lower);
	}

	/** A log-scale dimension. */
	public static SearchDimension log(String name, double lower, double upper) {
		return new SearchDimension(name, lower, upper, true);
	}

	/** A linear dimension. */
	public static SearchDimension linear(String name, double lower, double upper) {
		return new SearchDimension(name, lower, upper, false);
	}

	/** The value at unit coordinate {@code u} (0 to 1; not clamped). */
	public double fromUnit(double u) {
		return logScale ? lower * Math.pow(upper / lower, u) : lower + u * (upper - lower);
	}

	/** The unit coordinate of {@code value}: 0 at lower, 1 at upper (not clamped). */
	public double toUnit(double value) {
		return logScale ? Math.log(value / lower) / Math.log(upper / lower) : (value - lower) / (upper - lower);
	}
}
