package org.fusedtomo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fusedtomo.recon.fused.FusedParameters;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class SimulationFusedOptionsTest {

	@Test
	void defaults_areTheSimulationProtocolSettings() {
		SimulationFusedOptions o = new SimulationFusedOptions();
		new CommandLine(o).parseArgs();
		assertEquals(FusedParameters.SIMULATION_PROTOCOL, o.parameters());
	}

	@Test
	void givenOptions_replaceTheDefaults() {
		SimulationFusedOptions o = new SimulationFusedOptions();
		new CommandLine(o).parseArgs("--lambda-chem", "0.2", "--lambda-tv", "0.01", "--em-iterations", "7");
		FusedParameters p = o.parameters();
		assertEquals(0.2, p.lambdaChem());
		assertEquals(0.01, p.lambdaTv());
		assertEquals(7, p.emIterations());
		assertEquals(FusedParameters.SIMULATION_PROTOCOL.lambdaHaadf(), p.lambdaHaadf());
	}
}
