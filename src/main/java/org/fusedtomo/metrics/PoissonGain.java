package org.fusedtomo.metrics;

import java.util.Arrays;

import org.fusedtomo.data.TiltSeries;

/**
 * The gain of a tilt series: data units per Poisson count, estimated from the data alone, so that a
 * series of any units (raw counts, counts scaled by a constant, electrons, averaged bins) can be read
 * as counts.
 * <p>
 * From the noise: for Poisson counts scaled by g each pixel's variance is g times its mean. In each 2 × 2
 * block (a b / c d) the diagonal difference h = (a − b − c + d) / 2 cancels a constant and any linear
 * ramp, so E[h²] = g · m with m = (a + b + c + d) / 4. Two estimates follow:
 * <ul>
 * <li>the pooled Σh² / Σm over all blocks, exact for pure noise but raised by edges that are neither
 * horizontal nor vertical (at 80 counts per pixel on 64-pixel simulated particles it reads 1.2–2.5 counts
 * as one; a HAADF image at 10⁴ electrons is all structure to it);</li>
 * <li>the robust median of h² / m divided by 0.455 (the median of χ²₁): edges are a minority of blocks,
 * so they do not move it, but it needs enough counts per pixel for h to be nearly Gaussian.</li>
 * </ul>
 * The pooled estimate is used where the typical block holds fewer than {@link #GAUSSIAN_COUNTS} counts
 * (noise dominates the structure there), the robust one above.
 * <p>
 * From quanta: when every value is a whole multiple of one quantum q (raw counts: q = 1; counts divided
 * by a dose D: q = 1/D; means of 2 × 2 bins: q = 1/4) and the noise agrees (the gain its flattest
 * blocks show is at most {@link #QUANTUM_CONSISTENCY} q), the gain is q, exact whatever the structure. Integer data whose noise
 * says otherwise (a detector's ADC units, many per electron) take the gain from the noise. Structure only adds to
 * the noise estimates, so where it dominates the blocks (their median reads at least {@link #STRUCTURE_SPREAD}
 * times their flattest tenth; pure noise reads both alike) the noise bounds the gain from above only and cannot
 * refute a smaller quantum: a HAADF series at 10⁶ counts per pixel, whose noise is 0.1 % of its signal, reads as
 * 2–3·10³ counts from its noise, and as its counts from its quanta. Quanta are found up to {@link #MAX_QUANTA}
 * counts per value, with a tolerance that allows for the float rounding of counts divided by a dose. Where every block
 * with a count holds an edge (a rod two or three pixels thick: its flattest blocks are edges too, so structure does not
 * seem to dominate) the noise reads a gain well above the quantum and refutes it wrongly; a quantum is then also taken
 * when the faint values read as counts ({@link #faintCounts}): Poisson counts fill every value from 1 to
 * {@link #QUANTUM_CONSISTENCY} quanta at the edges and leave the empty background at exactly 0, whereas a larger gain
 * leaves a gap below one count unless read noise fills it, which scatters zeros among non-zero neighbours. (Session 19:
 * shell-cap-rod's Si at 80 counts had read 8.5 counts as one; 14 of 240 simulated chemical series at 5 to 1000 counts and
 * 33 of 60 simulated HAADF series at 24³–48³ were misread so, none is now: docs/fused-study.md, "Count levels of thin
 * elements".) An element without faint values
 * (sharp edges at thousands of counts, or a background that leaves no zeros) still takes the noise's gain. A binned series
 * ({@link #of(TiltSeries, String, double)} with a pixel area above 1: recorded binned, or averaged by {@code --bin}) takes a
 * quantum found without the noise test.
 * <p>
 * Scale-equivariant: data multiplied by k give k times the gain, so the {@link #countLevel} does not
 * change. Cost: a few passes over the data and a sort of a sample of at most {@link #SAMPLE} values.
 */
public final class PoissonGain {

	/** Counts a level is capped at, so that noiseless data read as very many counts, not infinitely many. */
	public static final double MAX_COUNT_LEVEL = 1e6;
	/** Block counts from which h is Gaussian enough for the robust estimate. */
	static final double GAUSSIAN_COUNTS = 20;
	/** How much larger than a quantum the robust noise gain may be for the quantum to count as one count. */
	static final double QUANTUM_CONSISTENCY = 10;
	/** Median of χ² with one degree of freedom. */
	private static final double CHI_SQUARED_MEDIAN = 0.454936;
	/** 10th percentile of χ² with one degree of freedom. */
	private static final double CHI_SQUARED_TENTH = 0.0157908;
	/**
	 * Largest count a quantum is looked for up to, 2²¹: counts divided by a dose carry a float rounding of
	 * about n · 2⁻²³ quanta (value and quantum), a quarter of a quantum there; beyond it floats no longer
	 * resolve one count.
	 */
	static final double MAX_QUANTA = 1 << 21;
	/** Float rounding of counts divided by a dose, in quanta per quantum counted (value and quantum, 2⁻²⁴ each). */
	static final double QUANTUM_ROUNDING = 0x1p-23;
	/** How much the median block's noise gain must exceed the flattest tenth's for structure to dominate. */
	static final double STRUCTURE_SPREAD = 2;
	/** How far from a whole number of quanta a value may lie, besides {@link #QUANTUM_ROUNDING} (float rounding of small counts). */
	static final double QUANTUM_TOLERANCE = 1e-2;
	/** Largest float rounding, relative to it, of a step between two values that may give the quantum. */
	static final double STEP_RESOLUTION = 1e-3;
	/** Divisors of the smallest step tried as the quantum (a series may lack neighbouring counts). */
	static final int QUANTUM_DIVISORS = 4;
	/**
	 * Share of the zero pixels that must lie in blocks of zeros for the faint values to read as counts: 0.98–0.99 for
	 * shell-cap-rod's simulated counts at 5 to 1000 counts, 0.14–0.59 for the same counts × 12 or × 25 with Gaussian read
	 * noise of 0.5 to 8 units, negatives taken as 0.
	 */
	static final double EMPTY_ZEROS = 0.8;
	/** Values (or blocks) sampled evenly for sorting. */
	static final int SAMPLE = 1 << 20;

	private PoissonGain() {}

	/**
	 * Data units per count of {@code series}, negative values taken as 0; pixels not measured (NaN,
	 * {@link org.fusedtomo.data.MissingData}) and the 2 × 2 blocks that hold one are left out.
	 *
	 * @param name what the series is, for messages
	 * @throws IllegalArgumentException when the series has infinite values, or no 2 × 2 block with a positive sum
	 */
	public static double of(TiltSeries series, String name) {
		return of(series, name, 1);
	}

	/**
	 * {@link #of(TiltSeries, String)} of a series whose pixels each sum or average {@code pixelArea} finer pixels (a chemical
	 * map binned f x f on reading the detector, issue 17 part 5, or averaged f x f by {@code --bin}: quanta of 1/f² then,
	 * the gain of the mean of f² counts): its 2 × 2 blocks span 2f × 2f fine pixels, so
	 * even its flattest blocks hold structure, which grows with the counts faster than the noise; the noise cannot
	 * refute a quantum there, and a quantum found is the gain. (Tested against the noise as full sampling is, a
	 * sparse element binned 4 x 4, core-shell seed 2's Co at 10 counts, read 55 counts as one, and at 10⁴ counts
	 * most binned elements read thousands: docs/fused-study.md, "4× maps, session 14".) Integer maps in ADC units
	 * recorded binned therefore read as counts.
	 */
	public static double of(TiltSeries series, String name, double pixelArea) {
		for (float v : series.data())
			if (Float.isInfinite(v))
				throw new IllegalArgumentException("The " + name + " has infinite values; cannot estimate its noise");
		Noise noise = noise(series, name);
		double quantum = quantum(series.data());
		if (quantum > 0 && (pixelArea > 1 || noise.flattest() <= QUANTUM_CONSISTENCY * quantum || noise.robust() >= STRUCTURE_SPREAD * noise.flattest()
			|| faintCounts(series, quantum)))
			return quantum;
		return noise.typicalBlock() < GAUSSIAN_COUNTS * noise.robust() ? noise.pooled() : noise.robust();
	}

	/**
	 * The series' largest value in estimated counts: its maximum divided by its {@link #of gain}, at most
	 * {@link #MAX_COUNT_LEVEL}.
	 */
	public static double countLevel(TiltSeries series, String name) {
		return countLevel(series, name, 1);
	}

	/** {@link #countLevel(TiltSeries, String)} with the gain {@link #of(TiltSeries, String, double)} of binned pixels. */
	public static double countLevel(TiltSeries series, String name, double pixelArea) {
		float max = 0;
		for (float v : series.data())
			if (v > max)
				max = v;
		return Math.min(MAX_COUNT_LEVEL, max / of(series, name, pixelArea));
	}

	/**
	 * The pooled and robust gains from the noise, the gain read from the flattest tenth of the blocks (the
	 * 10th percentile of h² / m over that of χ²₁: a lower bound where structure dominates most blocks), and
	 * the median block mean (data units).
	 */
	record Noise(double pooled, double robust, double flattest, double typicalBlock) {}

	static Noise noise(TiltSeries series, String name) {
		int w = series.width(), h = series.height();
		long blocks = (long) series.angleCount() * (w / 2) * (h / 2);
		int stride = (int) Math.max(1, blocks / SAMPLE);
		float[] d = series.data();
		double sumSquares = 0, sumMeans = 0;
		double[] ratios = new double[(int) (blocks / stride) + 1], means = new double[ratios.length];
		int sampled = 0;
		long block = 0;
		for (int a = 0; a < series.angleCount(); a++) {
			int off = series.projectionOffset(a);
			for (int y = 0; y + 1 < h; y += 2)
				for (int x = 0; x + 1 < w; x += 2, block++) {
					int at = off + y * w + x;
					if (Float.isNaN(d[at] + d[at + 1] + d[at + w] + d[at + w + 1]))
						continue;
					double p = positive(d[at]), q = positive(d[at + 1]), r = positive(d[at + w]), s = positive(d[at + w + 1]);
					double diagonal = (p - q - r + s) / 2, mean = (p + q + r + s) / 4;
					sumSquares += diagonal * diagonal;
					sumMeans += mean;
					if (mean > 0 && block % stride == 0 && sampled < ratios.length) {
						ratios[sampled] = diagonal * diagonal / mean;
						means[sampled++] = mean;
					}
				}
		}
		if (!(sumMeans > 0))
			throw new IllegalArgumentException("The " + name + " has no positive 2 x 2 block; cannot estimate its count level");
		// NB: noiseless data (a simulation without noise) may have no diagonal difference at all: read it as
		// MAX_COUNT_LEVEL counts at the mean rather than fail.
		double floor = sumMeans / blocks / MAX_COUNT_LEVEL;
		double pooled = Math.max(sumSquares / sumMeans, floor);
		Arrays.sort(ratios, 0, sampled);
		Arrays.sort(means, 0, sampled);
		double robust = Math.max(quantile(ratios, sampled, 0.5) / CHI_SQUARED_MEDIAN, floor);
		double flattest = quantile(ratios, sampled, 0.1) / CHI_SQUARED_TENTH;
		return new Noise(pooled, robust, flattest, quantile(means, sampled, 0.5));
	}

	/**
	 * Whether the faint values of {@code series} read as Poisson counts of {@code quantum}: every value from 1 to
	 * {@link #QUANTUM_CONSISTENCY} quanta occurs, and at least {@link #EMPTY_ZEROS} of the zeros lie in 2 × 2 blocks of
	 * zeros (an empty background). A gain of more quanta than that leaves a gap below one count unless read noise fills
	 * it, and read noise that does scatters zeros (negatives taken as 0) among non-zero neighbours. Edges do neither, so
	 * this holds for thin structures whose every block holds an edge, which the noise cannot tell from a larger gain.
	 */
	static boolean faintCounts(TiltSeries series, double quantum) {
		int w = series.width(), h = series.height(), largest = (int) QUANTUM_CONSISTENCY;
		float[] d = series.data();
		boolean[] seen = new boolean[largest + 1];
		int[] corners = { 0, 1, w, w + 1 };
		long zeros = 0, emptyZeros = 0;
		for (int a = 0; a < series.angleCount(); a++) {
			int off = series.projectionOffset(a);
			for (int y = 0; y + 1 < h; y += 2)
				for (int x = 0; x + 1 < w; x += 2) {
					int at = off + y * w + x;
					if (Float.isNaN(d[at] + d[at + 1] + d[at + w] + d[at + w + 1]))
						continue;
					int blockZeros = 0;
					for (int corner : corners) {
						double n = Math.rint(positive(d[at + corner]) / quantum);
						if (n == 0)
							blockZeros++;
						else if (n <= largest)
							seen[(int) n] = true;
					}
					zeros += blockZeros;
					if (blockZeros == 4)
						emptyZeros += 4;
				}
		}
		for (int k = 1; k <= largest; k++)
			if (!seen[k])
				return false;
		return zeros > 0 && emptyZeros >= EMPTY_ZEROS * zeros;
	}

	/** The {@code fraction} quantile of the first {@code n} values, which are sorted. */
	private static double quantile(double[] sorted, int n, double fraction) {
		return n == 0 ? 0 : sorted[(int) (fraction * n)];
	}

	/**
	 * The largest q such that every value is a whole multiple of q (within {@link #QUANTUM_TOLERANCE} of
	 * q plus float rounding), tried as the smallest step between distinct values (0 included), then the smallest resolved to
	 * {@link #STEP_RESOLUTION}, anchored on the smallest positive value, divided by 1 to
	 * {@link #QUANTUM_DIVISORS}; 0 when there is none, or fewer than three distinct values to tell.
	 */
	static double quantum(float[] data) {
		int stride = Math.max(1, data.length / SAMPLE);
		float[] sample = new float[(data.length + stride - 1) / stride + 1];
		for (int i = 0, k = 0; i < data.length; i += stride)
			sample[k++] = Math.max(0, data[i]);
		Arrays.sort(sample);
		double step = Double.MAX_VALUE, resolvedStep = Double.MAX_VALUE;
		int distinct = 1;
		for (int i = 1; i < sample.length; i++)
			if (sample[i] > sample[i - 1]) {
				distinct++;
				double difference = (double) sample[i] - sample[i - 1];
				step = Math.min(step, difference);
				if (Math.ulp(sample[i]) <= STEP_RESOLUTION * difference)
					resolvedStep = Math.min(resolvedStep, difference);
			}
		if (distinct < 3)
			return 0;
		double smallest = Double.MAX_VALUE;
		for (float v : sample)
			if (v > 0) {
				smallest = v;
				break;
			}
		// NB: the smallest positive value, a whole number of steps, gives the quantum to float precision. A step
		// between two large floats carries their rounding (12 % of one count at 10⁶ counts divided by the dose),
		// so where the smallest step fails, the smallest step resolved to STEP_RESOLUTION of itself is tried.
		for (double candidate : new double[] { step, resolvedStep }) {
			if (candidate == Double.MAX_VALUE)
				continue;
			double anchored = smallest / Math.max(1, Math.rint(smallest / candidate));
			for (int k = 1; k <= QUANTUM_DIVISORS; k++)
				if (allMultiples(data, anchored / k))
					return anchored / k;
		}
		return 0;
	}

	private static boolean allMultiples(float[] data, double q) {
		for (float v : data) {
			if (!(v > 0))
				continue;
			double n = v / q;
			if (n > MAX_QUANTA || Math.abs(n - Math.rint(n)) > QUANTUM_TOLERANCE + n * QUANTUM_ROUNDING)
				return false;
		}
		return true;
	}

	private static double positive(float v) {
		return v > 0 ? v : 0;
	}
}
