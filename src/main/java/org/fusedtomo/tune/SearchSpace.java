package org.fusedtomo.tune;

import java.util.List;

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

	private void check(double[] p) {
		if (p.length != dimensions.size())
			throw new IllegalArgumentException("Point has " + p.length + " coordinates but the search space has " + dimensions.size() + " dimensions");
	}
}
