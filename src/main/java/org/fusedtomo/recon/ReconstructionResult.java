package org.fusedtomo.recon;

import java.util.Map;

import org.fusedtomo.data.Volume;

/**
 * What every {@link ReconstructionMethod} returns: its volumes by name, in a stable order, and the cost
 * per iteration ({@link CostHistory}, empty for one-pass methods such as WBP).
 */
public interface ReconstructionResult {

	/** The volumes by name (one per element for fused results, {@link Reconstruction#VOLUME} otherwise); a copy of the map, the volumes shared. */
	Map<String, Volume> volumes();

	/** The cost terms per iteration. */
	CostHistory history();
}
