package org.fusedtomo.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The counting quantiles pick the value {@code Arrays.sort} puts at the rank, also when the data come in parts. */
class PercentilesTest {

	@Test
	void valuesAreThoseOfTheSortedArray() {
		Random r = new Random(5);
		float[] data = new float[20011];
		for (int i = 0; i < data.length; i++)
			data[i] = i % 7 == 0 ? 0f : i % 11 == 0 ? -0f : i % 13 == 0 ? 1.5f : (float) (r.nextGaussian() * Math.pow(10, r.nextInt(9) - 4));
		data[17] = Float.NEGATIVE_INFINITY;
		data[18] = Float.POSITIVE_INFINITY;
		float[] sorted = data.clone();
		Arrays.sort(sorted);
		for (double q : new double[] { 0, 0.005, 0.1, 0.3, 0.5, 0.995, 1 }) {
			float[] v = Percentiles.of(data, q, q);
			assertEquals(Float.floatToIntBits(sorted[(int) Math.floor(q * (data.length - 1))]), Float.floatToIntBits(v[0]), "low " + q);
			assertEquals(Float.floatToIntBits(sorted[(int) Math.ceil(q * (data.length - 1))]), Float.floatToIntBits(v[1]), "high " + q);
		}
	}

	@Test
	void countsOfPartsAddUpToTheWholeArraysQuantile() {
		// NB: the counts go as non-zero pairs, as the slabs send them.
		Random r = new Random(8);
		float[] data = new float[5000];
		for (int i = 0; i < data.length; i++)
			data[i] = r.nextFloat() * 100 - 30;
		int[] cuts = { 0, 1, 2500, 5000 };
		long rank = Percentiles.rank(data.length, 0.995, true);
		long[] coarse = new long[Percentiles.BUCKETS];
		for (int i = 0; i + 1 < cuts.length; i++)
			Percentiles.addNonZero(coarse, Percentiles.nonZero(Percentiles.coarse(data, cuts[i], cuts[i + 1])));
		long[] where = Percentiles.locate(coarse, rank);
		long[] fine = new long[Percentiles.BUCKETS];
		for (int i = 0; i + 1 < cuts.length; i++)
			Percentiles.addNonZero(fine, Percentiles.nonZero(Percentiles.fine(data, cuts[i], cuts[i + 1], (int) where[0])));
		float value = Percentiles.value((int) where[0], (int) Percentiles.locate(fine, where[1])[0]);
		float[] sorted = data.clone();
		Arrays.sort(sorted);
		assertEquals(sorted[(int) rank], value);
	}
}
