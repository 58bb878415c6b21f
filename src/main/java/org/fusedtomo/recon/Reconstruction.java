package org.fusedtomo.recon;

import java.util.LinkedHashMap;
import java.util.Map;

import org.fusedtomo.data.Volume;

/** A reconstructed volume and how the algorithm got there: the result of the single-series methods. */
public record Reconstruction(Volume volume, CostHistory history) implements ReconstructionResult {

	/** The name of the one volume in {@link #volumes()}. */
	public static final String VOLUME = "volume";

	@Override
	public Map<String, Volume> volumes() {
		Map<String, Volume> m = new LinkedHashMap<>();
		m.put(VOLUME, volume);
		return m;
	}
}
