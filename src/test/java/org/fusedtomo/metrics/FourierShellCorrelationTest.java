package org.fusedtomo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.Wbp;
import org.fusedtomo.recon.WbpFilter;
import org.fusedtomo.simulate.Phantom;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.Simulator;
import org.fusedtomo.simulate.SimulationParameters;
import org.junit.jupiter.api.Test;

class FourierShellCorrelationTest {

	private static final int N = 32;
	private static final Parallelism PAR = new Parallelism(2);

	@Test
	void compare_volumeWithItselfIsOne() {
		Volume v = noise(VolumeGeometry.cube(24), 1);
		FscResult r = new FourierShellCorrelation().compare(v, v.copy());
		for (FscDirection d : FscDirection.values())
			for (double c : r.curve(d).correlations())
				assertEquals(1, c, 1e-6, d.key());
		assertEquals(2, r.resolutionPx(FscDirection.ALL, FscCriterion.FIXED_0143), 1e-9);
	}

	@Test
	void compare_independentNoiseIsNearZero() {
		VolumeGeometry g = VolumeGeometry.cube(24);
		FscCurve all = new FourierShellCorrelation().compare(noise(g, 1), noise(g, 2)).curve(FscDirection.ALL);
		double[] c = all.correlations();
		long[] n = all.voxels();
		// Shells with many voxels: chance correlation ~ 1/sqrt(n).
		for (int s = 3; s < c.length; s++)
			assertTrue(Math.abs(c[s]) < 4 / Math.sqrt(n[s]), "shell " + s + ": " + c[s]);
	}

	@Test
	void compare_rejectsVolumesOfDifferentSize() {
		assertThrows(IllegalArgumentException.class, () -> new FourierShellCorrelation().compare(noise(VolumeGeometry.cube(8), 1), noise(new VolumeGeometry(8, 8, 9), 1)));
	}

	/** Tilts about y over ±60° leave a ±30° wedge around k_z empty; the default ±20° cone sits inside it. */
	@Test
	void halfSetFsc_missingWedgeWorsensZ_fullRangeIsNearIsotropic() {
		Phantom phantom = Phantoms.create(Phantoms.BLOBS, VolumeGeometry.cube(N), 7);
		FscResult wedge = halfSetWbp(phantom, TiltGeometry.range(-60, 60, 2), 100);
		FscResult full = halfSetWbp(phantom, TiltGeometry.range(-90, 88, 2), 100);
		double wx = wedge.resolutionPx(FscDirection.X, FscCriterion.FIXED_0143), wz = wedge.resolutionPx(FscDirection.Z, FscCriterion.FIXED_0143);
		double fx = full.resolutionPx(FscDirection.X, FscCriterion.FIXED_0143), fz = full.resolutionPx(FscDirection.Z, FscCriterion.FIXED_0143);
		assertTrue(wz > 1.5 * wx, "±60°: z " + wz + " px should be much worse than x " + wx + " px");
		assertEquals(fx, fz, 0.2 * fx, "±90°: x and z should be near equal");
		assertEquals(2.5 * wx, wedge.resolution(FscDirection.X, FscCriterion.FIXED_0143), 1e-9, "calibrated in nm");
	}

	@Test
	void halfSetFsc_multiModalGivesEveryChannel() {
		Phantom phantom = Phantoms.create(Phantoms.CORE_SHELL, VolumeGeometry.cube(24), 3);
		SimulatedData data = new Simulator(PAR).simulate(phantom, SimulationParameters.defaults().withHaadfAnglesDeg(TiltGeometry.range(-70, 70, 5)));
		MultiModalSeries series = new MultiModalSeries(data.haadf(), data.chemical());
		Function<MultiModalSeries, Map<String, Volume>> wbpEach = s -> {
			Map<String, Volume> m = new java.util.LinkedHashMap<>();
			m.put("HAADF", wbp(s.haadf()));
			s.chemical().forEach((el, t) -> m.put(el, wbp(t)));
			return m;
		};
		Map<String, FscResult> r = HalfSetFsc.of(series, wbpEach, new FourierShellCorrelation());
		assertEquals(java.util.List.of("HAADF", "Co", "Mn", "O"), java.util.List.copyOf(r.keySet()));
		// The dense, bright HAADF series resolves finer than the 9-tilt, 10-count chemical maps.
		assertTrue(r.get("HAADF").resolutionPx(FscDirection.ALL, FscCriterion.FIXED_0143) < r.get("Co").resolutionPx(FscDirection.ALL, FscCriterion.FIXED_0143));
	}

	private static FscResult halfSetWbp(Phantom phantom, double[] angles, double dose) {
		SimulatedData data = new Simulator(PAR).simulate(phantom, SimulationParameters.defaults().withHaadfAnglesDeg(angles).withHaadfDose(dose));
		TiltSeries haadf = data.haadf();
		TiltSeries calibrated = new TiltSeries(haadf.img(), haadf.anglesDeg(), new Calibration(2.5, "nm"));
		return HalfSetFsc.of(calibrated, FourierShellCorrelationTest::wbp, new FourierShellCorrelation());
	}

	private static Volume wbp(TiltSeries s) {
		VolumeGeometry g = VolumeGeometry.of(s.geometry(), s.width());
		return new Wbp(Projectors.create(g, s.geometry(), PAR), WbpFilter.RAM_LAK, PAR).run(s, Monitor.NONE).volume();
	}

	private static Volume noise(VolumeGeometry g, long seed) {
		Volume v = Volume.zeros(g);
		SplittableRandom r = new SplittableRandom(seed);
		float[] d = v.data();
		for (int i = 0; i < d.length; i++)
			d[i] = (float) (r.nextDouble() - 0.5);
		return v;
	}
}
