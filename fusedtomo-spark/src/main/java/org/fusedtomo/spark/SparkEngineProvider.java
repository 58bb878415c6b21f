package org.fusedtomo.spark;

import org.fusedtomo.recon.ReconstructionEngine;

/** {@code --engine spark}: found by {@link java.util.ServiceLoader} when this module is on the class path. */
public final class SparkEngineProvider implements ReconstructionEngine.Provider {

	@Override
	public String name() {
		return "spark";
	}

	@Override
	public ReconstructionEngine open(String master, Integer parts) {
		return SparkEngine.start(master, parts);
	}
}
