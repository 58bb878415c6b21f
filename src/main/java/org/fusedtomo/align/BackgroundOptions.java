package org.fusedtomo.align;

/**
 * Settings of {@link BackgroundSubtraction}.
 *
 * @param method how the background of each projection is estimated
 * @param borderPx width of the frame of edge pixels used by {@link Method#BORDER}, pixels (≥ 1)
 * @param percentile the percentile, in [0, 100], used by {@link Method#PERCENTILE}
 * @param polynomialOrder order of the surface fitted by {@link Method#POLYNOMIAL}: 0 (constant), 1
 *        (plane) or 2 (quadratic)
 * @param sigmaFactor k in the background test {@code value < fit + k·σ} of {@link Method#POLYNOMIAL},
 *        σ being the robust (MAD) spread of the current background residuals; > 0
 * @param maxIterations fit rounds of {@link Method#POLYNOMIAL}, ≥ 1; it stops earlier when the set of
 *        background pixels no longer changes
 * @param clipNegative set values below 0 to 0 after subtraction (DESIGN §1 step 1)
 */
public record BackgroundOptions(Method method, int borderPx, double percentile, int polynomialOrder, double sigmaFactor, int maxIterations,
	boolean clipNegative) {

	/** How the background level is estimated. */
	public enum Method {
		/** No background: the data is left as it is (clipping still applies if asked). */
		NONE,
		/** A constant: the median of a frame {@code borderPx} wide along the image edges. */
		BORDER,
		/** A constant: the given percentile of all pixels of the projection. */
		PERCENTILE,
		/** A low-order polynomial surface fitted by least squares to automatically found background pixels. */
		POLYNOMIAL
	}

	/** A plane over auto-detected background (k = 2.5, up to 20 rounds), negatives clipped. */
	public static final BackgroundOptions DEFAULT = new BackgroundOptions(Method.POLYNOMIAL, 4, 5, 1, 2.5, 20, true);

	public BackgroundOptions {
		if (method == null)
			throw new IllegalArgumentException("Background method must not be null; use NONE, BORDER, PERCENTILE or POLYNOMIAL");
		if (borderPx < 1)
			throw new IllegalArgumentException("Background borderPx must be at least 1, got " + borderPx);
		if (!(percentile >= 0 && percentile <= 100))
			throw new IllegalArgumentException("Background percentile must lie in [0, 100], got " + percentile);
		if (polynomialOrder < 0 || polynomialOrder > 2)
			throw new IllegalArgumentException("Background polynomialOrder must be 0, 1 or 2, got " + polynomialOrder);
		if (!(sigmaFactor > 0) || !Double.isFinite(sigmaFactor))
			throw new IllegalArgumentException("Background sigmaFactor must be a positive number, got " + sigmaFactor);
		if (maxIterations < 1)
			throw new IllegalArgumentException("Background maxIterations must be at least 1, got " + maxIterations);
	}

	/** No subtraction and no clipping. */
	public static BackgroundOptions none() {
		return new BackgroundOptions(Method.NONE, DEFAULT.borderPx, DEFAULT.percentile, 0, DEFAULT.sigmaFactor, 1, false);
	}

	/** These options with negatives clipped or kept. */
	public BackgroundOptions withClipNegative(boolean clip) {
		return new BackgroundOptions(method, borderPx, percentile, polynomialOrder, sigmaFactor, maxIterations, clip);
	}

	/** A constant from the border frame. */
	public static BackgroundOptions border(int borderPx) {
		return new BackgroundOptions(Method.BORDER, borderPx, DEFAULT.percentile, 0, DEFAULT.sigmaFactor, 1, true);
	}

	/** A constant from a low percentile. */
	public static BackgroundOptions percentile(double percentile) {
		return new BackgroundOptions(Method.PERCENTILE, DEFAULT.borderPx, percentile, 0, DEFAULT.sigmaFactor, 1, true);
	}

	/** A polynomial of the given order over auto-detected background, with the default k and rounds. */
	public static BackgroundOptions polynomial(int order) {
		return new BackgroundOptions(Method.POLYNOMIAL, DEFAULT.borderPx, DEFAULT.percentile, order, DEFAULT.sigmaFactor, DEFAULT.maxIterations, true);
	}
}
