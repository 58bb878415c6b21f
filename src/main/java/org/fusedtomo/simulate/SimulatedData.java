package org.fusedtomo.simulate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.data.TiltSeries;

/**
 * A simulated multi-modal acquisition and its truth. The chemical maps and their drifts are keyed by
 * element symbol in the phantom's element order (read-only maps that keep that order). A drift is the
 * {@link Alignment} that undoes it (shifts only; the simulator's tilt-axis rotation comes after it).
 *
 * @param haadf HAADF series, normalised so the noiseless maximum is 1
 * @param chemical one chemical series per element, in counts (floats)
 * @param truth the phantom that was projected
 * @param haadfDrift the drift of the HAADF projections, as the alignment that undoes it
 * @param chemicalDrift the drift of the chemical projections, per element, as the alignment that undoes it
 * @param parameters what was simulated
 */
public record SimulatedData(TiltSeries haadf, Map<String, TiltSeries> chemical, Phantom truth, Alignment haadfDrift,
	Map<String, Alignment> chemicalDrift, SimulationParameters parameters) {

	public SimulatedData {
		chemical = Collections.unmodifiableMap(new LinkedHashMap<>(chemical));
		chemicalDrift = Collections.unmodifiableMap(new LinkedHashMap<>(chemicalDrift));
		if (!chemical.keySet().equals(chemicalDrift.keySet()))
			throw new IllegalArgumentException("Chemical series " + chemical.keySet() + " and their drifts " + chemicalDrift.keySet() + " name different elements");
	}
}
