package org.fusedtomo.recon.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.FloatArrays;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.ProjectorFactory;
import org.fusedtomo.projector.SampledProjector;
import org.junit.jupiter.api.Test;

/** The pieces of the study's coarse-to-fine start ({@link CoarseStart}): its block projector, its upsampling and where it applies. */
class CoarseStartTest {

	private static final VolumeGeometry FINE = new VolumeGeometry(16, 8, 12);
	private static final double[] ANGLES = { -60, -17, 0, 33, 71 };
	private static final Parallelism PAR = new Parallelism(2);

	private static CoarseStart.BlockProjector blockProjector() {
		Projector fine = ProjectorFactory.TOMOGRAPHY.create(FINE, new TiltGeometry(16, 8, ANGLES), PAR);
		return new CoarseStart.BlockProjector(fine, new VolumeGeometry(4, 2, 3), new TiltGeometry(4, 2, ANGLES), 4);
	}

	@Test
	void blockProjector_isTheFineProjectionOfBlocksBinnedAndItsBackIsTheAdjoint() {
		CoarseStart.BlockProjector a = blockProjector();
		Random random = new Random(5);
		Volume z = Volume.zeros(a.volumeGeometry());
		TiltSeries y = TiltSeries.zeros(a.tiltGeometry());
		for (int i = 0; i < z.data().length; i++)
			z.data()[i] = (float) random.nextGaussian();
		for (int i = 0; i < y.data().length; i++)
			y.data()[i] = (float) random.nextGaussian();
		double azy = FloatArrays.dot(a.forward(z).data(), y.data()), zaty = FloatArrays.dot(z.data(), a.back(y).data());
		assertEquals(azy, zaty, 1e-5 * Math.abs(azy));
		// One coarse voxel set: the fine projection of its 4 x 4 x 4 block alone, binned (the block built here voxel by voxel).
		Volume one = Volume.zeros(a.volumeGeometry()), block = Volume.zeros(FINE);
		one.set(2, 1, 1, 3);
		for (int k = 4; k < 8; k++)
			for (int j = 4; j < 8; j++)
				for (int i = 8; i < 12; i++)
					block.set(i, j, k, 3);
		Projector fine = ProjectorFactory.TOMOGRAPHY.create(FINE, new TiltGeometry(16, 8, ANGLES), PAR);
		float[] expected = SampledProjector.bin(fine.forward(block), new ChemicalSampling(4, 0, 0), 4, 2, block.calibration()).data(), got = a.forward(one).data();
		for (int i = 0; i < got.length; i++)
			assertEquals(expected[i], got[i], 1e-5 * (1 + Math.abs(expected[i])), "pixel " + i);
	}

	@Test
	void upsample_isExactOnLinearFunctionsInsideAndReplicateFillsEachBlock() {
		Volume coarse = Volume.zeros(new VolumeGeometry(4, 2, 3));
		for (int z = 0; z < 3; z++)
			for (int y = 0; y < 2; y++)
				for (int x = 0; x < 4; x++)
					coarse.set(x, y, z, 1 + 2 * x - y + 0.5f * z);
		Volume fine = Volume.zeros(FINE), blocks = Volume.zeros(FINE);
		CoarseStart.upsample(coarse, 4, fine);
		CoarseStart.replicate(coarse, 4, blocks);
		// Fine voxel x lies at coarse coordinate (x + 0.5) / 4 - 0.5; inside the coarse centres trilinear reproduces the plane.
		for (int z = 2; z < 10; z++)
			for (int y = 2; y < 6; y++)
				for (int x = 2; x < 14; x++) {
					double u = (x + 0.5) / 4 - 0.5, v = (y + 0.5) / 4 - 0.5, w = (z + 0.5) / 4 - 0.5;
					assertEquals(1 + 2 * u - v + 0.5 * w, fine.get(x, y, z), 1e-5, "voxel " + x + "," + y + "," + z);
					assertEquals(coarse.get(x / 4, y / 4, z / 4), blocks.get(x, y, z));
				}
		// At the edges the nearest coarse centre's value (clamped), not an extrapolation.
		assertEquals(coarse.get(0, 0, 0), fine.get(0, 0, 0), 1e-6);
		assertEquals(coarse.get(3, 1, 2), fine.get(15, 7, 11), 1e-6);
	}

	@Test
	void factor_isTheCommonBinningOnlyForWholeBinnedSeries() {
		TiltSeries haadf = TiltSeries.zeros(new TiltGeometry(16, 8, ANGLES));
		haadf.data()[3] = 1;
		TiltSeries c4 = TiltSeries.zeros(new TiltGeometry(4, 2, ANGLES)), c2 = TiltSeries.zeros(new TiltGeometry(8, 4, ANGLES)),
			window = TiltSeries.zeros(new TiltGeometry(2, 2, ANGLES));
		assertEquals(4, CoarseStart.factor(series(haadf, Map.of("Co", c4, "Mn", c4), new ChemicalSampling(4, 0, 0), new ChemicalSampling(4, 0, 0)), FINE));
		assertEquals(1, CoarseStart.factor(series(haadf, Map.of("Co", haadf, "Mn", haadf), ChemicalSampling.FULL, ChemicalSampling.FULL), FINE), "full sampling");
		assertEquals(1, CoarseStart.factor(series(haadf, Map.of("Co", c4, "Mn", c2), new ChemicalSampling(4, 0, 0), new ChemicalSampling(2, 0, 0)), FINE), "two factors");
		assertEquals(1, CoarseStart.factor(series(haadf, Map.of("Co", window, "Mn", window), new ChemicalSampling(4, 4, 0), new ChemicalSampling(4, 4, 0)), FINE), "a window");
		assertEquals(1, CoarseStart.factor(series(haadf, Map.of("Co", c4, "Mn", c4), new ChemicalSampling(4, 0, 0), new ChemicalSampling(4, 0, 0)), new VolumeGeometry(16, 8, 10)),
			"depth not divisible");
		TiltSeries missing = c4.copy();
		missing.data()[0] = Float.NaN;
		assertEquals(1, CoarseStart.factor(series(haadf, Map.of("Co", c4, "Mn", missing), new ChemicalSampling(4, 0, 0), new ChemicalSampling(4, 0, 0)), FINE), "missing pixels");
		assertTrue(CoarseStart.factor(series(haadf, Map.of("Co", c2, "Mn", c2), new ChemicalSampling(2, 0, 0), new ChemicalSampling(2, 0, 0)), FINE) == 2);
	}

	private static MultiModalSeries series(TiltSeries haadf, Map<String, TiltSeries> chem, ChemicalSampling co, ChemicalSampling mn) {
		Map<String, TiltSeries> c = new LinkedHashMap<>();
		c.put("Co", chem.get("Co"));
		c.put("Mn", chem.get("Mn"));
		Map<String, ChemicalSampling> s = new LinkedHashMap<>();
		s.put("Co", co);
		s.put("Mn", mn);
		return new MultiModalSeries(haadf, c, s);
	}
}
