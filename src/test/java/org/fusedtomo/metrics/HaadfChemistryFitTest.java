package org.fusedtomo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.junit.jupiter.api.Test;

class HaadfChemistryFitTest {

	@Test
	void of_recoversAnExactLinearMixture() {
		Random random = new Random(123);
		double[] angles = { -30, 0, 30 };
		TiltSeries a = series(angles), b = series(angles), h = series(angles);
		float[] da = a.data(), db = b.data(), dh = h.data();
		for (int i = 0; i < dh.length; i++) {
			da[i] = random.nextFloat();
			db[i] = random.nextFloat();
			dh[i] = 0.5f + 2 * da[i] - db[i];
		}
		Map<String, TiltSeries> chem = new LinkedHashMap<>();
		chem.put("Fe", a);
		chem.put("O", b);
		HaadfChemistryFit fit = HaadfChemistryFit.of(h, chem, 1);
		// Each series is divided by its maximum: h/maxH = c0 + cFe a/maxA + cO b/maxB, so cFe = 2 maxA / maxH.
		assertEquals(2 * max(da) / max(dh), fit.coefficients().get("Fe"), 1e-4);
		assertEquals(-max(db) / max(dh), fit.coefficients().get("O"), 1e-4);
		assertEquals(1, fit.rSquared(), 1e-6);
		assertEquals(List.of("O"), fit.negative());
		assertTrue(fit.correlations().get("Fe") > 0.8 && fit.correlations().get("O") < -0.2, fit.correlations().toString());
		assertEquals(3, fit.tilts());
	}

	@Test
	void of_refusesSeriesWithoutSharedTilts() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> HaadfChemistryFit.of(series(new double[] { 0, 10 }), Map.of("Fe", series(new double[] { 5 })), 1));
		assertTrue(e.getMessage().contains("No HAADF tilt is shared"), e.getMessage());
	}

	private static TiltSeries series(double[] angles) {
		return new TiltSeries(new TiltGeometry(8, 6, angles), Calibration.PIXEL);
	}

	private static float max(float[] d) {
		float m = 0;
		for (float v : d)
			m = Math.max(m, v);
		return m;
	}
}
