package org.fusedtomo.tune;

/**
 * How {@link AutoLambdas} searches λ_C and λ_TV: a {@code gridSize × gridSize} grid of factors from
 * {@code lowFactor} to {@code highFactor} (log-spaced, 1 included when the size is odd and the range
 * symmetric) times the base values, each point scored by {@code folds}-fold cross-validation on held-out
 * chemical tilts, on data binned {@code bin × bin} in x and y, with the base's fused iterations times
 * {@code iterationFraction}.
 *
 * @param folds k of the k-fold cross-validation (≥ 2); each fold holds out every k-th chemical tilt
 * @param gridSize points per λ (≥ 2)
 * @param lowFactor smallest factor (> 0)
 * @param highFactor largest factor (> lowFactor)
 * @param bin x-y binning of the cross-validation data (≥ 1); the volume depth shrinks by as much
 * @param iterationFraction share of the base's fused iterations that each cross-validation run does (0, 1]
 */
public record AutoLambdaSettings(int folds, int gridSize, double lowFactor, double highFactor, int bin, double iterationFraction) {

	/** 3 folds, 3 × 3 factors 0.25, 1, 4, binned 2×, half the iterations: about 3 reconstructions' time (docs/real-data.md). */
	public static final AutoLambdaSettings DEFAULT = new AutoLambdaSettings(3, 3, 0.25, 4, 2, 0.5);

	/** The fewest chemical tilts that leave every fold of a cross-validation something to learn from and to predict. */
	public static final int MIN_CHEMICAL_TILTS = 3;

	public AutoLambdaSettings {
		if (folds < 2)
			throw new IllegalArgumentException("Cross-validation needs at least 2 folds, got " + folds);
		if (gridSize < 2)
			throw new IllegalArgumentException("The lambda grid needs at least 2 points per lambda, got " + gridSize);
		if (!(lowFactor > 0) || !(highFactor > lowFactor) || !Double.isFinite(highFactor))
			throw new IllegalArgumentException("The lambda factors need 0 < low < high, got " + lowFactor + ".." + highFactor);
		if (bin < 1)
			throw new IllegalArgumentException("The cross-validation bin must be at least 1, got " + bin);
		if (!(iterationFraction > 0 && iterationFraction <= 1))
			throw new IllegalArgumentException("The iteration fraction must lie in (0, 1], got " + iterationFraction);
	}

	/** Chemical tilts each element needs for these folds: {@link #MIN_CHEMICAL_TILTS}, or one per fold if more. */
	public int requiredChemicalTilts() {
		return Math.max(MIN_CHEMICAL_TILTS, folds);
	}

	public AutoLambdaSettings withFolds(int k) {
		return new AutoLambdaSettings(k, gridSize, lowFactor, highFactor, bin, iterationFraction);
	}

	public AutoLambdaSettings withGridSize(int n) {
		return new AutoLambdaSettings(folds, n, lowFactor, highFactor, bin, iterationFraction);
	}

	public AutoLambdaSettings withFactors(double low, double high) {
		return new AutoLambdaSettings(folds, gridSize, low, high, bin, iterationFraction);
	}

	public AutoLambdaSettings withBin(int b) {
		return new AutoLambdaSettings(folds, gridSize, lowFactor, highFactor, b, iterationFraction);
	}

	public AutoLambdaSettings withIterationFraction(double f) {
		return new AutoLambdaSettings(folds, gridSize, lowFactor, highFactor, bin, f);
	}
}
