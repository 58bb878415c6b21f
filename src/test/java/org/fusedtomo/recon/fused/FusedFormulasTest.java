package org.fusedtomo.recon.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;

import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.junit.jupiter.api.Test;

/** The formulas written once in {@link FusedCost}: the HAADF model Σ w x^γ and the Poisson ratio. */
class FusedFormulasTest {

	@Test
	void haadfModel_isTheWeightedSumOfPowers() {
		Random random = new Random(123);
		VolumeGeometry g = new VolumeGeometry(17, 3, 11);
		Volume a = Volume.zeros(g), b = Volume.zeros(g);
		for (int i = 0; i < a.data().length; i++) {
			a.data()[i] = (float) random.nextGaussian();
			b.data()[i] = (float) (2 * random.nextDouble());
		}
		a.data()[5] = Float.NaN;
		double[] w = { 0.7, 1.9 };
		double gamma = 1.6;
		float[] m = FusedCost.haadfModel(List.of(a, b), w, gamma, new Parallelism(3)).data();
		for (int i = 0; i < m.length; i++) {
			float expected = 0;
			expected += (float) (w[0] * (a.data()[i] > 0 ? Math.pow(a.data()[i], gamma) : 0));
			expected += (float) (w[1] * (b.data()[i] > 0 ? Math.pow(b.data()[i], gamma) : 0));
			assertEquals(expected, m[i], 1e-6 * Math.abs(expected), "voxel " + i);
		}
		assertEquals((float) (w[1] * Math.pow(b.data()[5], gamma)), m[5], 1e-6, "a NaN voxel counts as 0");
	}

	@Test
	void haadfModel_refusesAWeightCountThatDiffers() {
		Volume a = Volume.zeros(new VolumeGeometry(4, 4, 4));
		assertThrows(IllegalArgumentException.class, () -> FusedCost.haadfModel(List.of(a), new double[] { 1, 2 }, 1.6, Parallelism.SERIAL));
	}

	@Test
	void poissonRatio_isScaleTimesResidualOverPrediction() {
		assertEquals(1.0, FusedCost.poissonRatio(2, 3f, 1f, 1), 0);
		assertEquals(-0.5, FusedCost.poissonRatio(1, 0f, 1f, 2), 0);
	}
}
