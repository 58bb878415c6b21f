package org.fusedtomo.recon.fused;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
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
}
