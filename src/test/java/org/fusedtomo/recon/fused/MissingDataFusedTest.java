package org.fusedtomo.recon.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.fusedtomo.data.MissingData;
import org.fusedtomo.data.MissingDataTest;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;
import org.fusedtomo.tune.HeldOutChemistry;
import org.junit.jupiter.api.Test;

/**
 * Fused reconstruction of a series drifted by known whole-pixel shifts and aligned back, the pixels pushed out of the
 * frame NaN (not measured): it equals the reconstruction from the undrifted data's valid part, is closer to the truth
 * than with those pixels read as zeros, and the held-out score skips them.
 */
class MissingDataFusedTest {

	private static final int THREADS = 2;

	/** Shifts of up to 7 of 32 columns (a drift before alignment), by tilt index. */
	private static TiltSeries drifted(TiltSeries s, ShiftInterpolation fill, int salt) {
		int[] shifts = new int[s.angleCount()];
		for (int a = 0; a < shifts.length; a++)
			shifts[a] = (a * 5 + salt) % 15 - 7;
		return MissingDataTest.driftedAndAligned(s, shifts, fill);
	}

	private static MultiModalSeries drifted(SimulatedData d, ShiftInterpolation fill) {
		Map<String, TiltSeries> chem = new LinkedHashMap<>();
		d.chemical().forEach((el, s) -> chem.put(el, drifted(s, fill, 3)));
		return new MultiModalSeries(drifted(d.haadf(), fill, 0), chem);
	}

	@Test
	void fusedLeavesMissingPixelsOutAndTheHeldOutScoreSkipsThem() {
		VolumeGeometry g = VolumeGeometry.cube(32);
		SimulationParameters p = SimulationParameters.defaults().withChemAnglesDeg(TiltGeometry.range(-60, 60, 15));
		p = new SimulationParameters(p.haadfAnglesDeg(), p.chemAnglesDeg(), 20, p.haadfDose(), p.gamma(), 0, 1, true);
		SimulatedData d = new Simulator(new Parallelism(THREADS)).simulate(Phantoms.create(Phantoms.CORE_SHELL, g, 3), p);
		MultiModalSeries masked = drifted(d, ShiftInterpolation.MISSING), zeros = drifted(d, ShiftInterpolation.DEFAULT);
		Map<String, TiltSeries> validChem = new LinkedHashMap<>();
		d.chemical().forEach((el, s) -> validChem.put(el, MissingDataTest.missingLike(s, masked.chemical(el))));
		MultiModalSeries validPart = new MultiModalSeries(MissingDataTest.missingLike(d.haadf(), masked.haadf()), validChem);
		assertTrue(MissingData.indices(masked.haadf()).length > masked.haadf().data().length / 10, "the drift must lose data");

		FusedParameters fp = FusedParameters.DEFAULT.withThreads(THREADS);
		FusedResult withMask = FusedReconstruction.run(masked, g, fp, Monitor.NONE), withZeros = FusedReconstruction.run(zeros, g, fp, Monitor.NONE);
		FusedResult reference = FusedReconstruction.run(validPart, g, fp, Monitor.NONE);
		double maskMean = 0, zerosMean = 0;
		for (String el : d.truth().elements()) {
			double vsReference = Nrmse.of(withMask.volume(el), reference.volume(el));
			double mask = Nrmse.of(withMask.volume(el), d.truth().density(el)), zero = Nrmse.of(withZeros.volume(el), d.truth().density(el));
			System.out.printf("fused, drifted 32^3 core-shell, %s: vs the valid part's %.2e; NRMSE with missing pixels %.4f, zero fill %.4f%n", el, vsReference, mask, zero);
			assertTrue(vsReference < 1e-5, el + ": " + vsReference);
			maskMean += mask / 3;
			zerosMean += zero / 3;
		}
		assertTrue(maskMean < zerosMean - 0.01, "mean NRMSE with missing pixels " + maskMean + ", zero fill " + zerosMean);

		// Held out: the score of the prediction counts the pixels that hold data only.
		HeldOutChemistry split = HeldOutChemistry.keepingEvery(masked.chemical(), 3);
		Map<String, Double> scores = split.nrmse(withMask.volumes(), new Parallelism(THREADS));
		split.heldOut().forEach((el, held) -> {
			float[] predicted = Projectors.create(g, held.geometry(), Parallelism.SERIAL).forward(withMask.volume(el)).data(), measured = held.data();
			int n = measured.length - MissingData.indices(held).length, k = 0;
			float[] x = new float[n], b = new float[n];
			for (int i = 0; i < measured.length; i++)
				if (!Float.isNaN(measured[i])) {
					x[k] = predicted[i];
					b[k++] = measured[i];
				}
			assertTrue(n < measured.length, el + " has missing held-out pixels");
			assertEquals(Nrmse.of(x, b), scores.get(el), 1e-9, el);
		});
	}
}
