package org.fusedtomo.cli;

import java.util.List;

import org.fusedtomo.recon.fused.FusedParameters;

import picocli.CommandLine.Option;

/**
 * The fused settings that the commands on simulated data ({@code demo}, {@code study}) let the user
 * change. The defaults are those of {@link FusedParameters#SIMULATION_PROTOCOL} (a test keeps them equal).
 */
final class SimulationFusedOptions {

	@Option(names = "--lambda-chem", defaultValue = "0.05", description = "Fused weight of the chemical term (default ${DEFAULT-VALUE}).")
	double lambdaChem;

	@Option(names = "--lambda-tv", defaultValue = "3e-3", description = "Fused TV weight (default ${DEFAULT-VALUE}).")
	double lambdaTv;

	@Option(names = "--em-iterations", defaultValue = "20", description = "EM iterations of the fused start (default ${DEFAULT-VALUE}).")
	int emIterations;

	/** {@link FusedParameters#SIMULATION_PROTOCOL} with these settings. */
	FusedParameters parameters() {
		FusedParameters p = FusedParameters.SIMULATION_PROTOCOL;
		return p.withEmIterations(emIterations).withLambdas(p.lambdaHaadf(), lambdaChem, lambdaTv);
	}

	/** The options as they would be typed, for reports that show the command. */
	List<String> asArguments() {
		return List.of("--lambda-chem", "" + lambdaChem, "--lambda-tv", "" + lambdaTv, "--em-iterations", "" + emIterations);
	}
}
