package org.fusedtomo.cli;

import java.util.List;

import org.fusedtomo.recon.fused.FusedParameters;

import picocli.CommandLine.Option;

/**
 * The fused settings that the commands on simulated data ({@code demo}, {@code study}) let the user
 * change. The defaults are those of {@link FusedParameters#SIMULATION_PROTOCOL} (isotropic TV) and
 * {@link FusedParameters#GUIDED_SIMULATION_PROTOCOL} (HAADF-guided TV); a test keeps them equal.
 */
final class SimulationFusedOptions {

	@Option(names = "--lambda-chem", defaultValue = "0.05", description = "Fused weight of the chemical term with isotropic TV (default ${DEFAULT-VALUE}).")
	double lambdaChem;

	@Option(names = "--lambda-chem-guided", defaultValue = "0.2", description = "Fused weight of the chemical term with HAADF-guided TV (default ${DEFAULT-VALUE}).")
	double lambdaChemGuided;

	@Option(names = "--lambda-tv", defaultValue = "3e-3", description = "Fused TV weight with isotropic TV (default ${DEFAULT-VALUE}).")
	double lambdaTv;

	@Option(names = "--lambda-tv-guided", defaultValue = "0.15", description = "Fused TV weight with HAADF-guided TV (default ${DEFAULT-VALUE}).")
	double lambdaTvGuided;

	@Option(names = "--tv-guide", defaultValue = "0.95",
		description = "Weight in [0, 1) of HAADF-guided TV (default ${DEFAULT-VALUE}); 0 makes the demo use the reference scheme with isotropic TV.")
	double tvGuide;

	@Option(names = "--em-iterations", defaultValue = "20", description = "EM iterations of the fused start (default ${DEFAULT-VALUE}).")
	int emIterations;

	/** {@link FusedParameters#SIMULATION_PROTOCOL} with these settings: the reference cost, isotropic TV. */
	FusedParameters isotropic() {
		FusedParameters p = FusedParameters.SIMULATION_PROTOCOL;
		return p.withEmIterations(emIterations).withLambdas(p.lambdaHaadf(), lambdaChem, lambdaTv);
	}

	/** {@link FusedParameters#GUIDED_SIMULATION_PROTOCOL} with these settings. */
	FusedParameters guided() {
		FusedParameters p = FusedParameters.GUIDED_SIMULATION_PROTOCOL;
		return p.withEmIterations(emIterations).withLambdas(p.lambdaHaadf(), lambdaChemGuided, lambdaTvGuided).withTvGuide(tvGuide);
	}

	/** The demo's one fused run: guided unless the guide weight is 0. */
	FusedParameters preferred() {
		return tvGuide > 0 ? guided() : isotropic();
	}

	/** The options as they would be typed, for reports that show the command. */
	List<String> asArguments() {
		return List.of("--lambda-chem", "" + lambdaChem, "--lambda-tv", "" + lambdaTv, "--lambda-chem-guided", "" + lambdaChemGuided, "--lambda-tv-guided",
			"" + lambdaTvGuided, "--tv-guide", "" + tvGuide, "--em-iterations", "" + emIterations);
	}
}
