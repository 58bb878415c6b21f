package org.fusedtomo.tune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import org.fusedtomo.data.Binning;
import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.fused.FusedParameters;

/**
 * Chooses λ_C and λ_TV of the fused reconstruction on data without a truth: every point of a grid of
 * factors around the base values is scored by k-fold cross-validation on held-out chemical tilts
 * ({@link HeldOutChemistry}, mean held-out NRMSE over folds and elements), on data binned in x and y and
 * with fewer iterations to stay within a few reconstructions' time ({@link AutoLambdaSettings}); the
 * chosen factors multiply the base values. Plain Java, no UI; used by {@code reconstruct --auto}, the
 * Fiji command and {@code tune}.
 * <p>
 * Binning by b averages b × b pixels and shrinks the volume by b on every axis; with data normalised to
 * a maximum of 1, the HAADF and Poisson terms (sums over pixels) shrink by b², TV (a sum over voxel faces
 * of jumps that grow by b, since a ray crosses b times fewer voxels) by b. So the cross-validation runs
 * with λ_TV / b, which keeps the balance of the terms per voxel, and the chosen TV factor multiplies the
 * full-size base λ_TV (checked against full-size cross-validation on a 32³ phantom, docs/real-data.md).
 * With count weighting ({@link org.fusedtomo.recon.fused.FusedModel#countWeighted()}) λ_TV is divided by b²,
 * and no one map of λ_C holds: the count levels read from binned data ({@link org.fusedtomo.metrics.PoissonGain})
 * are 2.9–3.3 times the full-size ones on the README's simulation and 0.37–0.9 times on the IDP set, where b²
 * would keep the terms' sizes. Full-size cross-validation puts the best point at the defaults' λ_C / λ_TV
 * on both; the binned grid does so on the simulation with λ_C kept (with λ_C / b² its minimum moves to
 * λ_C × 4, truth NRMSE 0.267 against the defaults' 0.085) and on the IDP set with λ_C / b² (with λ_C kept
 * it moves to λ_TV × 4, held-out NRMSE of Fe 0.340 against 0.267). So every grid point is scored with both
 * maps, and {@link #choice} asks a point to beat the defaults under both (docs/tuning.md, "--auto").
 * <p>
 * Cost: {@code gridSize² · folds} fused reconstructions of the binned data, about 1/b³ of one at full
 * size each, times {@code iterationFraction} for the fused part; they run {@code min(2, threads)} at a time.
 */
public final class AutoLambdas {

	private AutoLambdas() {}

	/**
	 * The choice and the evaluations behind it.
	 *
	 * @param base the settings the factors multiply
	 * @param chosen {@code base} with the chosen λ_C and λ_TV
	 * @param settings how the search ran
	 * @param evaluations every grid point with its parameters as factors (λ_C factor, λ_TV factor) and its
	 *        mean held-out NRMSE, in grid order (λ_C factor fastest)
	 * @param best the evaluation chosen ({@link #choice})
	 * @param seconds wall time of the whole search
	 * @param foldScores every evaluation's score per fold (mean over elements), in evaluation order; its mean is the evaluation's value
	 * @param alternativeFoldScores the same with the binned λ_C divided by b² (the other map of binned to full-size λ_C;
	 *        {@code foldScores} where there is one map: without count weighting or binning)
	 */
	public record Result(FusedParameters base, FusedParameters chosen, AutoLambdaSettings settings, List<Evaluation> evaluations, Evaluation best, double seconds,
		List<double[]> foldScores, List<double[]> alternativeFoldScores) {

		public Result {
			evaluations = List.copyOf(evaluations);
			foldScores = foldScores.stream().map(double[]::clone).toList();
			alternativeFoldScores = alternativeFoldScores.stream().map(double[]::clone).toList();
			if (foldScores.size() != evaluations.size() || alternativeFoldScores.size() != evaluations.size())
				throw new IllegalArgumentException("Fold scores for " + foldScores.size() + " and " + alternativeFoldScores.size() + " of " + evaluations.size() + " evaluations");
		}

		/** {@link #pairedDifferences} of the {@code alternativeFoldScores} (the binned λ_C divided by b²). */
		public double[][] alternativePairedDifferences() {
			return pairedDifferences(alternativeFoldScores);
		}

		/** The evaluation at factors 1, 1 (the base itself), or null when the grid misses it (an even grid size). */
		public Evaluation baseEvaluation() {
			return AutoLambdas.baseEvaluation(evaluations);
		}

		/**
		 * Per evaluation: the mean over folds of its score minus the base's, fold by fold (negative: better
		 * than the base), and the standard error of that mean (the paired differences' standard deviation / √k);
		 * NaN, NaN without a base on the grid.
		 */
		public double[][] pairedDifferences() {
			return pairedDifferences(foldScores);
		}

		private double[][] pairedDifferences(List<double[]> scores) {
			Evaluation b = baseEvaluation();
			double[][] out = new double[evaluations.size()][];
			for (int i = 0; i < out.length; i++)
				out[i] = b == null ? new double[] { Double.NaN, Double.NaN } : AutoLambdas.paired(scores.get(i), scores.get(evaluations.indexOf(b)));
			return out;
		}

		/** The standard error across folds of each evaluation's own score (the error bars of the validation picture). */
		public double[] standardErrors() {
			return foldScores.stream().mapToDouble(f -> AutoLambdas.standardError(f)).toArray();
		}

		/** Whether the choice is the base because no other grid point beat it by more than its standard error. */
		public boolean keptBase() {
			return best.equals(baseEvaluation());
		}

		/** The factor space: λ_C factor and λ_TV factor, log scale. */
		public SearchSpace factorSpace() {
			return AutoLambdas.factorSpace(settings);
		}

		/** The search box in full-size λ values (base × factors), for pictures. */
		public SearchSpace lambdaSpace() {
			return SearchSpace.of(FusedKnob.LAMBDA_CHEM.range(lambdaChem(base) * settings.lowFactor(), lambdaChem(base) * settings.highFactor()),
				FusedKnob.LAMBDA_TV.range(lambdaTv(base) * settings.lowFactor(), lambdaTv(base) * settings.highFactor()));
		}

		/** The evaluations with full-size λ values (base × factors) as parameters. */
		public List<Evaluation> lambdaEvaluations() {
			return evaluations.stream().map(e -> new Evaluation(e.index(), e.round(), lambdas(e), e.value(), e.proposer(), e.seconds())).toList();
		}

		/** λ_C and λ_TV of the base. */
		public double[] baseLambdas() {
			return new double[] { lambdaChem(base), lambdaTv(base) };
		}

		/** λ_C and λ_TV at full size of one evaluation: the base's times its factors. */
		public double[] lambdas(Evaluation e) {
			double[] f = e.parameters();
			return new double[] { lambdaChem(base) * f[0], lambdaTv(base) * f[1] };
		}

		/**
		 * The options ({@code --lambda-chem}, {@code --lambda-tv}) whose chosen factor is the lowest or highest of the
		 * grid: the best score may lie beyond the searched range, so the choice is a bound, not an optimum.
		 */
		public List<String> atEdge() {
			List<String> edge = new ArrayList<>();
			double[] f = best.parameters();
			String[] options = { "--lambda-chem", "--lambda-tv" };
			for (int i = 0; i < 2; i++)
				if (Math.abs(Math.log(f[i] / settings.lowFactor())) < 1e-9 || Math.abs(Math.log(f[i] / settings.highFactor())) < 1e-9)
					edge.add(options[i]);
			return edge;
		}

		/** Scores as {@code [iy][ix]} (λ_TV factor index, λ_C factor index), for a heat map. */
		public double[][] scoreGrid() {
			int n = settings.gridSize();
			double[][] g = new double[n][n];
			for (Evaluation e : evaluations)
				g[e.index() / n][e.index() % n] = e.value();
			return g;
		}
	}

	/**
	 * Searches the grid of {@code settings} around {@code base} and returns the choice.
	 *
	 * @param series the full data
	 * @param volume the volume at full size (its depth, and its margin beyond the HAADF's width, are binned with the data)
	 * @param base settings whose λ_C and λ_TV (both > 0) the factors multiply; its threads are shared
	 *        among the evaluations
	 * @throws IllegalArgumentException when an element has fewer than {@link AutoLambdaSettings#MIN_CHEMICAL_TILTS}
	 *         or fewer tilts than folds, λ_TV is 0, or the binned data would be empty
	 * @throws CancellationException when the monitor cancels
	 */
	public static Result choose(MultiModalSeries series, VolumeGeometry volume, FusedParameters base, AutoLambdaSettings settings, Monitor monitor) {
		int fewest = series.chemical().values().stream().mapToInt(TiltSeries::angleCount).min().orElse(0);
		if (fewest < settings.requiredChemicalTilts())
			throw new IllegalArgumentException("Choosing lambdas by cross-validation needs at least " + settings.requiredChemicalTilts()
				+ " chemical tilts per element (" + settings.folds() + " folds), got " + fewest);
		if (!(lambdaTv(base) > 0))
			throw new IllegalArgumentException("Choosing lambdas by cross-validation multiplies lambda_TV, which must be positive, got " + lambdaTv(base));
		long t0 = System.nanoTime();
		MultiModalSeries binned = binned(series, settings.bin());
		int bin = binned == series ? 1 : settings.bin();
		int parallel = Math.min(2, base.threads());
		// NB: with count weighting λ_TV / b², and λ_C either kept (right on simulations) or / b² (right on the IDP set): class comment.
		double tvShrink = base.model().countWeighted() ? bin * bin : bin;
		double[] chemShrinks = base.model().countWeighted() && bin > 1 ? new double[] { 1, bin * bin } : new double[] { 1 };
		FusedParameters cvBase = withLambdas(base, lambdaChem(base), lambdaTv(base) / tvShrink).withIterations(Math.max(1, (int) Math.round(base.iterations() * settings.iterationFraction())))
			.withThreads(Math.max(1, base.threads() / parallel));
		int margin = volume.marginBeyond(series.haadf().width());
		VolumeGeometry binnedVolume = VolumeGeometry.of(binned.haadf().geometry(), Math.max(1, volume.depth() / bin)).widened((margin + bin - 1) / bin);
		FusedObjective objective = FusedObjective.crossValidated(binned, HeldOutChemistry.kFold(binned.chemical(), settings.folds()), binnedVolume, cvBase,
			List.of(FusedKnob.LAMBDA_CHEM, FusedKnob.LAMBDA_TV));
		// NB: the two maps share binned points (λ_C × 1/4 of one is λ_C × 1 of the other); each is reconstructed once.
		Map<List<Double>, CompletableFuture<double[]>> memo = new ConcurrentHashMap<>();
		BiFunction<double[], Monitor, double[]> binnedScores = (lambdas, m) -> {
			CompletableFuture<double[]> mine = new CompletableFuture<>(), known = memo.putIfAbsent(key(lambdas), mine);
			if (known != null)
				return known.join();
			try {
				mine.complete(objective.foldScores(lambdas, m));
			}
			catch (RuntimeException e) {
				mine.completeExceptionally(e);
				throw e;
			}
			return mine.join();
		};
		Map<List<Double>, double[][]> folds = new ConcurrentHashMap<>();
		Objective byFactors = (f, m) -> {
			double[][] k = new double[chemShrinks.length][];
			for (int i = 0; i < k.length; i++)
				k[i] = binnedScores.apply(new double[] { lambdaChem(cvBase) * f[0] / chemShrinks[i], lambdaTv(cvBase) * f[1] }, m);
			folds.put(key(f), k);
			return Arrays.stream(k[0]).average().orElseThrow();
		};
		List<Evaluation> grid = GridSearch.run(factorSpace(settings), settings.gridSize(), byFactors, parallel, monitor);
		List<double[]> foldScores = grid.stream().map(e -> folds.get(key(e.parameters()))[0]).toList();
		List<double[]> alternative = grid.stream().map(e -> folds.get(key(e.parameters()))[chemShrinks.length - 1]).toList();
		Evaluation best = choice(grid, foldScores, alternative);
		double[] f = best.parameters();
		FusedParameters chosen = withLambdas(base, lambdaChem(base) * f[0], lambdaTv(base) * f[1]);
		return new Result(base, chosen, settings, grid, best, (System.nanoTime() - t0) * 1e-9, foldScores, alternative);
	}

	/** The rule of {@link #choice}, in one line for reports. */
	public static final String RULE = "one-standard-error rule toward the defaults: a grid point replaces them only when its held-out NRMSE, paired fold by fold, "
		+ "is lower by more than one standard error of the differences (their standard deviation over folds / sqrt(k)) with the binned lambda_C kept and with it "
		+ "divided by b^2 (both maps of binned to full-size lambda_C); of those, the lowest mean wins";

	private static List<Double> key(double[] f) {
		return Arrays.stream(f).boxed().toList();
	}

	/**
	 * The rule of the choice, a one-standard-error rule toward the base (the defaults, the product's prior):
	 * a grid point replaces the base only when its score, fold by fold, is lower than the base's by more than
	 * one standard error of the paired differences (their standard deviation over folds / √k); of those that
	 * do, the lowest mean wins. Without the base on the grid (an even grid size) the lowest mean wins.
	 * <p>
	 * Why: where the curve is flat the lowest mean is noise. On the README's simulation the lowest, factors 4, 4,
	 * lies 0.0009 below the defaults with a paired standard error of 0.0012 and no better truth; at 20 counts
	 * the lowest (4, 4, −0.0007 ± 0.0013) has a 3 % worse truth NRMSE (docs/tuning.md, "--auto"). Pairing by
	 * fold removes the scatter all points share (a fold whose held-out tilts are harder is harder for all),
	 * so a steady improvement passes the rule where the points' own error bars overlap.
	 */
	static Evaluation choice(List<Evaluation> grid, List<double[]> foldScores) {
		return choice(grid, foldScores, foldScores);
	}

	/** {@link #choice(List, List)} where a point must pass the rule on both {@code foldScores} and {@code alternative} (the other binned λ_C). */
	static Evaluation choice(List<Evaluation> grid, List<double[]> foldScores, List<double[]> alternative) {
		Evaluation base = baseEvaluation(grid);
		Evaluation lowest = grid.stream().min(Comparator.comparingDouble(Evaluation::value)).orElseThrow();
		if (base == null)
			return lowest;
		double[] b = foldScores.get(grid.indexOf(base)), a = alternative.get(grid.indexOf(base));
		Evaluation best = base;
		for (int i = 0; i < grid.size(); i++) {
			double[] d = paired(foldScores.get(i), b), da = paired(alternative.get(i), a);
			if (d[0] < -d[1] && da[0] < -da[1] && grid.get(i).value() < best.value())
				best = grid.get(i);
		}
		return best;
	}

	static Evaluation baseEvaluation(List<Evaluation> grid) {
		for (Evaluation e : grid)
			if (Math.abs(Math.log(e.parameters()[0])) < 1e-9 && Math.abs(Math.log(e.parameters()[1])) < 1e-9)
				return e;
		return null;
	}

	/** Mean of {@code a[k] − b[k]} over folds and its standard error. */
	static double[] paired(double[] a, double[] b) {
		double[] d = new double[a.length];
		for (int k = 0; k < d.length; k++)
			d[k] = a[k] - b[k];
		return new double[] { Arrays.stream(d).average().orElseThrow(), standardError(d) };
	}

	/** Sample standard deviation / √n (0 for one value). */
	static double standardError(double[] x) {
		int n = x.length;
		if (n < 2)
			return 0;
		double mean = Arrays.stream(x).average().orElseThrow(), ss = 0;
		for (double v : x)
			ss += (v - mean) * (v - mean);
		return Math.sqrt(ss / (n - 1) / n);
	}

	private static SearchSpace factorSpace(AutoLambdaSettings s) {
		return SearchSpace.of(SearchDimension.log("lambda_chem factor", s.lowFactor(), s.highFactor()), SearchDimension.log("lambda_tv factor", s.lowFactor(), s.highFactor()));
	}

	/**
	 * Every series binned by {@code bin}; a chemical series at a coarser sampling keeps its factor (its pixels
	 * and the HAADF's grow alike) with its origin divided by {@code bin}; unbinned when an origin is no multiple of it.
	 */
	static MultiModalSeries binned(MultiModalSeries series, int bin) {
		// NB: a window whose origin is no multiple of bin has no place on the binned grid; cross-validate unbinned then.
		if (bin == 1 || series.samplings().values().stream().anyMatch(c -> c.originX() % bin != 0 || c.originY() % bin != 0))
			return series;
		Map<String, TiltSeries> chemical = new LinkedHashMap<>();
		Map<String, ChemicalSampling> samplings = new LinkedHashMap<>();
		series.chemical().forEach((el, s) -> {
			chemical.put(el, Binning.bin(s, bin));
			ChemicalSampling c = series.sampling(el);
			samplings.put(el, new ChemicalSampling(c.factor(), c.originX() / bin, c.originY() / bin));
		});
		return new MultiModalSeries(Binning.bin(series.haadf(), bin), chemical, samplings);
	}

	// NB: the only place that reads or sets the two λ, so a change of FusedParameters' layout is one edit here.
	static double lambdaChem(FusedParameters p) {
		return p.lambdaChem();
	}

	static double lambdaTv(FusedParameters p) {
		return p.lambdaTv();
	}

	/** {@code target} with the λ_C and λ_TV of {@code source}. */
	public static FusedParameters withLambdasOf(FusedParameters target, FusedParameters source) {
		return withLambdas(target, lambdaChem(source), lambdaTv(source));
	}

	static FusedParameters withLambdas(FusedParameters p, double lambdaChem, double lambdaTv) {
		return p.withLambdas(p.lambdaHaadf(), lambdaChem, lambdaTv);
	}
}
