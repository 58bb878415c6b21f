package org.fusedtomo.simulate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.fusedtomo.data.TiltSeries;

/**
 * A simulated multi-modal acquisition and its truth. The chemical maps and their shifts are keyed by
 * element symbol in the phantom's element order (read-only maps that keep that order).
 *
 * @param haadf HAADF series, normalised so the noiseless maximum is 1
 * @param chemical one chemical series per element, in counts (floats)
 * @param truth the phantom that was projected
 * @param haadfShifts the drift applied to each HAADF projection, pixels
 * @param chemicalShifts the drift applied to each chemical projection, per element, pixels
 * @param parameters what was simulated
 */
public record SimulatedData(TiltSeries haadf, Map<String, TiltSeries> chemical, Phantom truth, ProjectionShifts haadfShifts,
	Map<String, ProjectionShifts> chemicalShifts, SimulationParameters parameters) {

	public SimulatedData {
		chemical = Collections.unmodifiableMap(new LinkedHashMap<>(chemical));
		chemicalShifts = Collections.unmodifiableMap(new LinkedHashMap<>(chemicalShifts));
		if (!chemical.keySet().equals(chemicalShifts.keySet()))
			throw new IllegalArgumentException("Chemical series " + chemical.keySet() + " and their shifts " + chemicalShifts.keySet() + " name different elements");
	}
}
