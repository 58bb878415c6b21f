package org.fusedtomo.recon.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.fusedtomo.parallel.VectorKernels;
import org.junit.jupiter.api.Test;

class PowerKernelTest {

	/** Random values of all magnitudes and signs, with the special floats among them. */
	private static float[] awkward(int n, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		float[] a = new float[n];
		for (int i = 0; i < n; i++)
			a[i] = (float) ((random.nextBoolean() ? 1 : -0.5) * Math.exp(random.nextDouble(-40, 40)));
		float[] special = { 0, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, 1, -1 };
		for (int k = 0; k < special.length && 3 * k < n; k++)
			a[3 * k] = special[k];
		return a;
	}

	private static PowerKernel vectorKernel() {
		assumeTrue(VectorKernels.available(), "needs --add-modules jdk.incubator.vector");
		PowerKernel vector = PowerKernel.fastest();
		assertTrue(vector instanceof VectorPowerKernel, vector.getClass().getName());
		return vector;
	}

	@Test
	void powers_plainKernelIsMathPowOfPositiveValues() {
		float[] x = awkward(40, 3);
		double[] out = new double[40];
		ScalarPowerKernel.INSTANCE.powers(x, 5, 35, 1.6, out);
		for (int i = 5; i < 35; i++)
			assertEquals(x[i] > 0 ? Math.pow(x[i], 1.6) : 0, out[i - 5], 0, "voxel " + i);
	}

	@Test
	void powers_vectorKernelIsWithin1e13OfMathPow() {
		PowerKernel vector = vectorKernel();
		for (double exponent : new double[] { 0, 0.3, 0.6, 1, 1.6, 2.3, 3, 4, 6, 7.5 })
			for (int n : new int[] { 1, 7, 37, 1000 }) {
				float[] x = awkward(n, n);
				int from = n / 5, to = n - n / 7;
				double[] out = new double[n];
				vector.powers(x, from, to, exponent, out);
				for (int i = from; i < to; i++) {
					double expected = x[i] > 0 ? Math.pow(x[i], exponent) : 0, actual = out[i - from];
					if (exponent == 1 || !Double.isFinite(expected) || expected == 0)
						assertEquals(expected, actual, 0, "x " + x[i] + "^" + exponent);
					else
						assertEquals(expected, actual, 1e-13 * expected, "x " + x[i] + "^" + exponent);
				}
			}
	}

	@Test
	void powers_vectorKernelSkipsEmptySpaceAndHandlesInfinity() {
		PowerKernel vector = vectorKernel();
		float[] x = new float[64];
		x[40] = Float.POSITIVE_INFINITY;
		x[41] = 2;
		double[] out = new double[64];
		Arrays.fill(out, Double.NaN);
		vector.powers(x, 0, 64, 1.6, out);
		for (int i = 0; i < 64; i++)
			assertEquals(i == 40 ? Double.POSITIVE_INFINITY : i == 41 ? Math.pow(2, 1.6) : 0, out[i], 1e-13, "voxel " + i);
	}
}
