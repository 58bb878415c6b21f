package org.fusedtomo.align;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fusedtomo.align.AlignmentOptions.Step;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.CostHistory;

/**
 * Aligns a HAADF tilt series (DESIGN §1 step 2): background subtraction, then the chosen
 * {@link Step}s in their order, each starting from the result of the one before. The result is one
 * {@link Alignment} that can be saved ({@link AlignmentJson}) and applied to every series of the
 * acquisition, chemical maps at other angles included ({@link Alignment#apply}).
 * <ul>
 * <li>Measuring uses the background-subtracted data with negatives <em>kept</em>, whatever the
 * background options say: clipped noise leaves a positive floor that biases the centre of mass and the
 * common line (see {@link CentreOfMassAlignment}, {@link TiltAxisFinder}).</li>
 * <li>Without {@link Step#CENTRE_OF_MASS} the series starts from the identity alignment.</li>
 * <li>{@link Step#CENTRE_OF_MASS} is left out, with a warning, when any projection's centre is no estimate
 * ({@link CentreOfMassAlignment#unreliable}: no isolated object).</li>
 * <li>{@link Step#TILT_AXIS} finds the rotation, and the offset only when the centre of mass did not
 * already fix it.</li>
 * <li>After the last step, with {@link Step#TILT_AXIS}, the axis (offset and rotation) is refined by
 * the reprojection residual with its uncertainty ({@link AxisRefinement}): a rotation is kept only when
 * the data support it, and the refined offset only when the residual has a minimum (else the offset found
 * before is kept, with a warning); with {@link Step#PROJECTION_MATCHING} the shifts are then matched again at full
 * size ({@value #FINAL_ROUNDS} rounds at most) to the refined axis.</li>
 * <li>The result is {@link Alignment#centred()}: the mean dx is in the axis offset.</li>
 * <li>Every run ends with the residual and shift uncertainty per tilt ({@link TiltResiduals}).</li>
 * </ul>
 * Cost: that of the steps run; projection matching dominates (see {@link ProjectionMatching}).
 */
public final class AlignmentPipeline {

	/**
	 * What the pipeline found.
	 *
	 * @param alignment the final alignment, centred
	 * @param afterStep the alignment after each step that ran, in step order
	 * @param history per-round residuals of projection matching (empty without it)
	 * @param seconds wall time of background subtraction and of each step, for the report
	 * @param axis the tilt axis with its evidence; null without {@link Step#TILT_AXIS}
	 * @param residuals residual and shift uncertainty per tilt of the final alignment
	 * @param warnings one line per problem met (an estimate at the edge of its search), for stderr and the report
	 */
	public record Result(Alignment alignment, Map<Step, Alignment> afterStep, CostHistory history, Map<String, Double> seconds, AxisEstimate axis,
		TiltResiduals residuals, List<String> warnings) {

		public Result {
			afterStep = Collections.unmodifiableMap(new EnumMap<>(afterStep));
			seconds = Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
			warnings = List.copyOf(warnings);
		}

		/** The evidence of this result, to save with the alignment ({@link AlignmentJson#toJson(Alignment, AlignmentEvidence)}). */
		public AlignmentEvidence evidence() {
			return new AlignmentEvidence(axis, residuals, warnings);
		}
	}

	/**
	 * A rotation that the criterion's own error does not support, but farther than this from 0 (degrees),
	 * goes to the paired reprojection test ({@link AxisRefinement#pairedImprovement}): at 100 counts the
	 * common line found −6.95° for −7° with an error of 2.8° (au-on-support seed 2).
	 */
	static final double PAIRED_TEST_FROM_DEG = 3 * TiltAxisFinder.SYSTEMATIC_DEG;

	/** Projection-matching rounds at full size after the axis was refined. */
	static final int FINAL_ROUNDS = 4;

	private final AlignmentOptions options;
	private final Parallelism parallelism;

	public AlignmentPipeline(AlignmentOptions options, Parallelism parallelism) {
		if (options == null)
			throw new IllegalArgumentException("Alignment pipeline needs options, got null; use AlignmentOptions.of(steps)");
		if (parallelism == null)
			throw new IllegalArgumentException("Alignment pipeline needs a Parallelism, got null");
		this.options = options;
		this.parallelism = parallelism;
	}

	public AlignmentOptions options() {
		return options;
	}

	/**
	 * Aligns the raw {@code haadf} series; the input is not modified. Progress and cancellation as in
	 * each step.
	 *
	 * @throws java.util.concurrent.CancellationException when the monitor cancels
	 */
	public Result run(TiltSeries haadf, Monitor monitor) {
		Map<String, Double> seconds = new LinkedHashMap<>();
		Map<Step, Alignment> afterStep = new EnumMap<>(Step.class);
		long t = System.nanoTime();
		TiltSeries clean = new BackgroundSubtraction(options.background().withClipNegative(false)).run(haadf, monitor).series();
		t = lap(seconds, "background", t);
		Alignment current = Alignment.identity(haadf.anglesDeg());
		CostHistory history = new CostHistory();
		List<String> warnings = new ArrayList<>();
		TiltAxisFinder.RotationSearch[] rotation = new TiltAxisFinder.RotationSearch[1];
		boolean offsetFixed = false;
		for (Step step : options.steps()) {
			if (step == Step.CENTRE_OF_MASS) {
				int[] unreliable = CentreOfMassAlignment.unreliable(clean);
				offsetFixed = unreliable.length == 0;
				if (!offsetFixed) {
					// NB: one centre that is no estimate means no isolated object: the whole step goes, so that the shifts stay of one kind.
					warnings.add(String.format(Locale.ROOT, "centre of mass: not used; in %d of %d projections (first at %.1f deg) the background-subtracted mass is too small "
						+ "for its centre to be estimated (content reaching the frame's edges?); the axis offset is searched instead",
						unreliable.length, clean.angleCount(), clean.anglesDeg()[unreliable[0]]));
					afterStep.put(step, current);
					continue;
				}
			}
			boolean withOffset = !offsetFixed;
			current = switch (step) {
				case CENTRE_OF_MASS -> new CentreOfMassAlignment(true, true).run(clean, current, monitor);
				case CROSS_CORRELATION -> new CrossCorrelationAlignment(options.crossCorrelation()).run(clean, current, monitor);
				case TILT_AXIS -> tiltAxis(clean, current, withOffset, rotation, warnings, monitor);
				case PROJECTION_MATCHING -> {
					ProjectionMatching.Result pm = new ProjectionMatching(options.projectionMatching(), parallelism).run(clean, current, monitor);
					history = pm.history();
					yield pm.alignment();
				}
			};
			afterStep.put(step, current);
			t = lap(seconds, step.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), t);
		}
		AxisEstimate axis = null;
		if (rotation[0] != null) {
			TiltAxisFinder.RotationSearch search = rotation[0];
			AxisRefinement.Fit offset = new AxisRefinement(AxisRefinement.SIRT_ITERATIONS, parallelism).offset(clean, current, monitor);
			if (offset.atLimit() || !Double.isFinite(offset.sigma())) {
				// NB: a residual without a minimum gives no estimate: on the IDP set (16 tilts) the refinement walked 5 px
				// from the scan's offset to the edge of its moves, and the reprojection residual rose from 0.268 to 0.305.
				// NB: relative to the offset kept: its absolute value changes when the shifts are centred below, and the user sees only that one.
				warnings.add(String.format(java.util.Locale.ROOT, "tilt-axis offset: the reprojection residual has no minimum around the offset found before (%s %+.2f px from it); "
					+ "that offset is kept; check the shifts", offset.atLimit() ? "still falling at" : "best grid point", offset.value() - current.axisOffsetPx()));
				offset = new AxisRefinement.Fit(current.axisOffsetPx(), Double.POSITIVE_INFINITY, offset.atLimit());
			}
			axis = new AxisEstimate(current.axisRotationDeg(), search.sigmaDeg(), search.rotationDeg(), offset.value(), offset.sigma(),
				TiltAxisFinder.rotationCriterion(clean.anglesDeg()) + "; offset by reprojection", List.of());
			current = current.withAxis(axis.rotationDeg(), axis.offsetPx(), "axis-offset(reprojection)");
			if (options.steps().contains(Step.PROJECTION_MATCHING)) {
				ProjectionMatchingOptions o = options.projectionMatching();
				ProjectionMatching.Result pm = new ProjectionMatching(new ProjectionMatchingOptions(List.of(1), o.sirtIterations(), FINAL_ROUNDS, o.damping(),
					o.tolerancePx(), o.correlation()), parallelism).run(clean, current, monitor);
				for (Map.Entry<String, double[]> e : pm.history().asMap().entrySet())
					for (double v : e.getValue())
						history.add(e.getKey(), v);
				current = pm.alignment();
			}
			t = lap(seconds, "axis-offset", t);
		}
		current = current.centred();
		TiltResiduals residuals = TiltResiduals.of(clean, current, AxisRefinement.SIRT_ITERATIONS, parallelism, monitor);
		lap(seconds, "residuals", t);
		return new Result(current, afterStep, history, seconds, axis, residuals, warnings);
	}

	/**
	 * The rotation (kept only when supported, see {@link TiltAxisFinder#supported}, or, where the
	 * criterion's error is too large, by the reprojection test of {@link AxisRefinement#pairedImprovement}) and,
	 * without the centre of mass, the offset; the search in {@code found[0]}.
	 */
	/** The tilt-axis step; {@code withOffset}: search the offset too (the centre of mass did not fix it). */
	private Alignment tiltAxis(TiltSeries clean, Alignment current, boolean withOffset, TiltAxisFinder.RotationSearch[] found, List<String> warnings, Monitor monitor) {
		TiltAxisFinder finder = new TiltAxisFinder(options.tiltAxis(), parallelism);
		TiltAxisFinder.RotationSearch search = finder.searchRotation(clean, current.axisRotationDeg(), monitor);
		found[0] = search;
		String criterion = TiltAxisFinder.rotationCriterion(clean.anglesDeg());
		Locale l = Locale.ROOT;
		if (search.atLimit())
			warnings.add(String.format(l, "tilt-axis rotation: the %s criterion has its minimum at the edge of its search (%.2f deg at +-%.0f deg)", criterion,
				search.rotationDeg(), search.rangeDeg()));
		String how;
		boolean supported = TiltAxisFinder.supported(search);
		if (Double.isNaN(search.sigmaDeg()))
			how = String.format(l, "%s %.2f deg", criterion, search.rotationDeg());
		else if (supported || Math.abs(search.rotationDeg()) <= PAIRED_TEST_FROM_DEG)
			how = String.format(l, "%s %.2f +- %.2f deg%s", criterion, search.rotationDeg(), search.sigmaDeg(), supported ? "" : ", not supported: 0");
		else {
			// The criterion is too uncertain (or has no minimum to give an error): let the reprojection residual decide between 0 and its minimum.
			Alignment at0 = withOffset ? finder.run(clean, current, 0, criterion, monitor) : current.withAxis(0, current.axisOffsetPx(), null);
			Alignment atR = withOffset ? finder.run(clean, current, search.rotationDeg(), criterion, monitor)
				: current.withAxis(search.rotationDeg(), current.axisOffsetPx(), null);
			double t = new AxisRefinement(AxisRefinement.SIRT_ITERATIONS, parallelism).pairedImprovement(clean, at0, atR, monitor);
			supported = t > TiltAxisFinder.SIGNIFICANCE;
			how = String.format(l, "%s %.2f +- %.2f deg; reprojection improvement over 0: t = %.1f, %s", criterion, search.rotationDeg(), search.sigmaDeg(), t,
				supported ? "kept" : "not supported: 0");
		}
		if (!supported && Math.abs(search.rotationDeg()) > 1)
			warnings.add(String.format(l, "tilt-axis rotation: the %s criterion has its minimum at %.2f deg (standard error %.2f deg), but the data do not support it; "
				+ "the axis is kept at 0 (check the reprojection, or try --axis-search)", criterion, search.rotationDeg(), search.sigmaDeg()));
		double rotation = supported ? search.rotationDeg() : 0;
		if (withOffset)
			return finder.run(clean, current, rotation, how, monitor);
		// NB: the centre of mass put the object on the axis, so the offset is fixed; a search would only add the error of the shifts.
		return current.withAxis(rotation, current.axisOffsetPx(), "tilt-axis(" + how + "; offset by centre of mass)");
	}

	private static long lap(Map<String, Double> seconds, String stage, long since) {
		long now = System.nanoTime();
		seconds.put(stage, (now - since) * 1e-9);
		return now;
	}
}
