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
		int previous = -1;
		for (int i = 1; i < frequencies.length; i++) {
			if (Double.isNaN(correlations[i]))
				continue;
			double t = criterion.threshold(voxels[i]);
			if (correlations[i] < t) {
				if (previous < 0)
					return frequencies[i];
				double tp = criterion.threshold(voxels[previous]);
				double above = correlations[previous] - tp, below = t - correlations[i];
				return frequencies[previous] + (frequencies[i] - frequencies[previous]) * above / (above + below);
			}
			previous = i;
		}
		return frequencies[frequencies.length - 1];
	}

	/** The resolution in pixels: the period {@code 1 / crossingFrequency}, at least 2 (Nyquist). */
	public double resolutionPx(FscCriterion criterion) {
		return 1 / crossingFrequency(criterion);
	}
}
