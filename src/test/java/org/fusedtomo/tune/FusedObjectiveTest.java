package org.fusedtomo.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.WeightMethod;
import org.fusedtomo.simulate.Phantom;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FusedObjectiveTest {

	static Phantom phantom;
	static MultiModalSeries series;
	static final FusedParameters FAST = FusedParameters.REFERENCE.withIterations(3).withEmIterations(10).withThreads(2);
	static final List<FusedKnob> KNOBS = List.of(FusedKnob.LAMBDA_CHEM, FusedKnob.LAMBDA_TV);

	@BeforeAll
	static void simulate() {
		phantom = Phantoms.create(Phantoms.CORE_SHELL, VolumeGeometry.cube(24), 2);
		SimulatedData d = new Simulator(new Parallelism(2)).simulate(phantom, SimulationParameters.defaults().withHaadfAnglesDeg(TiltGeometry.range(-70, 70, 5)));
		series = new MultiModalSeries(d.haadf(), d.chemical());
	}

	@Test
	void parameters_appliesKnobsInOrder() {
		FusedParameters p = FusedObjective.nrmse(series, phantom.densities(), FAST, KNOBS).parameters(new double[] { 0.7, 3e-3 });
		assertEquals(0.7, p.lambdaChem());
		assertEquals(3e-3, p.lambdaTv());
		assertEquals(FAST.lambdaHaadf(), p.lambdaHaadf());
	}

	@Test
	void evaluate_nrmseAgainstTruthIsAMeanOverElements() {
		FusedObjective o = FusedObjective.nrmse(series, phantom.densities(), FAST, KNOBS);
		double v = o.evaluate(new double[] { 0.5, 1e-3 }, Monitor.NONE);
		assertTrue(v > 0 && v < 1.5, "NRMSE " + v);
		assertEquals("nrmse", o.kind());
		assertThrows(IllegalArgumentException.class, () -> FusedObjective.nrmse(series, Map.of("Co", phantom.density("Co")), FAST, KNOBS));
	}

	@Test
	void heldOut_splitsAndScoresTheTruthBetterThanAShiftedVolume() {
		HeldOutProjections h = new HeldOutProjections(series, 5);
		assertEquals(29, series.haadf().angleCount());
		assertEquals(6, h.heldOut().angleCount()); // indices 2, 7, 12, 17, 22, 27
		assertEquals(23, h.training().haadf().angleCount());
		assertEquals(-60, h.heldOut().angleDeg(0), 1e-9); // index 2
		Map<String, Volume> truth = phantom.densities();
		Map<String, Volume> shifted = new java.util.LinkedHashMap<>();
		truth.forEach((el, v) -> {
			Volume s = v.zerosLike();
			for (int z = 0; z < v.depth(); z++)
				for (int y = 0; y < v.height(); y++)
					for (int x = 4; x < v.width(); x++)
						s.set(x, y, z, v.get(x - 4, y, z));
			shifted.put(el, s);
		});
		Parallelism par = new Parallelism(2);
		double good = h.score(truth, 1.6, WeightMethod.Z_GAMMA_OVER_SUM, par), bad = h.score(shifted, 1.6, WeightMethod.Z_GAMMA_OVER_SUM, par);
		assertTrue(good < 0.5 * bad, good + " vs " + bad);
		double v = FusedObjective.heldOut(h, VolumeGeometry.of(h.training().haadf().geometry(), 24), FAST, KNOBS).evaluate(new double[] { 0.5, 1e-3 }, Monitor.NONE);
		assertTrue(v > 0 && v < 1, "held-out NRMSE " + v);
		assertThrows(IllegalArgumentException.class, () -> new HeldOutProjections(series, 1));
	}

	@Test
	void heldOutChemistry_keepsTheExposuresOfARepeatedTiltTogether() {
		java.util.Map<String, org.fusedtomo.data.TiltSeries> twice = new java.util.LinkedHashMap<>();
		series.chemical().forEach((el, s) -> {
			int[] idx = new int[2 * s.angleCount()];
			for (int i = 0; i < idx.length; i++)
				idx[i] = i / 2;
			twice.put(el, s.subset(idx));
		});
		for (HeldOutChemistry fold : HeldOutChemistry.kFold(twice, 3))
			fold.heldOut().forEach((el, held) -> {
				assertEquals(0, held.angleCount() % 2, "both exposures of each held-out tilt of " + el);
				for (double a : held.anglesDeg())
					for (double kept : fold.training().get(el).anglesDeg())
						assertTrue(Math.abs(a - kept) > 1e-6, fold.description() + ": held-out tilt " + a + " of " + el + " is also in training");
			});
	}

	@Test
	void heldOut_holdsOutEveryExposureOfARepeatedTilt() {
		// Each HAADF tilt recorded twice: a held-out angle must not reappear in training.
		int n = series.haadf().angleCount();
		int[] twice = new int[2 * n];
		for (int i = 0; i < twice.length; i++)
			twice[i] = i / 2;
		HeldOutProjections h = new HeldOutProjections(new org.fusedtomo.data.MultiModalSeries(series.haadf().subset(twice), series.chemical()), 5);
		assertEquals(12, h.heldOut().angleCount()); // tilts 2, 7, 12, 17, 22, 27, two exposures each
		assertEquals(46, h.training().haadf().angleCount());
		for (double held : h.heldOut().anglesDeg())
			for (double kept : h.training().haadf().anglesDeg())
				assertTrue(Math.abs(held - kept) > 1e-6, "held-out tilt " + held + " is also in training");
	}
}
