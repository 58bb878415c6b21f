package org.fusedtomo.study;

import java.util.Map;

/**
 * NRMSE per element of one method at one chemical acquisition: {@code chemTilts} maps at
 * {@code countsPerPixel} counts each; the chemical dose is proportional to their product.
 */
public record StudyRow(int chemTilts, double countsPerPixel, StudyMethod method, Map<String, Double> nrmse, double seconds) {

	public StudyRow {
		nrmse = Map.copyOf(nrmse);
	}

	/** Mean NRMSE over the elements. */
	public double meanNrmse() {
		return nrmse.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
	}

	/** Chemical dose in counts per pixel summed over tilts. */
	public double dose() {
		return chemTilts * countsPerPixel;
	}
}
