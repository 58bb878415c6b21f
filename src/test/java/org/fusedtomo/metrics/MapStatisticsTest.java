package org.fusedtomo.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class MapStatisticsTest {

	@Test
	void correlation_isOneForAnAffineCopyMinusOneForANegatedOneAndZeroForAConstant() {
		float[] a = { 1, 2, 4, 8 };
		assertEquals(1, MapStatistics.correlation(a, new float[] { 3, 5, 9, 17 }), 1e-12);
		assertEquals(-1, MapStatistics.correlation(a, new float[] { -1, -2, -4, -8 }), 1e-12);
		assertEquals(0, MapStatistics.correlation(a, new float[] { 7, 7, 7, 7 }));
		assertThrows(IllegalArgumentException.class, () -> MapStatistics.correlation(a, new float[3]));
	}

	@Test
	void gaussian_keepsAConstantAndTheSumOfAnInteriorImpulse() {
		float[] flat = new float[12 * 10];
		Arrays.fill(flat, 2.5f);
		float[] smooth = MapStatistics.gaussian(flat, 12, 10, 1.5);
		for (float v : smooth)
			assertEquals(2.5f, v, 1e-5f);
		float[] impulse = new float[21 * 21];
		impulse[10 * 21 + 10] = 1;
		float[] blurred = MapStatistics.gaussian(impulse, 21, 21, 1);
		double sum = 0;
		for (float v : blurred)
			sum += v;
		assertEquals(1, sum, 1e-5);
		// Separable Gaussian: the value one pixel off the centre relative to the centre is exp(−1/2).
		assertEquals(Math.exp(-0.5), blurred[10 * 21 + 11] / blurred[10 * 21 + 10], 1e-5);
		assertArrayEquals(impulse, MapStatistics.gaussian(impulse, 21, 21, 0));
	}

	@Test
	void fineScaleFraction_isAboutSqrtEightNinthsForWhiteNoiseAndZeroForARamp() {
		SplittableRandom r = new SplittableRandom(123);
		int n = 200;
		float[] noise = new float[n * n];
		for (int i = 0; i < noise.length; i++)
			noise[i] = (float) r.nextDouble();
		assertEquals(Math.sqrt(8.0 / 9), MapStatistics.fineScaleFraction(noise, n, n), 0.01);
		float[] ramp = new float[n * n];
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++)
				ramp[y * n + x] = x + 2 * y;
		// A linear map equals its 3 x 3 mean except on the replicated edges.
		assertEquals(0, MapStatistics.fineScaleFraction(ramp, n, n), 0.01);
	}
}
