package org.fusedtomo.recon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.FieldOfView;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.projector.SampledProjector;
import org.fusedtomo.tune.HeldOutChemistry;
import org.junit.jupiter.api.Test;

class PerSeriesReconstructionTest {

	private static final double[] ANGLES = { -60, -40, -20, 0, 20, 40, 60 };
	private static final ConventionalParameters PARAMETERS = new ConventionalParameters(3, ConventionalParameters.DEFAULT.filter(), 0);

	private static TiltSeries random(int width, int height, Calibration calibration, long seed) {
		TiltSeries s = new TiltSeries(new TiltGeometry(width, height, ANGLES), calibration);
		SplittableRandom r = new SplittableRandom(seed);
		for (int i = 0; i < s.data().length; i++)
			s.data()[i] = (float) r.nextDouble();
		return s;
	}

	@Test
	void run_reconstructsEachSeriesOntoTheReferenceGridInOrder() {
		Calibration nm = new Calibration(1, "nm");
		TiltSeries haadf = random(16, 4, nm, 1), co = random(8, 2, new Calibration(2, "nm"), 2);
		ChemicalSampling two = new ChemicalSampling(2, 0, 0);
		Map<String, TiltSeries> series = new LinkedHashMap<>();
		series.put("HAADF", haadf);
		series.put("Co", co);
		List<String> monitored = new ArrayList<>(), finished = new ArrayList<>();
		Map<String, Volume> out = new PerSeriesReconstruction(ConventionalMethod.SIRT, PARAMETERS, 0).run(series, haadf, Map.of("Co", two), Parallelism.SERIAL,
			name -> {
				monitored.add(name);
				return Monitor.NONE;
			}, part -> finished.add(part.name() + (part.seconds() >= 0 ? "" : "?")));
		assertEquals(List.of("HAADF", "Co"), List.copyOf(out.keySet()));
		assertEquals(List.of("HAADF", "Co"), monitored);
		assertEquals(List.of("HAADF", "Co"), finished);
		// depth 0: as deep as the HAADF is wide; the map lands on the HAADF's grid and calibration
		VolumeGeometry cube = new VolumeGeometry(16, 4, 16);
		Parallelism one = Parallelism.SERIAL;
		assertArrayEquals(ConventionalMethod.SIRT.run(Projectors.create(cube, haadf.geometry(), one), haadf, PARAMETERS, one, Monitor.NONE).volume().data(),
			out.get("HAADF").data());
		assertArrayEquals(ConventionalMethod.SIRT.run(SampledProjector.create(cube, co.geometry(), two, one), co, PARAMETERS, one, Monitor.NONE).volume().data(),
			out.get("Co").data());
		assertEquals(cube, out.get("Co").geometry());
		assertEquals(nm, out.get("Co").calibration());
	}

	@Test
	void run_givesEachSeriesOnItsOwnGridTheDepthAsked() {
		TiltSeries a = random(10, 3, Calibration.PIXEL, 3), b = random(10, 3, new Calibration(0.5, "nm"), 4);
		Map<String, TiltSeries> series = new LinkedHashMap<>();
		series.put("a", a);
		series.put("b", b);
		Map<String, Volume> out = new PerSeriesReconstruction(ConventionalMethod.WBP, PARAMETERS, 4).run(series, a, Map.of(), Parallelism.SERIAL, name -> Monitor.NONE,
			part -> {});
		assertEquals(new VolumeGeometry(10, 3, 4), out.get("b").geometry());
		assertEquals(b.calibration(), out.get("b").calibration());
		assertArrayEquals(ConventionalMethod.WBP.with(PARAMETERS).reconstruct(b, new VolumeGeometry(10, 3, 4), Parallelism.SERIAL, Monitor.NONE).volume().data(),
			out.get("b").data());
	}

	@Test
	void aMarginLetsASectionWiderThanTheViewPredictUnseenTilts() {
		// A section 8 voxels thick whose content varies smoothly, three times as wide as the 24-voxel view; 16 tilts of
		// -40..35 deg as the IDP set; EM from every third tilt predicts the other ten.
		int view = 24, height = 3, depth = 24, world = 3 * view;
		double[] tilts = TiltGeometry.range(-40, 35, 5);
		VolumeGeometry worldGeometry = new VolumeGeometry(world, height, depth);
		Volume section = Volume.zeros(worldGeometry);
		for (int z = depth / 2 - 4; z < depth / 2 + 4; z++)
			for (int y = 0; y < height; y++)
				for (int x = 0; x < world; x++)
					section.set(x, y, z, (float) (1 + Math.sin(2 * Math.PI * x / 16) * Math.cos(Math.PI * (z - depth / 2 + 0.5) / 8)));
		TiltSeries all = Projectors.create(worldGeometry, new TiltGeometry(view, height, tilts), Parallelism.SERIAL).forward(section);
		HeldOutChemistry split = HeldOutChemistry.keepingEvery(Map.of("Fe", all), 3);
		TiltSeries kept = split.training().get("Fe");
		ConventionalParameters em = new ConventionalParameters(100, ConventionalParameters.DEFAULT.filter(), 0);
		int margin = FieldOfView.margin(kept.geometry(), depth);
		assertEquals(11, margin);
		double[] nrmse = new double[2];
		for (int m : new int[] { 0, 1 }) {
			Map<String, Volume> v = new PerSeriesReconstruction(ConventionalMethod.EM, em, depth, m * margin).run(Map.of("Fe", kept), kept, Map.of(), Parallelism.SERIAL,
				name -> Monitor.NONE, part -> {});
			assertEquals(new VolumeGeometry(view + 2 * m * margin, height, depth), v.get("Fe").geometry());
			nrmse[m] = split.nrmse(v, Parallelism.SERIAL).get("Fe");
		}
		assertTrue(nrmse[1] < 0.5 * nrmse[0], "held-out NRMSE with the margin " + nrmse[1] + ", without " + nrmse[0]);
	}
}
