package org.fusedtomo.align;

/**
 * Settings of {@link CrossCorrelation}.
 *
 * @param taperFraction fraction of each image axis covered by the cosine edge taper of the Tukey
 *        window, in [0, 1]: 0 is no window, 1 a Hann window
 * @param lowPassSigmaPx σ in pixels of the Gaussian low-pass applied to both images; 0 for none
 * @param highPassSigmaPx σ in pixels of the Gaussian whose blur is subtracted from both images (a
 *        high-pass); 0 for none. The mean is always removed
 * @param maxShiftPx largest shift searched, in pixels per axis (> 0); shifts are also limited to under
 *        half the image size, because the correlation is circular
 * @param peakFit how the sub-pixel peak position is found
 */
public record CrossCorrelationOptions(double taperFraction, double lowPassSigmaPx, double highPassSigmaPx, double maxShiftPx, PeakFit peakFit) {

	/** Sub-pixel peak estimators, each applied along x and y to the peak and its two neighbours. */
	public enum PeakFit {
		/** Vertex of the parabola through the three values. */
		PARABOLIC,
		/** Centre of the Gaussian through the three values (a parabola on their logarithms); parabolic where a value is ≤ 0. */
		GAUSSIAN
	}

	/** Tukey 0.25, low-pass σ 1 px, no high-pass, shifts up to 1/2 of the image, Gaussian peak. */
	public static final CrossCorrelationOptions DEFAULT = new CrossCorrelationOptions(0.25, 1, 0, Double.POSITIVE_INFINITY, PeakFit.GAUSSIAN);

	public CrossCorrelationOptions {
		if (!(taperFraction >= 0 && taperFraction <= 1))
			throw new IllegalArgumentException("Cross-correlation taperFraction must lie in [0, 1], got " + taperFraction);
		if (!(lowPassSigmaPx >= 0) || !Double.isFinite(lowPassSigmaPx))
			throw new IllegalArgumentException("Cross-correlation lowPassSigmaPx must be ≥ 0, got " + lowPassSigmaPx);
		if (!(highPassSigmaPx >= 0) || !Double.isFinite(highPassSigmaPx))
			throw new IllegalArgumentException("Cross-correlation highPassSigmaPx must be ≥ 0, got " + highPassSigmaPx);
		if (!(maxShiftPx > 0))
			throw new IllegalArgumentException("Cross-correlation maxShiftPx must be positive, got " + maxShiftPx);
		if (peakFit == null)
			throw new IllegalArgumentException("Cross-correlation peakFit must not be null; use PARABOLIC or GAUSSIAN");
	}

	/** These options with another low-pass σ (pixels). */
	public CrossCorrelationOptions withLowPass(double sigmaPx) {
		return new CrossCorrelationOptions(taperFraction, sigmaPx, highPassSigmaPx, maxShiftPx, peakFit);
	}

	/** These options with another largest shift (pixels). */
	public CrossCorrelationOptions withMaxShift(double px) {
		return new CrossCorrelationOptions(taperFraction, lowPassSigmaPx, highPassSigmaPx, px, peakFit);
	}
}
