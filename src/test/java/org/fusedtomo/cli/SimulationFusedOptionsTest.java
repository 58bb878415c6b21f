package org.fusedtomo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedSolver;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class SimulationFusedOptionsTest {

	@Test
	void defaults_areTheCoresDefaultAndSimulationProtocol() {
		SimulationFusedOptions o = new SimulationFusedOptions();
		new CommandLine(o).parseArgs();
		assertEquals(FusedParameters.SIMULATION_PROTOCOL, o.isotropic());
		assertEquals(FusedParameters.DEFAULT, o.guided());
		assertEquals(FusedParameters.DEFAULT, o.preferred());
	}

	@Test
	void givenOptions_replaceTheDefaults() {
		SimulationFusedOptions o = new SimulationFusedOptions();
		new CommandLine(o).parseArgs("--lambda-chem", "0.2", "--lambda-tv", "0.01", "--lambda-chem-guided", "0.4", "--lambda-tv-guided", "0.3", "--tv-guide", "0.9", "--em-iterations", "7");
		FusedParameters p = o.isotropic();
		assertEquals(0.2, p.lambdaChem());
		assertEquals(0.01, p.lambdaTv());
		assertEquals(0, p.tvGuide());
		assertEquals(7, p.emIterations());
		assertEquals(FusedParameters.SIMULATION_PROTOCOL.lambdaHaadf(), p.lambdaHaadf());
		FusedParameters g = o.guided();
		assertEquals(0.4, g.lambdaChem());
		assertEquals(0.3, g.lambdaTv());
		assertEquals(0.9, g.tvGuide());
		assertEquals(7, g.emIterations());
		assertEquals(FusedSolver.PROXIMAL_GRADIENT, g.solver());
	}

	@Test
	void zeroGuide_makesTheDemoRunTheReferenceScheme() {
		SimulationFusedOptions o = new SimulationFusedOptions();
		new CommandLine(o).parseArgs("--tv-guide", "0");
		assertEquals(FusedParameters.SIMULATION_PROTOCOL, o.preferred());
	}
}
