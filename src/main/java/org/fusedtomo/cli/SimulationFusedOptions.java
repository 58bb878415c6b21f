package org.fusedtomo.cli;

import java.util.List;

import org.fusedtomo.recon.fused.FusedModel;
import org.fusedtomo.recon.fused.FusedParameters;

import picocli.CommandLine.Option;

/**
 * The fused settings that the commands on simulated data ({@code demo}, {@code study}) let the user
 * change, each null when not given: {@link FusedParameters#DEFAULT} (HAADF-guided TV, the product's
 * method) and {@link FusedParameters#SIMULATION_PROTOCOL} (isotropic TV, the reference cost) fill in the rest.
 */
final class SimulationFusedOptions {

	@Option(names = "--lambda-chem", description = "Fused weight of the chemical term with isotropic TV (default " + FusedModel.REFERENCE_LAMBDA_CHEM + ").")
	Double lambdaChem;

	@Option(names = "--lambda-chem-guided", description = "Fused weight of the chemical term with HAADF-guided TV (default " + FusedModel.DEFAULT_LAMBDA_CHEM + ").")
	Double lambdaChemGuided;

	@Option(names = "--lambda-tv", description = "Fused TV weight with isotropic TV (default " + FusedParameters.SIMULATION_PROTOCOL_LAMBDA_TV + ").")
	Double lambdaTv;

	@Option(names = "--lambda-tv-guided", description = "Fused TV weight with HAADF-guided TV (default " + FusedModel.DEFAULT_LAMBDA_TV + ").")
	Double lambdaTvGuided;

	@Option(names = "--tv-guide", description = "Weight in [0, 1) of HAADF-guided TV (default " + FusedModel.DEFAULT_TV_GUIDE
		+ "); 0 makes the demo use the reference scheme with isotropic TV.")
	Double tvGuide;

	@Option(names = "--em-iterations", description = "EM iterations of the fused start (default " + FusedParameters.DEFAULT_EM_ITERATIONS + ").")
	Integer emIterations;

	/** {@link FusedParameters#SIMULATION_PROTOCOL} with these settings: the reference cost, isotropic TV. */
	FusedParameters isotropic() {
		return FusedParameters.SIMULATION_PROTOCOL.toBuilder().lambdaChem(lambdaChem).lambdaTv(lambdaTv).emIterations(emIterations).build();
	}

	/** {@link FusedParameters#DEFAULT} with these settings. */
	FusedParameters guided() {
		return FusedParameters.DEFAULT.toBuilder().lambdaChem(lambdaChemGuided).lambdaTv(lambdaTvGuided).tvGuide(tvGuide).emIterations(emIterations).build();
	}

	/** The demo's one fused run: guided unless the guide weight is 0. */
	FusedParameters preferred() {
		return tvGuide == null || tvGuide > 0 ? guided() : isotropic();
	}

	/** The settings as they would be typed, given or not, for reports that show the command. */
	List<String> asArguments() {
		FusedParameters i = isotropic(), g = guided();
		return List.of("--lambda-chem", "" + i.lambdaChem(), "--lambda-tv", "" + i.lambdaTv(), "--lambda-chem-guided", "" + g.lambdaChem(), "--lambda-tv-guided",
			"" + g.lambdaTv(), "--tv-guide", "" + g.tvGuide(), "--em-iterations", "" + g.emIterations());
	}
}
