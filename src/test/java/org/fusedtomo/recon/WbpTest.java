package org.fusedtomo.recon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.junit.jupiter.api.Test;

class WbpTest {

	@Test
	void run_reconstructsPhantomValuesFromFullRangeProjections() {
		Volume phantom = TestProblems.phantom();
		Projector p = TestProblems.projector(TestProblems.FULL_RANGE);
		Volume x = new Wbp(p, WbpFilter.RAM_LAK, Parallelism.available()).run(p.forward(phantom), Monitor.NONE).volume();
		double nrmse = Nrmse.of(x, phantom);
		double xg = 0, xx = 0;
		for (int i = 0; i < x.data().length; i++) {
			xg += (double) x.data()[i] * phantom.data()[i];
			xx += (double) x.data()[i] * x.data()[i];
		}
		// Voxels outside the inscribed circle of a slice miss rays at oblique tilts (the detector is as
		// wide as the volume), so compare mean levels inside it, where the object lies.
		double meanX = meanInsideCircle(x), meanPhantom = meanInsideCircle(phantom);
		System.out.println("WBP Ram-Lak full range: NRMSE = " + nrmse + ", mean " + meanX + " vs phantom " + meanPhantom + ", LS scale " + xg / xx);
		assertTrue(nrmse < 0.15, "NRMSE " + nrmse);
		// Absolute level, which NRMSE ignores: the mean and the least-squares scale.
		assertEquals(meanPhantom, meanX, 0.01 * meanPhantom);
		assertEquals(1, xg / xx, 0.05);
	}

	private static double meanInsideCircle(Volume v) {
		double sum = 0;
		long count = 0;
		double c = (v.width() - 1) / 2.0, r = v.width() / 2.0 - 1;
		for (int z = 0; z < v.depth(); z++)
			for (int y = 0; y < v.height(); y++)
				for (int x = 0; x < v.width(); x++)
					if ((x - c) * (x - c) + (z - c) * (z - c) <= r * r) {
						sum += v.get(x, y, z);
						count++;
					}
		return sum / count;
	}

	@Test
	void run_withHannBeatsRamLakOnNoisyData() {
		Volume phantom = TestProblems.phantom();
		Projector p = TestProblems.projector(TestProblems.FULL_RANGE);
		TiltSeries b = TestProblems.noisy(p, phantom, 2, 23);
		double ramLak = Nrmse.of(new Wbp(p, WbpFilter.RAM_LAK, Parallelism.available()).run(b, Monitor.NONE).volume(), phantom);
		double hann = Nrmse.of(new Wbp(p, WbpFilter.HANN, Parallelism.available()).run(b, Monitor.NONE).volume(), phantom);
		assertTrue(hann < ramLak, "Hann " + hann + " vs Ram-Lak " + ramLak);
	}

	@Test
	void run_throwsWhenCancelled() {
		Projector p = TestProblems.projector(TestProblems.WEDGE);
		TestProblems.CancelAfter monitor = new TestProblems.CancelAfter(2);
		Wbp wbp = new Wbp(p, WbpFilter.SHEPP_LOGAN, Parallelism.available());
		TiltSeries b = p.forward(TestProblems.phantom());
		assertThrows(CancellationException.class, () -> wbp.run(b, monitor));
		assertEquals(2, monitor.progressCalls);
	}

	@Test
	void angleWeightsRad_sumToPiOverFullRange() {
		double sum = 0;
		for (double w : Wbp.angleWeightsRad(TestProblems.FULL_RANGE))
			sum += w;
		assertEquals(Math.PI, sum, 1e-12);
	}

	@Test
	void angleWeightsRad_weighNonUniformSpacingByHalfTheGaps() {
		// Sorted: 0, 10, 30, 70. Interior: half the neighbour gap; ends: the full gap to their neighbour.
		double[] w = Wbp.angleWeightsRad(new double[] { 30, 0, 70, 10 });
		double[] expectedDeg = { 30, 10, 40, 15 };
		for (int i = 0; i < w.length; i++)
			assertEquals(Math.toRadians(expectedDeg[i]), w[i], 1e-12, "angle index " + i);
	}

	@Test
	void angleWeightsRad_singleAngleGetsPi() {
		assertArrayEquals(new double[] { Math.PI }, Wbp.angleWeightsRad(new double[] { 12 }));
	}

	@Test
	void window_isOneAtZeroFrequency() {
		for (WbpFilter f : WbpFilter.values())
			assertEquals(1, f.window(0), 1e-15, f.name());
		assertEquals(0, WbpFilter.HANN.window(0.5), 1e-15);
		assertEquals(0, WbpFilter.COSINE.window(0.5), 1e-15);
		assertEquals(2 / Math.PI, WbpFilter.SHEPP_LOGAN.window(0.5), 1e-15);
	}
}
