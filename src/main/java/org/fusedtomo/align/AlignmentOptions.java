package org.fusedtomo.align;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Settings of {@link AlignmentPipeline}: which steps run (always in the order of {@link Step}) and the
 * options of each.
 *
 * @param steps the steps to run, at least one
 * @param background background subtraction before measuring; its {@code clipNegative} is not used
 *        for measuring (see {@link AlignmentPipeline})
 * @param crossCorrelation options of {@link CrossCorrelationAlignment}
 * @param tiltAxis options of {@link TiltAxisFinder}
 * @param projectionMatching options of {@link ProjectionMatching}
 */
public record AlignmentOptions(Set<Step> steps, BackgroundOptions background, CrossCorrelationOptions crossCorrelation, TiltAxisOptions tiltAxis,
	ProjectionMatchingOptions projectionMatching) {

	/** The alignment steps, in the order they run. */
	public enum Step {
		/** Coarse: each projection's centre of mass to the centre ({@link CentreOfMassAlignment}). */
		CENTRE_OF_MASS,
		/** Coarse: sequential cross-correlation from 0° outward ({@link CrossCorrelationAlignment}). */
		CROSS_CORRELATION,
		/** Tilt-axis rotation, and its offset unless the centre of mass fixed it ({@link TiltAxisFinder}). */
		TILT_AXIS,
		/** Fine: multi-resolution projection matching ({@link ProjectionMatching}). */
		PROJECTION_MATCHING
	}

	public AlignmentOptions {
		if (steps == null || steps.isEmpty())
			throw new IllegalArgumentException("Alignment needs at least one step of " + EnumSet.allOf(Step.class) + ", got " + steps);
		if (steps.contains(null))
			throw new IllegalArgumentException("Alignment steps must not contain null, got " + steps);
		steps = Collections.unmodifiableSet(EnumSet.copyOf(steps));
		if (background == null || crossCorrelation == null || tiltAxis == null || projectionMatching == null)
			throw new IllegalArgumentException("Alignment needs background, cross-correlation, tilt-axis and projection-matching options, got null; use the DEFAULTs");
	}

	/** The given steps with the default options of every step. */
	public static AlignmentOptions of(Set<Step> steps) {
		return new AlignmentOptions(steps, BackgroundOptions.DEFAULT, CrossCorrelationOptions.DEFAULT, TiltAxisOptions.DEFAULT, ProjectionMatchingOptions.DEFAULT);
	}

	/** These options with another background subtraction. */
	public AlignmentOptions withBackground(BackgroundOptions b) {
		return new AlignmentOptions(steps, b, crossCorrelation, tiltAxis, projectionMatching);
	}

	/** These options with a tilt-axis rotation search of ± {@code maxRotationDeg} (the rest of the tilt-axis options kept). */
	public AlignmentOptions withAxisSearch(double maxRotationDeg) {
		TiltAxisOptions t = tiltAxis;
		return new AlignmentOptions(steps, background, crossCorrelation, new TiltAxisOptions(maxRotationDeg, t.maxOffsetPx(), t.rotationStepDeg(), t.offsetStepPx(),
			t.rotationToleranceDeg(), t.offsetTolerancePx(), t.slices(), t.rowFraction(), t.sirtIterations()), projectionMatching);
	}
}
