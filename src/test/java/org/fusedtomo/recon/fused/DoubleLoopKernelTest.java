package org.fusedtomo.recon.fused;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;

import org.fusedtomo.parallel.VectorKernels;
import org.junit.jupiter.api.Test;

class DoubleLoopKernelTest {

	/** Values of all magnitudes and both signs, with the special floats among them. */
	private static float[] awkward(int n, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		float[] a = new float[n];
		for (int i = 0; i < n; i++)
			a[i] = (float) ((random.nextBoolean() ? 1 : -1) * Math.exp(random.nextDouble(-30, 30)));
		float[] special = { 0, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE, 1 };
		for (int k = 0; k < special.length && 5 * k < n; k++)
			a[5 * k] = special[k];
		return a;
	}

	private static DoubleLoopKernel vectorKernel() {
		assumeTrue(VectorKernels.available(), "needs --add-modules jdk.incubator.vector");
		DoubleLoopKernel vector = DoubleLoopKernel.fastest();
		assertTrue(vector instanceof VectorDoubleLoopKernel, vector.getClass().getName());
		return vector;
	}

	@Test
	void plainKernel_isTheSolversFormulaInDouble() {
		float[] y = awkward(30, 1), g = awkward(30, 2), c = awkward(30, 3), p = awkward(30, 4), z = new float[30], e = new float[30];
		ScalarDoubleLoopKernel.INSTANCE.gradientStep(y, g, 3.7, z, 4, 27);
		ScalarDoubleLoopKernel.INSTANCE.extrapolate(c, y, p, 0.6, 0.3, e, 4, 27);
		for (int i = 4; i < 27; i++) {
			assertEquals((float) ((double) y[i] - (double) g[i] / 3.7), z[i], 0, "gradient step at " + i);
			double v = (double) c[i] + 0.6 * (double) (y[i] - c[i]) + 0.3 * (double) (c[i] - p[i]);
			assertEquals(v > 0 ? (float) v : 0f, e[i], 0, "extrapolation at " + i);
		}
		assertEquals(0f, z[3], 0, "outside the range");
		assertEquals(0f, e[27], 0, "outside the range");
		float[] gradient = { 5, 6, 7, 8 };
		ScalarDoubleLoopKernel.INSTANCE.chainRule(new double[] { 0.5, 0.25 }, 2, new float[] { 0, 4, 8, 0 }, gradient, 0.5, true, 1, 2);
		assertArrayEquals(new float[] { 5, 4 + 3, 4 + 3.5f, 8 }, gradient, 0);
		ScalarDoubleLoopKernel.INSTANCE.chainRule(new double[] { 0.5, 0.25 }, 2, new float[] { 0, 4, 8, 0 }, gradient, 0.5, false, 1, 2);
		assertArrayEquals(new float[] { 5, 4, 4, 8 }, gradient, 0);
	}

	@Test
	void vectorKernel_equalsThePlainOneBitForBit() {
		DoubleLoopKernel vector = vectorKernel();
		for (int n : new int[] { 1, 15, 16, 17, 37, 1000 }) {
			float[] y = awkward(n, n), g = awkward(n, n + 1), c = awkward(n, n + 2), p = awkward(n, n + 3);
			int from = n / 5, to = n - n / 7;
			for (double l : new double[] { 1, 0.37, 2.9e5 }) {
				float[] expected = new float[n], actual = new float[n];
				ScalarDoubleLoopKernel.INSTANCE.gradientStep(y, g, l, expected, from, to);
				vector.gradientStep(y, g, l, actual, from, to);
				assertBitsEqual(expected, actual, "gradient step, n " + n + ", l " + l);
			}
			for (double[] ab : new double[][] { { 1, 0 }, { 0.7, 0.25 }, { 0.55, 0.45 } }) {
				float[] expected = new float[n], actual = new float[n];
				ScalarDoubleLoopKernel.INSTANCE.extrapolate(c, y, p, ab[0], ab[1], expected, from, to);
				vector.extrapolate(c, y, p, ab[0], ab[1], actual, from, to);
				assertBitsEqual(expected, actual, "extrapolation, n " + n + ", a " + ab[0] + ", b " + ab[1]);
			}
		}
	}

	@Test
	void vectorKernel_chainRule_equalsThePlainOneBitForBit() {
		DoubleLoopKernel vector = vectorKernel();
		for (int n : new int[] { 1, 15, 16, 17, 37, 1000 }) {
			float[] back = awkward(n + 9, n + 1), g = awkward(n + 9, n + 2);
			double[] values = new double[n];
			float[] source = awkward(n, n + 3);
			for (int k = 0; k < n; k++)
				values[k] = source[k] * 1.000000123456789;
			int at = 9 - n % 9;
			for (boolean addChemical : new boolean[] { false, true }) {
				float[] expected = g.clone(), actual = g.clone();
				ScalarDoubleLoopKernel.INSTANCE.chainRule(values.clone(), 1.6 * 0.8, back, expected, 0.008, addChemical, at, n);
				vector.chainRule(values.clone(), 1.6 * 0.8, back, actual, 0.008, addChemical, at, n);
				assertBitsEqual(expected, actual, "chain rule, n " + n + ", chemical " + addChemical);
			}
		}
	}

	/** Equal floats, told apart by sign of zero; any NaN equals any other (the payload of a NaN is no result). */
	private static void assertBitsEqual(float[] expected, float[] actual, String what) {
		for (int i = 0; i < expected.length; i++)
			assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), what + " at " + i + ": " + expected[i] + " vs " + actual[i]);
	}
}
