package org.fusedtomo.recon.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.simulate.Poisson;
import org.junit.jupiter.api.Test;

public class FusedMapsTest {

	public static final int N = 48;

	/** Two elements in disjoint discs on a background-free field: Co (Z 27) left, O (Z 8) right and overlapping Co a little. */
	public static Map<String, float[]> truth() {
		float[] co = new float[N * N], o = new float[N * N];
		for (int y = 0; y < N; y++)
			for (int x = 0; x < N; x++) {
				if (Math.hypot(x - 16, y - 24) < 9)
					co[y * N + x] = 1;
				if (Math.hypot(x - 30, y - 24) < 10)
					o[y * N + x] = 0.8f;
			}
		Map<String, float[]> t = new LinkedHashMap<>();
		t.put("Co", co);
		t.put("O", o);
		return t;
	}

	static TiltSeries image(float[] pixels) {
		TiltSeries s = new TiltSeries(new TiltGeometry(N, N, new double[] { 0 }), Calibration.PIXEL);
		System.arraycopy(pixels, 0, s.data(), 0, pixels.length);
		return s;
	}

	/** Noise-free HAADF Σ w t^γ and chemical maps with Poisson noise of {@code counts} per unit. */
	public static MultiModalSeries maps(Map<String, float[]> truth, double counts, FusedParameters p) {
		double[] w = p.weightMethod().weights(java.util.List.copyOf(truth.keySet()), p.gamma());
		float[] haadf = new float[N * N];
		Map<String, TiltSeries> chem = new LinkedHashMap<>();
		Poisson poisson = new Poisson(42);
		int e = 0;
		for (Map.Entry<String, float[]> t : truth.entrySet()) {
			for (int i = 0; i < haadf.length; i++)
				haadf[i] += (float) (w[e] * Math.pow(t.getValue()[i], p.gamma()));
			float[] noisy = t.getValue().clone();
			poisson.apply(noisy, counts);
			chem.put(t.getKey(), image(noisy));
			e++;
		}
		return new MultiModalSeries(image(haadf), chem);
	}

	@Test
	void run_bringsNoisyMapsCloserToTheTruthWithTheHaadfImage() {
		FusedParameters p = FusedMaps.DEFAULT.withThreads(1);
		Map<String, float[]> truth = truth();
		FusedMaps.Result r = FusedMaps.run(maps(truth, 3, p), p, Monitor.NONE);
		for (String el : truth.keySet()) {
			double raw = Nrmse.of(r.start().get(el).data(), truth.get(el));
			double fused = Nrmse.of(r.fused().volume(el).data(), truth.get(el));
			assertTrue(fused < 0.6 * raw, el + ": fused NRMSE " + fused + " vs raw " + raw);
		}
		double before = Nrmse.of(r.startModel().data(), r.haadf().data()), after = Nrmse.of(r.haadfModel().data(), r.haadf().data());
		assertTrue(after < 0.5 * before, "HAADF fit NRMSE " + after + " vs " + before + " at the start");
		assertEquals(1, r.fused().volume("Co").depth());
		assertEquals(p.iterations(), r.fused().history().values("total").length);
	}

	@Test
	void run_startsFromTheMeasuredMapsNormalisedToOne() {
		FusedParameters p = FusedMaps.DEFAULT.withThreads(1).withIterations(1);
		MultiModalSeries m = maps(truth(), 3, p);
		FusedMaps.Result r = FusedMaps.run(m, p, Monitor.NONE);
		float[] raw = m.chemical("Co").data(), start = r.start().get("Co").data();
		float max = org.fusedtomo.data.FloatArrays.max(raw);
		for (int i = 0; i < raw.length; i++)
			assertEquals(raw[i] / max, start[i], 1e-5f);
	}

	@Test
	void run_refusesTiltSeries() {
		FusedParameters p = FusedMaps.DEFAULT;
		TiltSeries two = new TiltSeries(new TiltGeometry(N, N, new double[] { 0, 15 }), Calibration.PIXEL);
		MultiModalSeries series = new MultiModalSeries(two, Map.of("Co", two));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FusedMaps.run(series, p, Monitor.NONE));
		assertTrue(e.getMessage().contains("2 projections"), e.getMessage());
		TiltSeries tilted = new TiltSeries(new TiltGeometry(N, N, new double[] { 30 }), Calibration.PIXEL);
		assertThrows(IllegalArgumentException.class, () -> FusedMaps.run(new MultiModalSeries(tilted, Map.of("Co", tilted)), p, Monitor.NONE));
	}
}
