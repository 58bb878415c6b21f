package org.fusedtomo.tune;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedMethod;
import org.fusedtomo.recon.fused.GuideImages;

/**
 * The fused reconstruction as a tuning {@link Objective}: the tuned {@link FusedKnob}s replace those of
 * fixed base parameters, the fused reconstruction runs, and its volumes are scored: against a truth (mean
 * NRMSE over elements, for simulations), by {@link HeldOutProjections} or by k-fold cross-validation on
 * held-out chemical tilts ({@link HeldOutChemistry}, for real data). Cost per evaluation: one fused
 * reconstruction (k with k folds) on {@code base.threads()} threads. Thread-safe.
 */
public final class FusedObjective implements Objective {

	private final MultiModalSeries series;
	private final VolumeGeometry volume;
	private final FusedParameters base;
	private final List<FusedKnob> knobs;
	private final Map<String, Volume> truthOrNull;
	private final HeldOutProjections heldOutOrNull;
	private final List<HeldOutChemistry> foldsOrNull;
	// NB: the HAADF guide depends on neither λ nor the chemical folds: made once for every evaluation.
	private final GuideImages guides = new GuideImages();

	private FusedObjective(MultiModalSeries series, VolumeGeometry volume, FusedParameters base, List<FusedKnob> knobs, Map<String, Volume> truth, HeldOutProjections heldOut,
		List<HeldOutChemistry> folds) {
		if (knobs.isEmpty())
			throw new IllegalArgumentException("A fused objective needs at least one tuned knob");
		this.series = series;
		this.volume = volume;
		this.base = base;
		this.knobs = List.copyOf(knobs);
		this.truthOrNull = truth == null ? null : Map.copyOf(truth);
		this.heldOutOrNull = heldOut;
		this.foldsOrNull = folds == null ? null : List.copyOf(folds);
	}

	/**
	 * Mean NRMSE over the elements of {@code truth} (element to volume of the reconstruction's size).
	 *
	 * @throws IllegalArgumentException when an element of the series has no truth volume
	 */
	public static FusedObjective nrmse(MultiModalSeries series, Map<String, Volume> truth, FusedParameters base, List<FusedKnob> knobs) {
		for (String el : series.elements())
			if (!truth.containsKey(el))
				throw new IllegalArgumentException("No truth volume for element " + el + "; truth has " + truth.keySet());
		return new FusedObjective(series, truth.get(series.elements().get(0)).geometry(), base, knobs, truth, null, null);
	}

	/** NRMSE of the HAADF projections held out of {@code heldOut}'s training set, reconstructing into {@code volume}. */
	public static FusedObjective heldOut(HeldOutProjections heldOut, VolumeGeometry volume, FusedParameters base, List<FusedKnob> knobs) {
		return new FusedObjective(heldOut.training(), volume, base, knobs, null, heldOut, null);
	}

	/**
	 * Mean held-out chemical NRMSE over {@code folds} (each reconstructs from its training tilts of
	 * {@code series} and predicts its held-out tilts) and over elements, reconstructing into {@code volume}.
	 */
	public static FusedObjective crossValidated(MultiModalSeries series, List<HeldOutChemistry> folds, VolumeGeometry volume, FusedParameters base, List<FusedKnob> knobs) {
		if (folds.isEmpty())
			throw new IllegalArgumentException("Cross-validation needs at least one fold");
		return new FusedObjective(series, volume, base, knobs, null, null, folds);
	}

	/** "nrmse" against a truth, "held-out" HAADF projections or "held-out chemistry" by cross-validation. */
	public String kind() {
		return truthOrNull != null ? "nrmse" : heldOutOrNull != null ? "held-out" : "held-out chemistry";
	}

	/** The base parameters with {@code values} (in knob order) applied. */
	public FusedParameters parameters(double[] values) {
		if (values.length != knobs.size())
			throw new IllegalArgumentException("Expected " + knobs.size() + " values for " + knobs + ", got " + values.length);
		FusedParameters p = base;
		for (int i = 0; i < values.length; i++)
			p = knobs.get(i).apply(p, values[i]);
		return p;
	}

	/**
	 * The score of every fold of a cross-validated objective (mean held-out NRMSE over elements), in fold order;
	 * {@link #evaluate} is their mean. The folds' scatter is what a choice between grid points must beat.
	 *
	 * @throws IllegalStateException when the objective is not cross-validated
	 */
	public double[] foldScores(double[] values, Monitor monitor) {
		if (foldsOrNull == null)
			throw new IllegalStateException("Fold scores need a cross-validated objective, this one scores " + kind());
		FusedParameters p = parameters(values);
		double[] scores = new double[foldsOrNull.size()];
		for (int k = 0; k < scores.length; k++) {
			HeldOutChemistry fold = foldsOrNull.get(k);
			scores[k] = fold.meanNrmse(new FusedMethod(p, guides).reconstruct(fold.training(series), volume, new Parallelism(p.threads()), monitor).volumes(), series,
				new Parallelism(p.threads()));
		}
		return scores;
	}

	@Override
	public double evaluate(double[] values, Monitor monitor) {
		FusedParameters p = parameters(values);
		if (foldsOrNull != null)
			return Arrays.stream(foldScores(values, monitor)).average().orElseThrow();
		Map<String, Volume> x = new FusedMethod(p, guides).reconstruct(series, volume, new Parallelism(p.threads()), monitor).volumes();
		if (heldOutOrNull != null)
			return heldOutOrNull.score(x, p.gamma(), p.weightMethod(), new Parallelism(p.threads()));
		double sum = 0;
		for (String el : series.elements())
			sum += Nrmse.of(x.get(el), truthOrNull.get(el));
		return sum / series.elementCount();
	}
}
