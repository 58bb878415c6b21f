package org.fusedtomo.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.fusedtomo.recon.WbpFilter;
import org.fusedtomo.simulate.Poisson;
import org.fusedtomo.simulate.SheppLogan;
import org.junit.jupiter.api.Test;

class TiltEfficiencyTest {

	private static final Parallelism ONE = new Parallelism(1);
	private static final double[] ANGLES = TiltGeometry.range(-60, 60, 5);

	/** A smooth efficiency, 0.82–1.12 over ±60°, like the IDP maps' pattern (peaked near 0°, dips at ±30°). */
	private static double trueEta(double deg) {
		return 1 + 0.1 * Math.cos(Math.toRadians(3 * deg)) + 0.02 * deg / 60;
	}

	private static Projector projector(VolumeGeometry volume, double[] angles) {
		return Projectors.create(volume, new TiltGeometry(volume.width(), volume.height(), angles), ONE);
	}

	/** {@code series} with tilt t multiplied by {@code factor(angle)}. */
	private static TiltSeries scaled(TiltSeries series, java.util.function.DoubleUnaryOperator factor) {
		TiltSeries out = series.copy();
		int pixels = out.width() * out.height();
		for (int t = 0; t < out.angleCount(); t++)
			for (int i = out.projectionOffset(t); i < out.projectionOffset(t) + pixels; i++)
				out.data()[i] *= (float) factor.applyAsDouble(out.angleDeg(t));
		return out;
	}

	@Test
	void estimate_recoversAKnownEfficiencyFromExactProjections() {
		VolumeGeometry g = new VolumeGeometry(24, 4, 24);
		Volume x = SheppLogan.create(g);
		TiltSeries predicted = projector(g, ANGLES).forward(x), measured = scaled(predicted, TiltEfficiencyTest::trueEta);
		TiltEfficiency eta = TiltEfficiency.estimate(measured, predicted, 1e-6);
		// expected: η_t normalised so that the measured and predicted grand totals agree, Σ η_t T_t / Σ T_t
		double etaT = 0, total = 0;
		int pixels = predicted.width() * predicted.height();
		for (int t = 0; t < ANGLES.length; t++)
			for (int i = predicted.projectionOffset(t); i < predicted.projectionOffset(t) + pixels; i++) {
				etaT += trueEta(ANGLES[t]) * predicted.data()[i];
				total += predicted.data()[i];
			}
		assertTrue(eta.supported());
		assertArrayEquals(ANGLES, eta.anglesDeg());
		for (int t = 0; t < ANGLES.length; t++)
			assertEquals(trueEta(ANGLES[t]) * total / etaT, eta.values()[t], 1e-5, "tilt " + ANGLES[t]);
	}

	@Test
	void at_interpolatesLinearlyBetweenTiltsAndHoldsBeyondThem() {
		TiltEfficiency eta = new TiltEfficiency(new double[] { -30, 0, 30 }, new double[] { 0.9, 1.2, 1.0 }, 100, true);
		assertEquals(0.9, eta.at(-45), 0);
		assertEquals(1.05, eta.at(-15), 1e-12);
		assertEquals(1.2, eta.at(0), 0);
		assertEquals(1.1, eta.at(15), 1e-12);
		assertEquals(1.0, eta.at(50), 0);
		TiltEfficiency off = new TiltEfficiency(new double[] { -30, 0, 30 }, new double[] { 0.9, 1.2, 1.0 }, 1, false);
		assertEquals(1, off.at(-15), 0);
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(2, 1, new double[] { -15, 15 }));
		java.util.Arrays.fill(s.data(), 2f);
		assertSame(s, off.applied(s));
		assertArrayEquals(new float[] { 2.1f, 2.1f, 2.2f, 2.2f }, eta.applied(s).data(), 1e-6f);
	}

	@Test
	void estimate_repeatedAngleCountsAsOneTilt() {
		TiltSeries predicted = TiltSeries.zeros(new TiltGeometry(1, 1, new double[] { -10, 0, 0, 10 }));
		TiltSeries measured = predicted.copy();
		float[] p = predicted.data(), m = measured.data();
		p[0] = p[1] = p[2] = p[3] = 10;
		m[0] = 10;
		m[1] = 8;
		m[2] = 12;
		m[3] = 20;
		// totals: -10: 10/10, 0: 20/20, 10: 20/10; grand 50/40 = 1.25
		TiltEfficiency eta = TiltEfficiency.estimate(measured, predicted, 1e-6);
		assertArrayEquals(new double[] { -10, 0, 10 }, eta.anglesDeg());
		assertArrayEquals(new double[] { 0.8, 0.8, 1.6 }, eta.values(), 1e-12);
	}

	/** Poisson counts of an exact projection (η = 1): the noise test must leave η at 1; with η of the pattern above it must not. */
	@Test
	void estimate_isSupportedByAPatternNotByPoissonNoise() {
		VolumeGeometry g = new VolumeGeometry(24, 4, 24);
		TiltSeries exact = projector(g, ANGLES).forward(SheppLogan.create(g));
		for (long seed = 1; seed <= 10; seed++) {
			TiltSeries noisy = exact.copy();
			new Poisson(seed).apply(noisy.data(), 2);
			TiltEfficiency plain = TiltEfficiency.estimate(noisy, scaled(exact, a -> 2), 1);
			assertFalse(plain.supported(), "seed " + seed + ": " + plain);
			TiltSeries patterned = scaled(exact, TiltEfficiencyTest::trueEta);
			new Poisson(seed).apply(patterned.data(), 2);
			assertTrue(TiltEfficiency.estimate(patterned, scaled(exact, a -> 2), 1).supported(), "seed " + seed);
		}
	}

	/**
	 * A series with a known η(θ) (Poisson, 40 counts per pixel at most), every third tilt kept: EM from the kept tilts,
	 * η estimated from them alone, predicts the held-out maps better than the plain reprojection, and the η it applies
	 * there follows the true one.
	 */
	@Test
	void heldOutPrediction_withTheEstimatedEfficiencyIsBetter() {
		VolumeGeometry g = new VolumeGeometry(32, 4, 32);
		TiltSeries exact = projector(g, ANGLES).forward(SheppLogan.create(g));
		float max = 0;
		for (float v : exact.data())
			max = Math.max(max, v);
		TiltSeries counts = scaled(exact, TiltEfficiencyTest::trueEta);
		new Poisson(7).apply(counts.data(), 40 / max);
		HeldOutChemistry split = HeldOutChemistry.keepingEvery(Map.of("Fe", counts), 3);
		TiltSeries kept = split.training().get("Fe");
		Volume v = ConventionalMethod.EM.run(projector(g, kept.anglesDeg()), kept, new ConventionalParameters(30, WbpFilter.SHEPP_LOGAN, 1), ONE, Monitor.NONE).volume();
		Map<String, Volume> volumes = Map.of("Fe", v);
		TiltEfficiency eta = split.efficiencies(volumes, Map.of(), ONE).get("Fe");
		double with = split.nrmse(volumes, ONE).get("Fe"), without = split.nrmse(volumes, Map.of(), Map.of(), ONE).get("Fe");
		assertTrue(eta.supported(), eta.toString());
		assertTrue(with < without - 0.01, with + " vs " + without);
		double[] held = split.heldOut().get("Fe").anglesDeg();
		double mean = 0;
		for (double a : held)
			mean += trueEta(a) / held.length;
		for (double a : held)
			assertEquals(trueEta(a) / mean, eta.at(a), 0.03, "held-out tilt " + a);
	}
}
