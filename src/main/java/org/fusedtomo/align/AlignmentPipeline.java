package org.fusedtomo.align;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
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
 * <li>{@link Step#TILT_AXIS} finds the rotation, and the offset only when the centre of mass did not
 * already fix it.</li>
 * <li>The result is {@link Alignment#centred()}: the mean dx is in the axis offset.</li>
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
	 */
	public record Result(Alignment alignment, Map<Step, Alignment> afterStep, CostHistory history, Map<String, Double> seconds) {

		public Result {
			afterStep = Collections.unmodifiableMap(new EnumMap<>(afterStep));
			seconds = Collections.unmodifiableMap(new LinkedHashMap<>(seconds));
		}
	}

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
		for (Step step : options.steps()) {
			current = switch (step) {
				case CENTRE_OF_MASS -> new CentreOfMassAlignment(true, true).run(clean, current, monitor);
				case CROSS_CORRELATION -> new CrossCorrelationAlignment(options.crossCorrelation()).run(clean, current, monitor);
				case TILT_AXIS -> tiltAxis(clean, current, monitor);
				case PROJECTION_MATCHING -> {
					ProjectionMatching.Result pm = new ProjectionMatching(options.projectionMatching(), parallelism).run(clean, current, monitor);
					history = pm.history();
					yield pm.alignment();
				}
			};
			afterStep.put(step, current);
			t = lap(seconds, step.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), t);
		}
		return new Result(current.centred(), afterStep, history, seconds);
	}

	private Alignment tiltAxis(TiltSeries clean, Alignment current, Monitor monitor) {
		TiltAxisFinder finder = new TiltAxisFinder(options.tiltAxis(), parallelism);
		if (!options.steps().contains(Step.CENTRE_OF_MASS))
			return finder.run(clean, current, monitor);
		// NB: the centre of mass put the object on the axis, so the offset is fixed; a search would only add the error of the shifts.
		double rotation = finder.findRotation(clean, current.axisRotationDeg(), monitor);
		return current.withAxis(rotation, current.axisOffsetPx(), "tilt-axis(" + TiltAxisFinder.rotationCriterion(clean.anglesDeg()) + "; offset by centre of mass)");
	}

	private static long lap(Map<String, Double> seconds, String stage, long since) {
		long now = System.nanoTime();
		seconds.put(stage, (now - since) * 1e-9);
		return now;
	}
}
