package org.fusedtomo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.Poisson;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;
import org.junit.jupiter.api.Test;

class PoissonGainTest {

	/** Poisson counts of a smooth image with a bright disc, 40 × 36 pixels, 5 projections, mean {@code level}. */
	private static TiltSeries counts(double level, long seed) {
		Poisson random = new Poisson(seed);
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(40, 36, new double[] { -40, -20, 0, 20, 40 }));
		for (int a = 0; a < 5; a++)
			for (int y = 0; y < 36; y++)
				for (int x = 0; x < 40; x++) {
					double mean = level * (1 + 0.5 * Math.sin(x / 7.0 + a) * Math.cos(y / 9.0));
					s.set(x, y, a, random.sample(mean));
				}
		return s;
	}

	private static TiltSeries scaled(TiltSeries s, double factor, double offset) {
		TiltSeries c = s.copy();
		float[] d = c.data();
		for (int i = 0; i < d.length; i++)
			d[i] = (float) (d[i] * factor + offset);
		return c;
	}

	@Test
	void of_rawCountsHaveGainOne() {
		assertEquals(1, PoissonGain.of(counts(3, 1), "counts"), 1e-12);
		assertEquals(1, PoissonGain.of(counts(200, 2), "counts"), 1e-12);
	}

	@Test
	void of_countsTimesAConstantHaveThatGain() {
		TiltSeries c = counts(20, 3);
		assertEquals(3.7, PoissonGain.of(scaled(c, 3.7, 0), "scaled"), 3.7e-6);
		assertEquals(1e-4, PoissonGain.of(scaled(c, 1e-4, 0), "per dose"), 1e-9);
	}

	@Test
	void countLevel_isTheSameForCountsInAnyUnit() {
		TiltSeries c = counts(20, 4);
		double level = PoissonGain.countLevel(c, "counts");
		assertEquals(level, PoissonGain.countLevel(scaled(c, 0.0371, 0), "scaled"), 1e-4 * level);
		float max = 0;
		for (float v : c.data())
			max = Math.max(max, v);
		assertEquals(max, level, 1e-9);
	}

	/** Without quanta (an offset breaks them) the gain comes from the noise: within 10% on a smooth image. */
	@Test
	void of_unquantisedDataTakeTheGainFromTheNoise() {
		TiltSeries c = counts(50, 5);
		double gain = PoissonGain.of(scaled(c, 2.5, 0.9), "offset");
		assertEquals(2.5, gain, 0.25);
		assertEquals(0, PoissonGain.quantum(scaled(c, 2.5, 0.9).data()));
	}

	@Test
	void of_noiselessDataReadAsTheLargestCountLevel() {
		TiltSeries ramp = scaled(counts(1, 6), 0, 0.75);
		for (int a = 0; a < ramp.angleCount(); a++)
			for (int y = 0; y < ramp.height(); y++)
				for (int x = 0; x < ramp.width(); x++)
					ramp.set(x, y, a, (float) (0.75 + 0.0123 * x + 0.0071 * y + 0.01 * a));
		assertEquals(PoissonGain.MAX_COUNT_LEVEL, PoissonGain.countLevel(ramp, "ramp"), 1e-3 * PoissonGain.MAX_COUNT_LEVEL);
	}

	@Test
	void of_rejectsEmptyAndNonFiniteData() {
		TiltSeries zeros = scaled(counts(5, 7), 0, 0);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PoissonGain.of(zeros, "Co series"));
		assertTrue(e.getMessage().contains("Co series"), e.getMessage());
		TiltSeries infinite = scaled(counts(5, 7), 2, 0);
		infinite.data()[17] = Float.POSITIVE_INFINITY;
		assertThrows(IllegalArgumentException.class, () -> PoissonGain.of(infinite, "Mn series"));
		// a pixel not measured (NaN: MissingData) is left out, not refused: the gain of 2 counts per unit holds
		TiltSeries missing = scaled(counts(5, 7), 2, 0);
		missing.data()[17] = Float.NaN;
		assertEquals(2, PoissonGain.of(missing, "Mn series"), 1e-9);
	}

	/**
	 * Pixels not measured (NaN, as align writes where a shift brought nothing in) are left out: a band of them on every
	 * projection leaves the gain of counts at 1 and that of non-integer data (no quantum: the noise decides) within 2 %
	 * of the complete series', and the count level finite.
	 */
	@Test
	void of_leavesMissingPixelsOut() {
		TiltSeries c = counts(60, 8), jittered = scaled(c, 0.5, 0);
		java.util.Random r = new java.util.Random(3);
		for (int i = 0; i < jittered.data().length; i++)
			jittered.data()[i] += (float) (1e-3 * r.nextDouble());
		double complete = PoissonGain.of(jittered, "jittered");
		for (TiltSeries s : new TiltSeries[] { c, jittered })
			for (int a = 0; a < 5; a++)
				for (int y = 0; y < 36; y++)
					for (int x = 0; x < 5 + a; x++)
						s.set(x, y, a, Float.NaN);
		assertEquals(1, PoissonGain.of(c, "counts"), 1e-12);
		assertEquals(complete, PoissonGain.of(jittered, "jittered"), 0.02 * complete);
		assertTrue(Double.isFinite(PoissonGain.countLevel(jittered, "jittered")));
	}

	/** Integer data whose noise is far above one unit (a detector's ADC units) are not read as counts. */
	@Test
	void of_integerDataWithMoreNoiseTakeTheGainFromTheNoise() {
		TiltSeries c = counts(60, 8);
		TiltSeries adc = scaled(c, 7, 0);
		float[] d = adc.data();
		for (int i = 0; i < d.length; i++)
			d[i] = Math.round(d[i] / 3f) * 3 + 1;
		double gain = PoissonGain.of(adc, "ADC");
		assertTrue(gain > 5 && gain < 9, "gain " + gain);
	}

	/** Structure at the pixel scale raises the pooled estimate; at many counts per pixel the robust one is used. */
	@Test
	void of_sharpEdgesAtManyCountsDoNotLowerTheCountLevel() {
		Poisson random = new Poisson(9);
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(48, 48, new double[] { 0, 30 }));
		for (int a = 0; a < 2; a++)
			for (int y = 0; y < 48; y++)
				for (int x = 0; x < 48; x++)
					s.set(x, y, a, (float) (random.sample((x - 24) * (x - 24) + (y - 20) * (y - 20) < 90 + 30 * a ? 2000 : 200) * 0.37 + 0.2));
		assertEquals(0.37, PoissonGain.of(s, "disc"), 0.06);
	}

	/**
	 * Simulated HAADF series (core-shell, 32³, 24 tilts; counts divided by the dose, as the simulator writes them)
	 * read as the counts at their brightest pixel within 0.1 % at 10², 10⁴ and 10⁶ counts (10⁶ is also the cap,
	 * {@link PoissonGain#MAX_COUNT_LEVEL}, which the brightest pixel's 1.0006·10⁶ counts pass). At 10⁶ the noise
	 * (0.1 % of the signal) is far below the phantom's pixel-scale structure, which read it as about 2.7·10³ counts
	 * before the quanta of such series were trusted where structure dominates.
	 */
	@Test
	void countLevel_ofSimulatedHaadfAtEachDoseIsItsCounts() {
		double[] angles = new double[24];
		for (int i = 0; i < angles.length; i++)
			angles[i] = -69 + 6 * i;
		var phantom = Phantoms.create(Phantoms.CORE_SHELL, VolumeGeometry.cube(32), 3);
		for (double dose : new double[] { 1e2, 1e4, 1e6 }) {
			TiltSeries haadf = new Simulator(new Parallelism(1)).simulate(phantom,
				SimulationParameters.defaults().withHaadfAnglesDeg(angles).withHaadfDose(dose).withSeed(5)).haadf();
			float max = 0;
			for (float v : haadf.data())
				max = Math.max(max, v);
			double counts = max * dose;
			assertEquals(counts, PoissonGain.countLevel(haadf, "HAADF"), 1e-3 * counts, "dose " + dose);
		}
	}

	/** Raw counts up to 9·10⁵ per pixel (below the cap of 10⁶) read as counts. */
	@Test
	void countLevel_ofMillionsOfCountsIsTheirMaximum() {
		TiltSeries c = counts(6e5, 10);
		float max = 0;
		for (float v : c.data())
			max = Math.max(max, v);
		assertEquals(max, PoissonGain.countLevel(c, "counts"), 1e-3 * max);
	}

	/**
	 * Poisson counts of a thin rod's projections, 64 × 64, 9 tilts: a Gaussian profile across it of 0.5 pixels (1.2 pixels
	 * at half height), 49 pixels long, {@code peak} counts on its axis (averaged over 4 × 4 points per pixel), turning by
	 * 20° per tilt, nothing around it. Every 2 × 2 block with a count holds an edge.
	 */
	private static TiltSeries rod(double peak, long seed) {
		Poisson random = new Poisson(seed);
		double[] angles = new double[9];
		for (int a = 0; a < 9; a++)
			angles[a] = -60 + 15 * a;
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(64, 64, angles));
		for (int a = 0; a < 9; a++) {
			double c = Math.cos(Math.toRadians(20 * a + 10)), sn = Math.sin(Math.toRadians(20 * a + 10));
			for (int y = 0; y < 64; y++)
				for (int x = 0; x < 64; x++) {
					double mean = 0;
					for (int j = 0; j < 4; j++)
						for (int i = 0; i < 4; i++) {
							double u = x + (i + 0.5) / 4 - 32.3, v = y + (j + 0.5) / 4 - 31.7;
							double along = u * c + v * sn, across = -u * sn + v * c;
							mean += peak * Math.exp(-2 * across * across) * Math.max(0, Math.min(1, 24.5 - Math.abs(along))) / 16;
						}
					s.set(x, y, a, random.sample(mean));
				}
		}
		return s;
	}

	/**
	 * Counts of a structure thinner than a 2 × 2 block are read as counts at 80 and 1000 counts on its axis (every block
	 * with a count holds an edge, which the noise read as 7.2 and 76 counts per count before the faint values were
	 * consulted: docs/fused-study.md, "Count levels of thin elements"). The same counts in a detector's units, 25 per
	 * count, are not read as counts, whether read noise fills the values below one count (8 units, negatives 0) or each
	 * count's own spread does (5 units per count, no read noise): the gain read is at least the 25 units of one count,
	 * so the count level is not overstated.
	 */
	@Test
	void of_countsOfAThinRodAreCounts() {
		java.util.Random noise = new java.util.Random(4);
		for (double peak : new double[] { 80, 1000 }) {
			TiltSeries counts = rod(peak, 11);
			assertEquals(1, PoissonGain.of(counts, "rod"), 1e-12, "peak " + peak);
			for (boolean readNoise : new boolean[] { true, false }) {
				TiltSeries adc = counts.copy();
				float[] d = adc.data();
				for (int i = 0; i < d.length; i++)
					d[i] = Math.max(0, Math.round(25 * d[i] + (readNoise ? 8 : 5 * Math.sqrt(d[i])) * noise.nextGaussian()));
				assertEquals(1, PoissonGain.quantum(d), 1e-12);
				double gain = PoissonGain.of(adc, "ADC rod");
				assertTrue(gain >= 25, "peak " + peak + (readNoise ? ", read noise" : ", spread per count") + ": gain " + gain);
			}
		}
	}
}
