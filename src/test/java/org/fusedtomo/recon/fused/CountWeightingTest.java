package org.fusedtomo.recon.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.fusedtomo.data.FloatArrays;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.simulate.Phantom;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;
import org.fusedtomo.study.StudyParameters;
import org.junit.jupiter.api.Test;

/** The default cost weights each element by its data's count level, so units and constant factors do not matter. */
class CountWeightingTest {

	private static final VolumeGeometry G = VolumeGeometry.cube(32);

	private static SimulatedData simulate(double counts) {
		Phantom phantom = Phantoms.create(Phantoms.CORE_SHELL, G, 5);
		SimulationParameters p = SimulationParameters.defaults().withChemAnglesDeg(StudyParameters.chemAngles(9)).withCountsPerPixel(counts).withSeed(5);
		return new Simulator(new Parallelism(2)).simulate(phantom, p);
	}

	private static TiltSeries times(TiltSeries s, double factor) {
		TiltSeries c = s.copy();
		float[] d = c.data();
		for (int i = 0; i < d.length; i++)
			d[i] *= (float) factor;
		return c;
	}

	private static MultiModalSeries times(SimulatedData d, double haadfFactor, double chemFactor) {
		Map<String, TiltSeries> chem = new LinkedHashMap<>();
		d.chemical().forEach((el, s) -> chem.put(el, times(s, chemFactor)));
		return new MultiModalSeries(times(d.haadf(), haadfFactor), chem);
	}

	@Test
	void run_dataTimesAConstantGiveTheSameVolumes() {
		SimulatedData d = simulate(20);
		FusedParameters p = FusedParameters.DEFAULT.withIterations(15).withThreads(2);
		Map<String, Volume> counts = FusedReconstruction.run(times(d, 1, 1), G.depth(), p, Monitor.NONE).volumes();
		Map<String, Volume> scaled = FusedReconstruction.run(times(d, 3.1e5, 0.0137), G.depth(), p, Monitor.NONE).volumes();
		for (String el : counts.keySet()) {
			float[] a = counts.get(el).data(), b = scaled.get(el).data();
			double diff = 0, norm = 0;
			for (int i = 0; i < a.length; i++) {
				diff += (a[i] - b[i]) * (double) (a[i] - b[i]);
				norm += a[i] * (double) a[i];
			}
			assertTrue(Math.sqrt(diff / norm) < 1e-3, el + ": relative difference " + Math.sqrt(diff / norm));
		}
	}

	/** Raw counts are their own count level: the Poisson term of each element is weighted by its largest count. */
	@Test
	void countWeighted_weightsEachElementByItsLargestCount() {
		SimulatedData d = simulate(20);
		MultiModalSeries s = times(d, 1, 1);
		FusedProblem problem = FusedProblem.prepare(s, G, FusedParameters.DEFAULT.withEmIterations(1).withThreads(2),
			org.fusedtomo.projector.ProjectorFactory.TOMOGRAPHY, 1, Monitor.NONE, 1);
		for (int e = 0; e < s.elementCount(); e++) {
			float max = FloatArrays.max(s.chemical(s.elements().get(e)).data());
			assertEquals(max, problem.cost.chemScale(e), 1e-9 * max);
			assertEquals(Math.sqrt(max), problem.cost.tvScale(e), 1e-9 * max);
		}
	}

	/** The reference model keeps the tomo_TV weighting on data normalised to 1. */
	@Test
	void referenceSolver_keepsUnitScales() {
		MultiModalSeries s = times(simulate(20), 1, 1);
		FusedProblem problem = FusedProblem.prepare(s, G, FusedParameters.REFERENCE.withEmIterations(1).withThreads(2),
			org.fusedtomo.projector.ProjectorFactory.TOMOGRAPHY, 1, Monitor.NONE, 1);
		for (int e = 0; e < s.elementCount(); e++) {
			assertEquals(1, problem.cost.chemScale(e));
			assertEquals(1, problem.cost.tvScale(e));
		}
	}
}
