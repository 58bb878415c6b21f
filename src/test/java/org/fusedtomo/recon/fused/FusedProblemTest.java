package org.fusedtomo.recon.fused;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fusedtomo.data.FloatArrays;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.ProjectorFactory;
import org.fusedtomo.recon.TotalVariation;
import org.fusedtomo.recon.TvOptions;
import org.fusedtomo.recon.TvReconstruction;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;
import org.fusedtomo.study.StudyParameters;
import org.junit.jupiter.api.Test;

class FusedProblemTest {

	@Test
	void normalised_clipsAtZeroAndDividesByMax() {
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(4, 1, new double[] { 0 }));
		float[] d = s.data();
		d[0] = -1;
		d[1] = 2;
		d[2] = 4;
		d[3] = 1;
		TiltSeries n = FusedProblem.normalised(s, "test");
		assertArrayEquals(new float[] { 0, 0.5f, 1, 0.25f }, n.data(), 0);
		assertArrayEquals(new float[] { -1, 2, 4, 1 }, s.data(), 0, "the input is not changed");
		assertThrows(IllegalArgumentException.class, () -> FusedProblem.normalised(TiltSeries.zeros(s.geometry()), "empty"));
	}

	@Test
	void rescaleToModel_matchesMaximumPerProjection() {
		TiltGeometry g = new TiltGeometry(2, 1, new double[] { -10, 10, 20 });
		TiltSeries data = TiltSeries.zeros(g), model = TiltSeries.zeros(g);
		System.arraycopy(new float[] { 1, 2, 4, 1, 0, 0 }, 0, data.data(), 0, 6);
		System.arraycopy(new float[] { 3, 6, 2, 2, 5, 1 }, 0, model.data(), 0, 6);
		FusedProblem.rescaleToModel(data, FusedProblem.projectionMaxima(model));
		// Projection 0: ×3; projection 1: ×0.5; projection 2 is empty and stays so.
		assertArrayEquals(new float[] { 3, 6, 2, 0.5f, 0, 0 }, data.data(), 1e-6f);
		assertTrue(data.data()[4] == 0);
	}

	@Test
	void rescaleToModel_unsortedAnglesMatchEachProjectionsOwnMaximum() {
		// Angles out of order and without repeats: each projection still scales by its own maximum.
		TiltGeometry g = new TiltGeometry(2, 1, new double[] { 10, -10, 20 });
		TiltSeries data = TiltSeries.zeros(g), model = TiltSeries.zeros(g);
		System.arraycopy(new float[] { 1, 2, 4, 1, 0, 0 }, 0, data.data(), 0, 6);
		System.arraycopy(new float[] { 3, 6, 2, 2, 5, 1 }, 0, model.data(), 0, 6);
		FusedProblem.rescaleToModel(data, FusedProblem.projectionMaxima(model));
		assertArrayEquals(new float[] { 3, 6, 2, 0.5f, 0, 0 }, data.data(), 1e-6f);
	}

	/**
	 * The default guide is the Poisson-weighted TV reconstruction of the HAADF from zero on ordered subsets, within
	 * 1 % of as many plain FISTA steps, and its preconditioned FISTA has converged in {@link FusedProblem#guideIterations}
	 * steps: its weighted objective is within 3e-3 of that after four times as many plain iterations (24³: 2.1e-3; as
	 * many plain steps 1.0e-3), and below that
	 * of the least-squares TV reconstruction with the same λ.
	 */
	@Test
	void prepare_defaultGuideIsTheConvergedPoissonWeightedReconstruction() {
		VolumeGeometry g = VolumeGeometry.cube(24);
		SimulationParameters sp = SimulationParameters.defaults().withChemAnglesDeg(StudyParameters.chemAngles(9)).withCountsPerPixel(20).withSeed(3);
		SimulatedData d = new Simulator(new Parallelism(2)).simulate(Phantoms.create(Phantoms.CORE_SHELL, g, 3), sp);
		MultiModalSeries s = new MultiModalSeries(d.haadf(), d.chemical());
		Parallelism par = new Parallelism(2);
		FusedProblem problem = FusedProblem.prepare(s, g, FusedParameters.DEFAULT.withEmIterations(1).withThreads(2), ProjectorFactory.TOMOGRAPHY, 1, Monitor.NONE, 1);
		TvOptions options = FusedProblem.guideOptions(s.haadf());
		assertTrue(options.poissonWeighted());
		TiltSeries b = FusedProblem.normalised(s.haadf(), "HAADF");
		Projector a = ProjectorFactory.TOMOGRAPHY.create(g, b.geometry(), par);
		TvReconstruction weighted = new TvReconstruction(a, options, par);
		Volume expected = weighted.withOrderedSubsets(FusedProblem.GUIDE_SUBSETS, idx -> ProjectorFactory.TOMOGRAPHY.create(g, b.geometry().subset(idx), par))
			.volume(b, null, FusedProblem.guideIterations() / FusedProblem.GUIDE_SUBSETS, Monitor.NONE);
		assertArrayEquals(expected.data(), problem.guideImage.data(), 1e-6f * FloatArrays.max(expected.data()));
		Volume steps = weighted.volume(b, null, FusedProblem.guideIterations(), Monitor.NONE);
		double num = 0, den = 0;
		for (int i = 0; i < steps.data().length; i++) {
			num += Math.pow(expected.data()[i] - steps.data()[i], 2);
			den += Math.pow(steps.data()[i], 2);
		}
		assertTrue(Math.sqrt(num / den) < 0.01, "guide vs as many plain steps: relative L2 " + Math.sqrt(num / den));
		Volume longer = weighted.volume(b, null, 4 * FusedProblem.guideIterations(), Monitor.NONE);
		TvOptions leastSquares = new TvOptions(options.lambda(), options.proxIterations(), true, options.powerIterations());
		Volume plain = new TvReconstruction(a, leastSquares, par).volume(b, null, 4 * FusedProblem.guideIterations(), Monitor.NONE);
		double atGuide = weighted.dataTerm(a.forward(expected).data(), b) + options.lambda() * TotalVariation.of(expected);
		double atLonger = weighted.dataTerm(a.forward(longer).data(), b) + options.lambda() * TotalVariation.of(longer);
		double atPlain = weighted.dataTerm(a.forward(plain).data(), b) + options.lambda() * TotalVariation.of(plain);
		double atSteps = weighted.dataTerm(a.forward(steps).data(), b) + options.lambda() * TotalVariation.of(steps);
		System.out.printf("guide's weighted objective: ordered subsets %.6f, as many plain steps %.6f, 4 times as many %.6f%n", atGuide, atSteps, atLonger);
		assertTrue(atGuide <= atLonger * (1 + 3e-3), "weighted objective " + atGuide + " at the guide vs " + atLonger + " after 4 times the iterations");
		assertTrue(atGuide < atPlain, "weighted objective " + atGuide + " at the guide vs " + atPlain + " for least squares");
	}
}
