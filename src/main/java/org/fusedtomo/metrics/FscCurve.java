package org.fusedtomo.metrics;

/**
 * A Fourier shell correlation curve: per shell its centre frequency (cycles per pixel, 0 to the Nyquist
 * frequency 0.5), the correlation (−1 to 1, NaN for an empty shell) and the number of Fourier voxels
 * in it. Arrays are copied in and out.
 */
public record FscCurve(double[] frequencies, double[] correlations, long[] voxels) {

	public FscCurve {
		if (frequencies.length != correlations.length || frequencies.length != voxels.length)
			throw new IllegalArgumentException("FSC curve arrays must have one length, got " + frequencies.length + ", " + correlations.length + " and " + voxels.length);
		if (frequencies.length < 2)
			throw new IllegalArgumentException("An FSC curve needs at least 2 shells, got " + frequencies.length);
		frequencies = frequencies.clone();
		correlations = correlations.clone();
		voxels = voxels.clone();
	}

	@Override
	public double[] frequencies() {
		return frequencies.clone();
	}

	@Override
	public double[] correlations() {
		return correlations.clone();
	}

	@Override
	public long[] voxels() {
		return voxels.clone();
	}

	public int shellCount() {
		return frequencies.length;
	}

	/**
	 * The frequency (cycles per pixel) where the curve first falls below the criterion, searching up from
	 * shell 1 (shell 0 is the mean), linearly interpolated between the two shells around the crossing;
	 * empty shells are skipped. The last shell's frequency when it never falls below; the first
	 * non-empty shell's when it starts below.
	 */
	public double crossingFrequency(FscCriterion criterion) {
		int i = firstBelow(criterion), previous = -1;
		if (i < 0)
			return frequencies[frequencies.length - 1];
		for (int k = i - 1; k >= 1 && previous < 0; k--)
			if (!Double.isNaN(correlations[k]))
				previous = k;
		if (previous < 0)
			return frequencies[i];
		double tp = criterion.threshold(voxels[previous]), t = criterion.threshold(voxels[i]);
		double above = correlations[previous] - tp, below = t - correlations[i];
		return frequencies[previous] + (frequencies[i] - frequencies[previous]) * above / (above + below);
	}

	/**
	 * Whether the curve falls below the criterion at some shell: false when it stays above up to the last
	 * shell, where {@link #crossingFrequency} is the sampling's limit (Nyquist), a bound and not a measurement.
	 */
	public boolean crosses(FscCriterion criterion) {
		return firstBelow(criterion) >= 0;
	}

	/** The first non-empty shell from 1 up whose correlation is below the criterion, or -1. */
	private int firstBelow(FscCriterion criterion) {
		for (int i = 1; i < frequencies.length; i++)
			if (!Double.isNaN(correlations[i]) && correlations[i] < criterion.threshold(voxels[i]))
				return i;
		return -1;
	}

	/** The resolution in pixels: the period {@code 1 / crossingFrequency}, at least 2 (Nyquist). */
	public double resolutionPx(FscCriterion criterion) {
		return 1 / crossingFrequency(criterion);
	}
}
