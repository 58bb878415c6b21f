package org.fusedtomo.recon.fused;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;

import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;
import org.junit.jupiter.api.Test;

/**
 * Reconstructions sharing a {@link GuideImages} (as a cross-validation's folds and grid points do) make the HAADF
 * guide once and give the same volumes, bit for bit, as reconstructions that each make their own.
 */
class GuideImagesTest {

	@Test
	void reconstructionsOfOneHaadfSeriesShareOneGuideAndGiveTheSameVolumes() {
		VolumeGeometry g = new VolumeGeometry(16, 16, 16);
		SimulationParameters p = SimulationParameters.defaults().withChemAnglesDeg(TiltGeometry.range(-60, 60, 30));
		SimulatedData d = new Simulator(new Parallelism(2)).simulate(Phantoms.create(Phantoms.CORE_SHELL, g, 7), p);
		MultiModalSeries all = new MultiModalSeries(d.haadf(), d.chemical());
		// NB: a second series with the same HAADF object and fewer chemical tilts, as a fold's training data.
		Map<String, TiltSeries> fewer = new java.util.LinkedHashMap<>();
		all.chemical().forEach((el, s) -> fewer.put(el, s.subset(new int[] { 0, 1, 3, 4 })));
		MultiModalSeries fold = all.with(all.haadf(), fewer);
		FusedParameters a = FusedParameters.DEFAULT.withIterations(3).withThreads(2), b = a.withLambdaChem(a.lambdaChem() * 4);
		GuideImages guides = new GuideImages();
		for (MultiModalSeries s : new MultiModalSeries[] { all, fold })
			for (FusedParameters q : new FusedParameters[] { a, b }) {
				FusedResult shared = new FusedMethod(q, guides).reconstruct(s, g, new Parallelism(2), Monitor.NONE);
				FusedResult own = new FusedMethod(q).reconstruct(s, g, new Parallelism(2), Monitor.NONE);
				assertArrayEquals(own.haadfGuide().data(), shared.haadfGuide().data());
				for (String el : s.elements())
					assertArrayEquals(own.volumes().get(el).data(), shared.volumes().get(el).data(), el);
			}
		assertEquals(1, guides.size());
		assertSame(new FusedMethod(a, guides).reconstruct(fold, g, new Parallelism(2), Monitor.NONE).haadfGuide(),
			new FusedMethod(b, guides).reconstruct(all, g, new Parallelism(2), Monitor.NONE).haadfGuide());
	}
}
