package org.fusedtomo.metrics;

/**
 * Exact quantiles of float data by two counting passes instead of a sort, so that data held in parts (slabs on
 * separate machines) can be ranked without gathering it: each part counts its values by the high 16 bits of
 * their order-preserving key ({@link #coarse}); the counts, added over parts, name the bucket that holds the
 * wanted rank ({@link #locate}); each part then counts the low 16 bits of its values in that bucket
 * ({@link #fine}), and the added counts give the value. The value at rank r is the one {@code Arrays.sort}
 * puts at index r (the same order: −0 before +0, NaN last). Counts are 2¹⁶ longs (512 KiB) per pass; parts
 * send only their non-zero ones ({@link #nonZero}).
 */
public final class Percentiles {

	/** Buckets per pass: 16 bits of the key. */
	public static final int BUCKETS = 1 << 16;

	private Percentiles() {}

	/** The values at the two quantiles (fractions in [0, 1]) of {@code data}: ranks ⌊low (n − 1)⌋ and ⌈high (n − 1)⌉. */
	public static float[] of(float[] data, double low, double high) {
		long[] ranks = { rank(data.length, low, false), rank(data.length, high, true) };
		long[] counts = coarse(data, 0, data.length);
		float[] values = new float[2];
		for (int i = 0; i < 2; i++) {
			long[] where = locate(counts, ranks[i]);
			int bucket = (int) where[0];
			values[i] = value(bucket, (int) locate(fine(data, 0, data.length, bucket), where[1])[0]);
		}
		return values;
	}

	/** The rank (0-based index in sorted order) of quantile {@code q} of {@code n} values, rounded down or up. */
	public static long rank(long n, double q, boolean up) {
		if (n < 1)
			throw new IllegalArgumentException("Quantiles need at least one value");
		double r = q * (n - 1);
		return up ? (long) Math.ceil(r) : (long) Math.floor(r);
	}

	/** An unsigned key whose order is {@code Float.compare}'s. */
	static int key(float f) {
		int bits = Float.floatToIntBits(f);
		return bits < 0 ? ~bits : bits | 0x80000000;
	}

	/** The first pass: counts of values {@code [from, to)} by the high 16 bits of their key. */
	public static long[] coarse(float[] data, int from, int to) {
		long[] counts = new long[BUCKETS];
		for (int i = from; i < to; i++)
			counts[key(data[i]) >>> 16]++;
		return counts;
	}

	/** The second pass: counts of the values {@code [from, to)} in {@code bucket} by the low 16 bits of their key. */
	public static long[] fine(float[] data, int from, int to, int bucket) {
		long[] counts = new long[BUCKETS];
		for (int i = from; i < to; i++) {
			int k = key(data[i]);
			if (k >>> 16 == bucket)
				counts[k & 0xffff]++;
		}
		return counts;
	}

	/**
	 * The non-zero entries of {@code counts} as pairs {bucket, count, bucket, count, ...}: what a part sends
	 * instead of all 2¹⁶ counts (a part's values fill few buckets of a pass).
	 */
	public static long[] nonZero(long[] counts) {
		int n = 0;
		for (long c : counts)
			if (c != 0)
				n++;
		long[] pairs = new long[2 * n];
		for (int b = 0, i = 0; b < counts.length; b++)
			if (counts[b] != 0) {
				pairs[i++] = b;
				pairs[i++] = counts[b];
			}
		return pairs;
	}

	/** Adds the counts given as {@link #nonZero} pairs to {@code sum}; returns sum. */
	public static long[] addNonZero(long[] sum, long[] pairs) {
		for (int i = 0; i < pairs.length; i += 2)
			sum[(int) pairs[i]] += pairs[i + 1];
		return sum;
	}

	/** The bucket of {@code counts} that holds rank {@code rank}, and the rank within it: {bucket, rank in bucket}. */
	public static long[] locate(long[] counts, long rank) {
		long below = 0;
		for (int b = 0; b < counts.length; b++) {
			if (rank < below + counts[b])
				return new long[] { b, rank - below };
			below += counts[b];
		}
		throw new IllegalArgumentException("Rank " + rank + " of " + below + " values");
	}

	/** The value whose key has the high bits {@code bucket} and the low bits {@code low}. */
	public static float value(int bucket, int low) {
		int k = bucket << 16 | low;
		return Float.intBitsToFloat(k < 0 ? k & 0x7fffffff : ~k);
	}
}
