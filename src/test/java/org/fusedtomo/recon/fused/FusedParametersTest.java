package org.fusedtomo.recon.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FusedParametersTest {

	@Test
	void default_isGuidedTvWithTheProximalSolver() {
		FusedParameters p = FusedParameters.DEFAULT;
		assertEquals(FusedSolver.PROXIMAL_GRADIENT, p.solver());
		assertEquals(1.6, p.gamma());
		assertEquals(0.1, p.epsilon());
		assertEquals(WeightMethod.Z_OVER_SUM_Z, p.weightMethod());
		assertEquals(0.008, p.lambdaChem());
		assertEquals(0.04, p.lambdaTv());
		assertEquals(0.99, p.tvGuide());
		assertTrue(p.model().countWeighted());
		assertFalse(FusedParameters.REFERENCE.model().countWeighted());
		assertEquals(20, p.emIterations());
		assertEquals(50, p.iterations());
		assertEquals(3, p.tvIterations());
		assertEquals(Runtime.getRuntime().availableProcessors(), p.threads());
	}

	@Test
	void reference_isTheTomoTvScheme() {
		FusedParameters p = FusedParameters.REFERENCE;
		assertEquals(FusedSolver.REFERENCE, p.solver());
		assertEquals(1.6, p.gamma());
		assertEquals(10, p.lambdaHaadf());
		assertEquals(0.05, p.lambdaChem());
		assertEquals(1e-4, p.lambdaTv());
		assertEquals(0, p.tvGuide());
		assertEquals(50, p.iterations());
		assertEquals(100, p.emIterations());
		assertEquals(5, p.sirtIterations());
		assertEquals(5, p.tvIterations());
		assertEquals(0.1, p.epsilon());
		assertEquals(WeightMethod.Z_OVER_SUM_Z, p.weightMethod());
		assertEquals(FusedParameters.REFERENCE, FusedParameters.defaults(FusedSolver.REFERENCE));
		assertEquals(FusedParameters.DEFAULT, FusedParameters.defaults(FusedSolver.PROXIMAL_GRADIENT));
	}

	@Test
	void builder_withNothingGivenIsTheChosenSolversDefaults() {
		assertEquals(FusedParameters.DEFAULT, FusedParameters.builder(null).build());
		assertEquals(FusedParameters.DEFAULT, FusedParameters.builder("proximal").build());
		assertEquals(FusedParameters.REFERENCE, FusedParameters.builder("reference").build());
		assertEquals(FusedParameters.REFERENCE, FusedParameters.builder(" Reference ").lambdaChem(null).iterations(null).build());
	}

	@Test
	void builder_givenValuesReplaceOnlyThemselves() {
		FusedParameters p = FusedParameters.builder("reference").lambdaChem(0.3).tvGuide(0.5).sirtIterations(2).tvIterations(7).iterations(3).threads(1).build();
		assertEquals(FusedParameters.REFERENCE.withLambdaChem(0.3).withTvGuide(0.5).withIterations(3).withThreads(1)
			.withReferenceSolver(new ReferenceSolverSettings(10, 2, 7)), p);
		FusedParameters q = FusedParameters.builder("proximal").gamma(2.0).weights(1).lambdaTv(0.01).tvIterations(9).emIterations(0).build();
		assertEquals(FusedParameters.DEFAULT.withModel(FusedModel.DEFAULT.withGamma(2).withWeightMethod(WeightMethod.Z_OVER_MEAN_Z).withLambdaTv(0.01))
			.withProximalSolver(new ProximalSolverSettings(9)).withEmIterations(0), q);
		assertEquals(9, q.tvIterations());
	}

	@Test
	void iterationsForCounts_growAsTheSquareRootOfTheCountLevelAboveTheReferenceUpToFourTimes() {
		assertEquals(100, FusedParameters.iterationsForCounts(100, 30, 30));
		assertEquals(100, FusedParameters.iterationsForCounts(100, 10, 30), "never fewer than given");
		assertEquals(200, FusedParameters.iterationsForCounts(100, 120, 30));
		assertEquals(75, FusedParameters.iterationsForCounts(50, 67.5, 30));
		assertEquals(400, FusedParameters.iterationsForCounts(100, 1e6, 30), "at most four times");
		assertThrows(IllegalArgumentException.class, () -> FusedParameters.iterationsForCounts(100, 0, 30));
	}

	@Test
	void iterationCountLevel_isOnByDefaultAndOffWhereTheIterationsAreGiven() {
		assertEquals(30, FusedParameters.DEFAULT.proximalSolver().iterationCountLevel());
		assertEquals(30, FusedParameters.builder(null).coarsestChemicalSampling(4).build().proximalSolver().iterationCountLevel());
		assertEquals(100, FusedParameters.builder(null).coarsestChemicalSampling(4).build().iterations());
		assertEquals(0, FusedParameters.builder(null).iterations(100).build().proximalSolver().iterationCountLevel());
		assertEquals(0, FusedParameters.builder("reference").iterations(100).build().proximalSolver().iterationCountLevel());
		assertEquals(0, FusedParameters.DEFAULT.withIterations(7).proximalSolver().iterationCountLevel());
		assertEquals(3, FusedParameters.DEFAULT.withIterations(7).tvIterations());
		assertThrows(IllegalArgumentException.class, () -> new ProximalSolverSettings(3, -1));
		assertThrows(IllegalArgumentException.class, () -> new ProximalSolverSettings(3, Double.NaN));
	}

	@Test
	void builder_rejectsSettingsOfTheReferenceSolverWithTheProximalOne() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FusedParameters.builder(null).lambdaHaadf(10.0).build());
		assertOneLineNaming("--lambda-haadf", e);
		assertTrue(e.getMessage().contains("--solver reference"), e.getMessage());
		assertOneLineNaming("--sirt-iterations", assertThrows(IllegalArgumentException.class, () -> FusedParameters.builder("proximal").sirtIterations(3).build()));
		assertEquals(3, FusedParameters.builder("reference").sirtIterations(3).build().sirtIterations());
	}

	@Test
	void builder_rejectsBadValuesNamingTheOption() {
		assertOneLineNaming("--lambda-chem", assertThrows(IllegalArgumentException.class, () -> FusedParameters.builder(null).lambdaChem(-1.0).build()));
		assertOneLineNaming("--lambda-chem", assertThrows(IllegalArgumentException.class, () -> FusedParameters.builder(null).lambdaChem(Double.NaN).build()));
		assertOneLineNaming("--lambda-tv", assertThrows(IllegalArgumentException.class, () -> FusedParameters.builder(null).lambdaTv(-1e-3).build()));
		assertOneLineNaming("--lambda-tv", assertThrows(IllegalArgumentException.class, () -> FusedParameters.builder("reference").lambdaTv(Double.NaN).build()));
		assertOneLineNaming("--lambda-haadf", assertThrows(IllegalArgumentException.class, () -> FusedParameters.builder("reference").lambdaHaadf(Double.NaN).build()));
		assertOneLineNaming("--lambda-haadf", assertThrows(IllegalArgumentException.class, () -> FusedParameters.builder("reference").lambdaHaadf(-2.0).build()));
		assertOneLineNaming("--gamma", assertThrows(IllegalArgumentException.class, () -> FusedParameters.builder(null).gamma(0.5).build()));
		assertOneLineNaming("--gamma", assertThrows(IllegalArgumentException.class, () -> FusedParameters.builder(null).gamma(Double.NaN).build()));
		assertOneLineNaming("--tv-guide", assertThrows(IllegalArgumentException.class, () -> FusedParameters.builder(null).tvGuide(1.0).build()));
		assertOneLineNaming("--weights", assertThrows(IllegalArgumentException.class, () -> FusedParameters.builder(null).weights(5).build()));
		assertOneLineNaming("--iterations", assertThrows(IllegalArgumentException.class, () -> FusedParameters.builder(null).iterations(0).build()));
		assertOneLineNaming("--em-iterations", assertThrows(IllegalArgumentException.class, () -> FusedParameters.builder(null).emIterations(-1).build()));
		assertOneLineNaming("--tv-iterations", assertThrows(IllegalArgumentException.class, () -> FusedParameters.builder(null).tvIterations(0).build()));
		assertOneLineNaming("--threads", assertThrows(IllegalArgumentException.class, () -> FusedParameters.builder(null).threads(0).build()));
		assertOneLineNaming("--solver", assertThrows(IllegalArgumentException.class, () -> FusedParameters.builder("fista")));
	}

	@Test
	void withMethods_replaceOneSettingAndValidateIt() {
		FusedParameters d = FusedParameters.DEFAULT;
		FusedParameters p = d.withLambdas(3, 0.4, 0.02);
		assertEquals(3, p.lambdaHaadf());
		assertEquals(0.4, p.lambdaChem());
		assertEquals(0.02, p.lambdaTv());
		assertEquals(d.tvGuide(), p.tvGuide());
		assertEquals(FusedSolver.REFERENCE, d.withSolver(FusedSolver.REFERENCE).solver());
		assertEquals(d.model(), d.withSolver(FusedSolver.REFERENCE).model(), "withSolver keeps the model; defaults(solver) gives that solver's own");
		assertOneLineNaming("--lambda-chem", assertThrows(IllegalArgumentException.class, () -> d.withLambdas(10, -1, 1e-4)));
		assertOneLineNaming("--iterations", assertThrows(IllegalArgumentException.class, () -> d.withIterations(0)));
		assertThrows(IllegalArgumentException.class, () -> d.withLambdas(0, 0.05, 1e-4));
		assertThrows(IllegalArgumentException.class, () -> d.withLambdaTv(Double.NaN));
		assertThrows(IllegalArgumentException.class, () -> d.withThreads(0));
		assertThrows(IllegalArgumentException.class, () -> d.withEmIterations(-1));
		assertThrows(IllegalArgumentException.class, () -> d.withModel(null));
		assertThrows(IllegalArgumentException.class, () -> new FusedModel(1.6, 0, WeightMethod.ONE, 0.05, 1e-4, 0, false, false, false));
		assertThrows(IllegalArgumentException.class, () -> new FusedModel(1.6, 0.1, null, 0.05, 1e-4, 0, false, false, false));
	}

	@Test
	void mapsDefaults_areTheTwoDimensionalReferencesInTheSameStructure() {
		FusedParameters p = FusedMaps.DEFAULT;
		assertEquals(FusedSolver.REFERENCE, p.solver());
		assertEquals(WeightMethod.Z_OVER_MEAN_Z, p.weightMethod());
		assertEquals(0.1, p.lambdaHaadf());
		assertEquals(0.05, p.lambdaChem());
		assertEquals(0.02, p.lambdaTv());
		assertEquals(0, p.tvGuide());
		assertEquals(30, p.iterations());
		assertEquals(1, p.emIterations());
		assertEquals(FusedSolver.PROXIMAL_GRADIENT, FusedMaps.defaults(FusedSolver.PROXIMAL_GRADIENT).solver());
		assertEquals(p.model(), FusedMaps.defaults(FusedSolver.PROXIMAL_GRADIENT).model());
	}

	/** The error is one line and names {@code option}. */
	static void assertOneLineNaming(String option, IllegalArgumentException e) {
		assertTrue(e.getMessage().contains(option), e.getMessage());
		assertTrue(!e.getMessage().contains("\n"), e.getMessage());
	}
}
