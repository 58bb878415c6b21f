package org.fusedtomo.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.JosephProjector;
import org.junit.jupiter.api.Test;

class SimulatorTest {

	static final Simulator SIMULATOR = new Simulator(new Parallelism(2));

	/** Small acquisitions: 16 HAADF tilts, 5 chemical tilts, one off the HAADF grid. */
	static SimulationParameters small() {
		return SimulationParameters.defaults().withHaadfAnglesDeg(TiltGeometry.range(-70, 70, 9.5)).withChemAnglesDeg(new double[] { -60, -31, 0, 29.5, 60 });
	}

	static Phantom coreShell(int n) {
		return Phantoms.coreShell(VolumeGeometry.cube(n), 4);
	}

	@Test
	void simulate_noiselessHaadfIsNormalisedZWeightedProjection() {
		Phantom p = coreShell(32);
		SimulationParameters params = small().withNoise(false);
		SimulatedData d = SIMULATOR.simulate(p, params);
		// Independent recomputation: Z(Co) = 27, Z(Mn) = 25, Z(O) = 8.
		Map<String, Integer> z = Map.of("Co", 27, "Mn", 25, "O", 8);
		Volume signal = Volume.zeros(p.geometry());
		for (String e : p.elements()) {
			double w = Math.pow(z.get(e), 1.6);
			float[] s = signal.data(), rho = p.density(e).data();
			for (int i = 0; i < s.length; i++)
				s[i] += (float) (w * rho[i]);
		}
		TiltGeometry tg = new TiltGeometry(32, 32, params.haadfAnglesDeg());
		float[] expected = new JosephProjector(p.geometry(), tg, Parallelism.SERIAL).forward(signal).data();
		double max = 0;
		for (float v : expected)
			max = Math.max(max, v);
		float[] actual = d.haadf().data();
		float actualMax = 0;
		for (int i = 0; i < expected.length; i++) {
			assertEquals(expected[i] / max, actual[i], 1e-5, "pixel " + i);
			actualMax = Math.max(actualMax, actual[i]);
		}
		assertEquals(1, actualMax, 1e-6);
		assertEquals(tg, d.haadf().geometry());
	}

	@Test
	void simulate_noiselessChemicalMapsHaveTheRequestedMeanCounts() {
		Phantom p = coreShell(32);
		SimulationParameters params = small().withNoise(false).withCountsPerPixel(7.5);
		SimulatedData d = SIMULATOR.simulate(p, params);
		assertEquals(p.elements(), List.copyOf(d.chemical().keySet()));
		for (Map.Entry<String, TiltSeries> e : d.chemical().entrySet()) {
			float[] v = e.getValue().data();
			double max = 0;
			for (float f : v)
				max = Math.max(max, f);
			double sum = 0;
			int n = 0;
			for (float f : v)
				if (f > 0.05 * max) {
					sum += f;
					n++;
				}
			assertEquals(7.5, sum / n, 1e-4, e.getKey());
			assertArrayEquals(params.chemAnglesDeg(), e.getValue().anglesDeg());
		}
	}

	@Test
	void simulate_noiseIsPoissonAroundTheNoiselessMaps() {
		Phantom p = coreShell(40);
		SimulationParameters params = small().withCountsPerPixel(20).withHaadfDose(200).withShiftRmsPx(1);
		SimulatedData clean = SIMULATOR.simulate(p, params.withNoise(false));
		SimulatedData noisy = SIMULATOR.simulate(p, params);
		assertEquals(clean.haadfDrift(), noisy.haadfDrift(), "noise does not change the drift");
		Moments m = new Moments();
		for (String e : p.elements())
			m.add(clean.chemical().get(e).data(), noisy.chemical().get(e).data(), 1);
		m.check("chemical");
		Moments h = new Moments();
		h.add(clean.haadf().data(), noisy.haadf().data(), 200);
		h.check("HAADF");
		for (String e : p.elements())
			for (float v : noisy.chemical().get(e).data())
				assertEquals(Math.rint(v), v, "counts are whole numbers");
	}

	/** Standardised residuals (k − λ)/√λ over pixels with λ ≥ 2: mean ≈ 0, variance ≈ 1. */
	static final class Moments {
		double sum, sumSq;
		long n;

		void add(float[] expected, float[] observed, double scale) {
			for (int i = 0; i < expected.length; i++) {
				double lambda = expected[i] * scale;
				if (lambda < 2)
					continue;
				double r = (observed[i] * scale - lambda) / Math.sqrt(lambda);
				sum += r;
				sumSq += r * r;
				n++;
			}
		}

		void check(String what) {
			assertTrue(n > 2000, what + " sample " + n);
			double mean = sum / n, var = sumSq / n - mean * mean;
			assertEquals(0, mean, 5 / Math.sqrt(n), what + " mean of standardised residuals");
			assertEquals(1, var, 0.1, what + " variance of standardised residuals");
		}
	}

	@Test
	void simulate_isDeterministicPerSeed() {
		Phantom p = coreShell(32);
		SimulationParameters params = small().withShiftRmsPx(0.7).withSeed(99);
		SimulatedData a = SIMULATOR.simulate(p, params), b = new Simulator(Parallelism.SERIAL).simulate(p, params);
		assertArrayEquals(a.haadf().data(), b.haadf().data());
		for (String e : p.elements())
			assertArrayEquals(a.chemical().get(e).data(), b.chemical().get(e).data(), e);
		assertEquals(a.haadfDrift(), b.haadfDrift());
		SimulatedData c = SIMULATOR.simulate(p, params.withSeed(100));
		assertFalse(Arrays.equals(a.haadf().data(), c.haadf().data()));
		assertFalse(a.haadfDrift().equals(c.haadfDrift()));
	}

	@Test
	void simulate_addingAnElementChangesNoOtherNoise() {
		Phantom p = coreShell(32);
		Map<String, Volume> more = new LinkedHashMap<>();
		// An absent element first: same HAADF signal, and a new noise stream that must not disturb the others.
		more.put("Pt", Volume.zeros(p.geometry()));
		more.putAll(p.densities());
		Phantom q = new Phantom("core-shell+Pt", more);
		SimulationParameters params = small().withShiftRmsPx(0.5);
		SimulatedData a = SIMULATOR.simulate(p, params), b = SIMULATOR.simulate(q, params);
		assertArrayEquals(a.haadf().data(), b.haadf().data());
		for (String e : p.elements())
			assertArrayEquals(a.chemical().get(e).data(), b.chemical().get(e).data(), e);
		for (float v : b.chemical().get("Pt").data())
			assertEquals(0, v);
	}

	@Test
	void simulate_driftIsClippedGaussianAndSharedByChemicalMaps() {
		SimulationParameters params = SimulationParameters.defaults().withChemAnglesDeg(new double[] { -75, -62.5, 0, 7, 61, 80 }).withShiftRmsPx(1.5).withNoise(false);
		SimulatedData d = SIMULATOR.simulate(Phantoms.blobs(new VolumeGeometry(24, 20, 24), 2), params);
		Alignment s = d.haadfDrift();
		assertEquals(47, s.angleCount());
		double sumSq = 0;
		for (int i = 0; i < s.angleCount(); i++) {
			assertTrue(Math.abs(s.dx(i)) <= 4.5 && Math.abs(s.dy(i)) <= 4.5);
			sumSq += s.dx(i) * s.dx(i) + s.dy(i) * s.dy(i);
		}
		double rms = Math.sqrt(sumSq / (2 * s.angleCount()));
		assertTrue(rms > 1.0 && rms < 2.0, "rms " + rms);
		// HAADF angles are -70 + 3i: -62.5 lies between i = 2 (-64) and i = 3 (-61) at weight 0.5.
		Alignment c = d.chemicalDrift().get("Fe");
		assertEquals(s.dx(0), c.dx(0), 1e-12, "before the first HAADF angle: the first shift");
		assertEquals(0.5 * (s.dx(2) + s.dx(3)), c.dx(1), 1e-12);
		assertEquals(0.5 * (s.dy(2) + s.dy(3)), c.dy(1), 1e-12);
		assertEquals((2 * s.dx(23) + s.dx(24)) / 3, c.dx(2), 1e-12, "0° lies a third of the way from -1° to 2°");
		assertEquals(s.dx(25) + (7 - 5) / 3.0 * (s.dx(26) - s.dx(25)), c.dx(3), 1e-12);
		assertEquals(s.dy(46), c.dy(5), 1e-12, "after the last HAADF angle: the last shift");
		for (String e : d.truth().elements())
			assertEquals(c, d.chemicalDrift().get(e), "one drift for all elements");
	}

	@Test
	void simulate_driftMovesTheCentreOfMassByTheShift() {
		Phantom p = Phantoms.auOnSupport(VolumeGeometry.cube(48), 8);
		SimulationParameters params = small().withNoise(false);
		SimulatedData still = SIMULATOR.simulate(p, params), moved = SIMULATOR.simulate(p, params.withShiftRmsPx(1));
		checkCentreOfMass(still.haadf(), moved.haadf(), moved.haadfDrift());
		for (String e : p.elements())
			checkCentreOfMass(still.chemical().get(e), moved.chemical().get(e), moved.chemicalDrift().get(e));
		assertNotSame(still.haadf(), moved.haadf());
	}

	@Test
	void simulate_driftIsUndoneByApplyingItsAlignment() {
		// NB: the drift is reported as the alignment that undoes it, with the sign of align.Alignment.
		Phantom p = Phantoms.auOnSupport(VolumeGeometry.cube(48), 8);
		SimulationParameters params = small().withNoise(false);
		SimulatedData still = SIMULATOR.simulate(p, params), moved = SIMULATOR.simulate(p, params.withShiftRmsPx(1.5));
		TiltSeries undone = moved.haadfDrift().apply(moved.haadf());
		Alignment none = Alignment.identity(params.haadfAnglesDeg());
		checkCentreOfMass(still.haadf(), undone, none);
		for (String e : p.elements())
			checkCentreOfMass(still.chemical().get(e), moved.chemicalDrift().get(e).apply(moved.chemical().get(e)), none.atAngles(params.chemAnglesDeg()));
	}

	static void checkCentreOfMass(TiltSeries still, TiltSeries moved, Alignment shifts) {
		for (int a = 0; a < still.angleCount(); a++) {
			double[] c0 = centreOfMass(still, a), c1 = centreOfMass(moved, a);
			assertEquals(shifts.dx(a), c1[0] - c0[0], 0.1, "x of projection " + a);
			assertEquals(shifts.dy(a), c1[1] - c0[1], 0.1, "y of projection " + a);
		}
	}

	static double[] centreOfMass(TiltSeries s, int a) {
		double m = 0, mx = 0, my = 0;
		for (int y = 0; y < s.height(); y++)
			for (int x = 0; x < s.width(); x++) {
				double v = s.get(x, y, a);
				m += v;
				mx += v * x;
				my += v * y;
			}
		return new double[] { mx / m, my / m };
	}

	@Test
	void haadfSignal_weightsElementsByZToTheGamma() {
		Volume fe = Volume.zeros(VolumeGeometry.cube(2)), o = Volume.zeros(VolumeGeometry.cube(2));
		fe.set(0, 0, 0, 1);
		o.set(0, 0, 0, 0.5f);
		o.set(1, 1, 1, 1);
		Map<String, Volume> m = new LinkedHashMap<>();
		m.put("Fe", fe);
		m.put("O", o);
		Volume s = Simulator.haadfSignal(new Phantom("two", m), 2);
		assertEquals(26 * 26 + 0.5 * 64, s.get(0, 0, 0), 1e-3);
		assertEquals(64, s.get(1, 1, 1), 1e-4);
		assertEquals(0, s.get(1, 0, 0));
	}
}
