package org.fusedtomo.align;

import java.util.List;

/**
 * Settings of {@link ProjectionMatching}.
 *
 * @param binnings bin factors of the resolution levels, run in this order (e.g. 4, 2, 1); each ≥ 1
 * @param sirtIterations non-negative SIRT iterations per reconstruction (≥ 1)
 * @param maxIterations largest number of reconstruct–reproject–match rounds per level (≥ 1)
 * @param damping fraction of each measured shift that is applied, in (0, 1]
 * @param tolerancePx a level ends when the RMS applied update falls below this, in full-size pixels (> 0)
 * @param correlation how data and reprojection are cross-correlated; its maxShiftPx is in binned pixels
 */
public record ProjectionMatchingOptions(List<Integer> binnings, int sirtIterations, int maxIterations, double damping, double tolerancePx,
	CrossCorrelationOptions correlation) {

	/** Levels 4, 2, 1; 10 SIRT iterations; up to 8 rounds per level; damping 0.8; tolerance 0.05 px; shifts up to 4 binned px. */
	public static final ProjectionMatchingOptions DEFAULT = new ProjectionMatchingOptions(List.of(4, 2, 1), 10, 8, 0.8, 0.05,
		new CrossCorrelationOptions(0.1, 0.75, 0, 4, CrossCorrelationOptions.PeakFit.GAUSSIAN));

	public ProjectionMatchingOptions {
		if (binnings == null || binnings.isEmpty())
			throw new IllegalArgumentException("Projection matching needs at least one bin factor, got " + binnings);
		for (Integer b : binnings)
			if (b == null || b < 1)
				throw new IllegalArgumentException("Projection matching bin factors must be ≥ 1, got " + binnings);
		binnings = List.copyOf(binnings);
		if (sirtIterations < 1)
			throw new IllegalArgumentException("Projection matching sirtIterations must be at least 1, got " + sirtIterations);
		if (maxIterations < 1)
			throw new IllegalArgumentException("Projection matching maxIterations must be at least 1, got " + maxIterations);
		if (!(damping > 0 && damping <= 1))
			throw new IllegalArgumentException("Projection matching damping must lie in (0, 1], got " + damping);
		if (!(tolerancePx > 0) || !Double.isFinite(tolerancePx))
			throw new IllegalArgumentException("Projection matching tolerancePx must be a positive number, got " + tolerancePx);
		if (correlation == null)
			throw new IllegalArgumentException("Projection matching needs correlation options, got null");
	}
}
