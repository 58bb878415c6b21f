package org.fusedtomo.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The box of tuned parameters, one {@link SearchDimension} each, in a fixed order. */
public record SearchSpace(List<SearchDimension> dimensions) {

	public SearchSpace {
		if (dimensions == null || dimensions.isEmpty())
			throw new IllegalArgumentException("A search space needs at least one dimension");
		dimensions = List.copyOf(dimensions);
	}

	public static SearchSpace of(SearchDimension... dimensions) {
		return new SearchSpace(List.of(dimensions));
	}

	public int size() {
		return dimensions.size();
	}

	public SearchDimension dimension(int i) {
		return dimensions.get(i);
	}

	/** Parameter values of the unit-cube point {@code u}. */
	public double[] fromUnit(double[] u) {
		check(u);
		double[] v = new double[u.length];
		for (int i = 0; i < u.length; i++)
			v[i] = dimensions.get(i).fromUnit(u[i]);
		return v;
	}

	/** Unit-cube coordinates of the parameter values {@code v}. */
	public double[] toUnit(double[] v) {
		check(v);
		double[] u = new double[v.length];
		for (int i = 0; i < v.length; i++)
			u[i] = dimensions.get(i).toUnit(v[i]);
		return u;
	}

	/**
	 * The coordinates of {@code point} that lie at an end of their range (within 1 % of it on the unit scale), as
	 * "lambda_tv 1 (the upper end of 0.001 to 1)": a best point there may have a better one beyond the range.
	 */
	public List<String> atEdges(double[] point) {
		double[] u = toUnit(point);
		List<String> out = new ArrayList<>();
		for (int i = 0; i < u.length; i++)
			if (u[i] <= 0.01 || u[i] >= 0.99) {
				SearchDimension d = dimensions.get(i);
				out.add(String.format(Locale.ROOT, "%s %.4g (the %s end of %.4g to %.4g)", d.name(), point[i], u[i] <= 0.01 ? "lower" : "upper", d.lower(), d.upper()));
			}
		return out;
	}

	private void check(double[] p) {
		if (p.length != dimensions.size())
			throw new IllegalArgumentException("Point has " + p.length + " coordinates but the search space has " + dimensions.size() + " dimensions");
	}
}
