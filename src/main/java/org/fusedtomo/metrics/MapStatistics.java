package org.fusedtomo.metrics;

/**
 * Hold-out-free measures for 2D maps (row-major, {@code width} x {@code height}), used to compare raw
 * and fused chemical maps where no truth exists. None of them proves a fused map right: a smoothed
 * reference keeps only coarse structure, and less fine-scale variation may be less noise or lost detail.
 */
public final class MapStatistics {

	private MapStatistics() {}

	/** Pearson correlation of two maps of equal length; 0 when either is constant. */
	public static double correlation(float[] a, float[] b) {
		if (a.length != b.length || a.length == 0)
			throw new IllegalArgumentException("Correlation needs two non-empty maps of one size, got " + a.length + " and " + b.length + " pixels");
		double ma = 0, mb = 0;
		for (int i = 0; i < a.length; i++) {
			ma += a[i];
			mb += b[i];
		}
		ma /= a.length;
		mb /= b.length;
		double ab = 0, aa = 0, bb = 0;
		for (int i = 0; i < a.length; i++) {
			double da = a[i] - ma, db = b[i] - mb;
			ab += da * db;
			aa += da * da;
			bb += db * db;
		}
		return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
	}

	/**
	 * The map blurred by a Gaussian of {@code sigmaPx} (separable, truncated at 3σ, edges replicated);
	 * {@code sigmaPx = 0} returns a copy.
	 */
	public static float[] gaussian(float[] map, int width, int height, double sigmaPx) {
		checkSize(map, width, height);
		if (!(sigmaPx >= 0))
			throw new IllegalArgumentException("Gaussian sigma must be non-negative, got " + sigmaPx);
		if (sigmaPx == 0)
			return map.clone();
		int r = (int) Math.ceil(3 * sigmaPx);
		double[] k = new double[2 * r + 1];
		double sum = 0;
		for (int i = -r; i <= r; i++)
			sum += k[i + r] = Math.exp(-i * i / (2 * sigmaPx * sigmaPx));
		for (int i = 0; i < k.length; i++)
			k[i] /= sum;
		float[] rows = new float[map.length], out = new float[map.length];
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				double s = 0;
				for (int i = -r; i <= r; i++)
					s += k[i + r] * map[y * width + Math.min(width - 1, Math.max(0, x + i))];
				rows[y * width + x] = (float) s;
			}
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				double s = 0;
				for (int i = -r; i <= r; i++)
					s += k[i + r] * rows[Math.min(height - 1, Math.max(0, y + i)) * width + x];
				out[y * width + x] = (float) s;
			}
		return out;
	}

	/**
	 * Fine-scale variation: the RMS of the map minus its 3 x 3 mean (edges replicated), divided by the
	 * map's standard deviation. White noise gives about 0.94 (√(8/9)); a map smooth on the scale of 3
	 * pixels gives about 0. Noise and real detail finer than 3 pixels both raise it.
	 */
	public static double fineScaleFraction(float[] map, int width, int height) {
		checkSize(map, width, height);
		double mean = 0;
		for (float v : map)
			mean += v;
		mean /= map.length;
		double var = 0, hf = 0;
		for (int y = 0; y < height; y++)
			for (int x = 0; x < width; x++) {
				double s = 0;
				for (int dy = -1; dy <= 1; dy++)
					for (int dx = -1; dx <= 1; dx++)
						s += map[Math.min(height - 1, Math.max(0, y + dy)) * width + Math.min(width - 1, Math.max(0, x + dx))];
				double v = map[y * width + x];
				hf += (v - s / 9) * (v - s / 9);
				var += (v - mean) * (v - mean);
			}
		return var == 0 ? 0 : Math.sqrt(hf / var);
	}

	private static void checkSize(float[] map, int width, int height) {
		if (width < 1 || height < 1 || map.length != (long) width * height)
			throw new IllegalArgumentException("Map of " + map.length + " pixels is not " + width + " x " + height);
	}
}
