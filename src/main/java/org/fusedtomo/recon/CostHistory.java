package org.fusedtomo.recon;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values of named cost terms (e.g. "data", "tv", "haadf", "chem") per iteration, in the order the
 * terms were first recorded. Goes to report.json and to convergence plots.
 */
public final class CostHistory {

	private final Map<String, List<Double>> terms = new LinkedHashMap<>();

	/** Appends one value of {@code term}. */
	public void add(String term, double value) {
		terms.computeIfAbsent(term, k -> new ArrayList<>()).add(value);
	}

	public List<String> terms() {
		return List.copyOf(terms.keySet());
	}

	/** The values of {@code term} in order, empty when it was never recorded. */
	public double[] values(String term) {
		List<Double> v = terms.getOrDefault(term, Collections.emptyList());
		return v.stream().mapToDouble(Double::doubleValue).toArray();
	}

	/** A read-only view for serialisation. */
	public Map<String, double[]> asMap() {
		Map<String, double[]> m = new LinkedHashMap<>();
		for (String t : terms.keySet())
			m.put(t, values(t));
		return m;
	}

	public boolean isEmpty() {
		return terms.isEmpty();
	}
}
