package org.fusedtomo.tune;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.RepeatedTilts;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.metrics.PoissonGain;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.ProjectorFactory;
import org.fusedtomo.projector.SampledProjector;

/**
 * A split of every chemical series into the tilts a reconstruction sees and the tilts it must predict,
 * for scoring on data without a truth. The same tilt indices are held out of every element; the exposures
 * of a repeated tilt ({@link RepeatedTilts}) count as one tilt and go together. The score
 * of an element is the scale-invariant {@link Nrmse} of its volume reprojected at the held-out angles
 * against the measured held-out maps (DESIGN §5; the volumes of fused reconstruction carry the scale of
 * normalised data, not of counts, and NRMSE is what docs/real-data.md reports). Immutable; the series
 * are copies.
 */
public final class HeldOutChemistry {

	private final String description;
	private final LinkedHashMap<String, TiltSeries> training = new LinkedHashMap<>();
	private final LinkedHashMap<String, TiltSeries> heldOut = new LinkedHashMap<>();
	private final LinkedHashMap<String, int[]> heldOutIndices = new LinkedHashMap<>();
	private final ProjectorFactory projectors;

	private HeldOutChemistry(Map<String, TiltSeries> chemical, IntPredicate held, String description) {
		if (chemical.isEmpty())
			throw new IllegalArgumentException(description + " needs chemical series, got none");
		this.description = description;
		this.projectors = ProjectorFactory.TOMOGRAPHY;
		chemical.forEach((name, s) -> {
			int n = s.angleCount();
			// NB: a tilt recorded several times is held out or kept with all its exposures, counted as one tilt.
			RepeatedTilts tilts = RepeatedTilts.of(s.geometry());
			int[] tilt = tilts.hasRepeats() ? tilts.tiltOf() : IntStream.range(0, n).toArray();
			int[] others = IntStream.range(0, n).filter(i -> held.test(tilt[i])).toArray();
			int[] kept = IntStream.range(0, n).filter(i -> !held.test(tilt[i])).toArray();
			if (others.length == 0 || kept.length == 0)
				throw new IllegalArgumentException(description + " holds out " + others.length + " of the " + n + " tilts of " + name + "; both parts need a tilt");
			training.put(name, s.subset(kept));
			heldOut.put(name, s.subset(others));
			heldOutIndices.put(name, others);
		});
	}

	private HeldOutChemistry(HeldOutChemistry split, ProjectorFactory projectors) {
		this.description = split.description;
		this.projectors = projectors;
		training.putAll(split.training);
		heldOut.putAll(split.heldOut);
		heldOutIndices.putAll(split.heldOutIndices);
	}

	/**
	 * This split predicting with the projectors {@code projectors} makes (binned by each element's sampling), e.g. those of an
	 * alignment in the forward model ({@code align.ModelAlignment}), whose predictions lie in the frame of the raw maps.
	 */
	public HeldOutChemistry withProjectors(ProjectorFactory projectors) {
		return new HeldOutChemistry(this, projectors);
	}

	/** Keeps tilts 0, n, 2n, … of every element and holds out the others (n ≥ 2). */
	public static HeldOutChemistry keepingEvery(Map<String, TiltSeries> chemical, int n) {
		if (n < 2)
			throw new IllegalArgumentException("Keeping every n-th chemical tilt needs n >= 2, got " + n);
		return new HeldOutChemistry(chemical, i -> i % n != 0, "keeping every " + n + "-th chemical tilt");
	}

	/** Fold {@code fold} of {@code folds}: holds out tilts i = fold (mod folds) of every element. */
	public static HeldOutChemistry fold(Map<String, TiltSeries> chemical, int folds, int fold) {
		if (folds < 2 || fold < 0 || fold >= folds)
			throw new IllegalArgumentException("A fold needs folds >= 2 and 0 <= fold < folds, got fold " + fold + " of " + folds);
		return new HeldOutChemistry(chemical, i -> i % folds == fold, "fold " + fold + " of " + folds + " (chemical tilts i = " + fold + " mod " + folds + ")");
	}

	/**
	 * The fold written {@code N:K} for {@link #fold}: {@code {N, K}} with N ≥ 2 folds and 0 ≤ K < N, e.g. "4:0".
	 *
	 * @param option names the option or field in the one-line message
	 * @throws IllegalArgumentException naming {@code option} and {@code value} when it is not such a pair
	 */
	public static int[] parseFold(String option, String value) {
		String[] parts = value.split(":");
		try {
			if (parts.length == 2) {
				int n = Integer.parseInt(parts[0].trim()), k = Integer.parseInt(parts[1].trim());
				if (n >= 2 && k >= 0 && k < n)
					return new int[] { n, k };
			}
		}
		catch (NumberFormatException e) {
			// reported below
		}
		throw new IllegalArgumentException(option + " '" + value + "' is not N:K with N >= 2 and 0 <= K < N, e.g. 4:0");
	}

	/** All folds of a k-fold cross-validation: every chemical tilt is held out by exactly one of them. */
	public static List<HeldOutChemistry> kFold(Map<String, TiltSeries> chemical, int folds) {
		List<HeldOutChemistry> all = new ArrayList<>();
		for (int k = 0; k < folds; k++)
			all.add(fold(chemical, folds, k));
		return List.copyOf(all);
	}

	/** What is held out, e.g. "fold 1 of 3 (chemical tilts i = 1 mod 3)". */
	public String description() {
		return description;
	}

	/** The chemical tilts the reconstruction sees, by element. */
	public Map<String, TiltSeries> training() {
		return new LinkedHashMap<>(training);
	}

	/** {@code series} with its chemical series replaced by the training tilts; the HAADF keeps every tilt. */
	public MultiModalSeries training(MultiModalSeries series) {
		return series.with(series.haadf(), training);
	}

	/** The held-out chemical tilts, by element. */
	public Map<String, TiltSeries> heldOut() {
		return new LinkedHashMap<>(heldOut);
	}

	/** Indices (into the full series) of the held-out tilts of {@code element}, ascending. */
	public int[] heldOutIndices(String element) {
		return heldOutIndices.get(element).clone();
	}

	/**
	 * Held-out NRMSE by element of those of {@code volumes} that are held out here (element to volume), over the
	 * measured pixels (a NaN of the held-out maps is not scored, {@link Nrmse#ofMeasured}), each prediction
	 * scaled by its element's {@link #efficiencies}.
	 * Cost: one forward projection per element at its training and at its held-out angles.
	 */
	public Map<String, Double> nrmse(Map<String, Volume> volumes, Parallelism parallelism) {
		return nrmse(volumes, Map.of(), parallelism);
	}

	/**
	 * {@link #nrmse(Map, Parallelism)} of chemical series recorded at {@code samplings} (element to its
	 * sampling on the volume's grid; {@link ChemicalSampling#FULL} when absent): each prediction is binned
	 * and cropped as its data were.
	 */
	public Map<String, Double> nrmse(Map<String, Volume> volumes, Map<String, ChemicalSampling> samplings, Parallelism parallelism) {
		return nrmse(volumes, efficiencies(volumes, samplings, parallelism), samplings, parallelism);
	}

	/**
	 * {@link #nrmse(Map, Map, Parallelism)} with the predictions scaled by {@code efficiencies} (element to its
	 * efficiency; an element not named is predicted with η = 1, so {@code Map.of()} scores the plain reprojection).
	 */
	public Map<String, Double> nrmse(Map<String, Volume> volumes, Map<String, TiltEfficiency> efficiencies, Map<String, ChemicalSampling> samplings,
		Parallelism parallelism) {
		Map<String, Double> scores = new LinkedHashMap<>();
		heldOut.forEach((name, measured) -> {
			TiltSeries predicted = project(volumes, name, measured, samplings, parallelism);
			predicted = efficiencies.getOrDefault(name, TiltEfficiency.NONE).applied(predicted);
			scores.put(name, Nrmse.ofMeasured(predicted.data(), measured.data()));
		});
		return scores;
	}

	/**
	 * The per-tilt efficiency of each held-out element ({@link TiltEfficiency}), estimated from its training tilts
	 * only: their measured totals against the reprojection of its volume there.
	 */
	public Map<String, TiltEfficiency> efficiencies(Map<String, Volume> volumes, Map<String, ChemicalSampling> samplings, Parallelism parallelism) {
		Map<String, TiltEfficiency> out = new LinkedHashMap<>();
		heldOut.keySet().forEach(name -> {
			TiltSeries seen = training.get(name);
			ChemicalSampling sampling = samplings.getOrDefault(name, ChemicalSampling.FULL);
			// NB: a map without counts has no gain to read and nothing to scale.
			if (IntStream.range(0, seen.data().length).noneMatch(i -> seen.data()[i] > 0)) {
				out.put(name, TiltEfficiency.NONE);
				return;
			}
			double gain = PoissonGain.of(seen, name + " map", (double) sampling.factor() * sampling.factor());
			out.put(name, TiltEfficiency.estimate(seen, project(volumes, name, seen, samplings, parallelism), gain));
		});
		return out;
	}

	private TiltSeries project(Map<String, Volume> volumes, String name, TiltSeries at, Map<String, ChemicalSampling> samplings, Parallelism parallelism) {
		Volume v = volumes.get(name);
		if (v == null)
			throw new IllegalArgumentException("No reconstructed volume for held-out element " + name + "; got " + volumes.keySet());
		return SampledProjector.factory(projectors, samplings.getOrDefault(name, ChemicalSampling.FULL)).create(v.geometry(), at.geometry(), parallelism).forward(v);
	}

	/** The mean of {@link #nrmse} over elements, each recorded at its sampling in {@code series}. */
	public double meanNrmse(Map<String, Volume> volumes, MultiModalSeries series, Parallelism parallelism) {
		return nrmse(volumes, series.samplings(), parallelism).values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
	}
}
