package org.fusedtomo.tune;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.fusedtomo.progress.Monitor;

/**
 * Bayesian optimisation (minimisation) of an expensive {@link Objective} over a box, as the paper tunes
 * λ: a Latin-hypercube design, then rounds of
 * <ol>
 * <li>fit a {@link GaussianProcess} (Matérn 5/2, hyperparameters by maximum marginal likelihood) to all
 * evaluations, in unit-cube coordinates (log-scale dimensions are searched per decade);</li>
 * <li>GP-Hedge (Hoffman, Brochu &amp; de Freitas, UAI 2011): each of {@link Acquisition#EI}, PI and UCB
 * nominates the maximiser of its score; one nominee is drawn with probability ∝ exp(η·gain); after the
 * round each acquisition's gain grows by the new GP's standardised mean improvement at its nominees
 * {@code −(μ(x) − ȳ)/s};</li>
 * <li>for a batch of q parallel evaluations, the "kriging believer" heuristic: after each pick the GP is
 * conditioned on its own mean at that point (same hyperparameters) before the next pick, so the batch
 * spreads out; the q points are then evaluated concurrently.</li>
 * </ol>
 * Acquisitions are maximised over {@link TuningOptions#candidates()} random points (half uniform, half
 * near the best evaluations) refined by a compass search from the three best. Results depend only on the seed, not on thread timing.
 * <p>
 * Cost besides the objective: per round one GP fit (up to {@code 200·(restarts+2)} O(n³) factorisations)
 * and per batch slot about {@code candidates} O(n²) predictions. Instances are immutable.
 */
public final class BayesianOptimizer {

	/** Steps of the compass search that refines each acquisition's best candidates. */
	private static final int COMPASS_STEPS = 40;

	/** Best evaluations around which half of the acquisition candidates are drawn. */
	private static final int INCUMBENTS = 3;

	/** Spread of those candidates, in unit-cube coordinates. */
	private static final double LOCAL_SD = 0.05;

	private final TuningOptions options;

	public BayesianOptimizer(TuningOptions options) {
		if (options == null)
			throw new IllegalArgumentException("BayesianOptimizer needs options, got null; use TuningOptions.of(evaluations, seed)");
		this.options = options;
	}

	public TuningOptions options() {
		return options;
	}

	/**
	 * Minimises {@code objective} over {@code space}. Progress goes to {@code monitor} as each batch starts
	 * ("tune: evaluating q points") and after each evaluation ("tune: best v at (…)", done of total); {@code listener} sees each evaluation as its batch
	 * completes, in index order. The objective gets a cancel-only view of the monitor.
	 *
	 * @throws CancellationException when the monitor cancels (checked before each round)
	 * @throws IllegalStateException when the objective throws or returns a non-finite value
	 */
	public TuningResult minimise(SearchSpace space, Objective objective, Monitor monitor, Consumer<Evaluation> listener) {
		SplittableRandom random = new SplittableRandom(options.seed());
		int d = space.size(), total = options.evaluations();
		List<double[]> units = new ArrayList<>();
		List<Evaluation> evaluations = new ArrayList<>();
		Acquisition[] acquisitions = Acquisition.values();
		double[] gains = new double[acquisitions.length];
		List<double[][]> pendingNominees = new ArrayList<>();
		try (EvaluationPool pool = new EvaluationPool(options.batchSize(), "fusedtomo-tune")) {
			double[][] design = latinHypercube(options.initialPoints(), d, random);
			int round = 0;
			for (int start = 0; start < design.length; start += options.batchSize(), round++) {
				List<double[]> batch = new ArrayList<>();
				List<String> proposers = new ArrayList<>();
				for (int i = start; i < Math.min(design.length, start + options.batchSize()); i++) {
					batch.add(design[i]);
					proposers.add("initial");
				}
				evaluate(space, objective, batch, proposers, round, units, evaluations, pool, monitor, listener);
			}
			GaussianProcess gp = null;
			while (evaluations.size() < total) {
				gp = fit(units, evaluations, random, gp);
				updateGains(gains, pendingNominees, gp, evaluations);
				pendingNominees.clear();
				double best = modelled(bestValue(evaluations));
				int q = Math.min(options.batchSize(), total - evaluations.size());
				List<double[]> batch = new ArrayList<>();
				List<String> proposers = new ArrayList<>();
				GaussianProcess believer = gp;
				List<double[]> incumbents = incumbents(units, evaluations);
				for (int slot = 0; slot < q; slot++) {
					double[][] nominees = nominate(acquisitions, believer, best, incumbents, d, random);
					int pick = draw(gains, random);
					batch.add(nominees[pick]);
					proposers.add(acquisitions[pick].name());
					pendingNominees.add(nominees);
					if (slot + 1 < q) {
						double believed = believer.predict(nominees[pick]).mean();
						believer = believer.withObservation(nominees[pick], believed);
						// NB: the fantasy is an observation: if it were not the incumbent too, PI would score its own point 1.
						best = Math.min(best, believed);
					}
				}
				evaluate(space, objective, batch, proposers, round++, units, evaluations, pool, monitor, listener);
			}
			gp = fit(units, evaluations, random, gp);
			return new TuningResult(space, evaluations, gp);
		}
	}

	private void evaluate(SearchSpace space, Objective objective, List<double[]> batch, List<String> proposers, int round, List<double[]> units,
		List<Evaluation> evaluations, EvaluationPool pool, Monitor monitor, Consumer<Evaluation> listener) {
		monitor.checkCancelled();
		int first = evaluations.size();
		// NB: the objective sees only a cancel-only monitor, so without this line the first batch (minutes on real data) shows nothing.
		monitor.progress(String.format(java.util.Locale.ROOT, "tune: evaluating %d point%s (%s)", batch.size(), batch.size() == 1 ? "" : "s",
			first == 0 ? "the first" : "round " + (round + 1)), first, options.evaluations());
		List<Future<Evaluation>> futures = new ArrayList<>();
		Object lock = new Object();
		int[] done = { first };
		double[] bestSeen = { bestValue(evaluations) };
		for (int i = 0; i < batch.size(); i++) {
			int index = first + i;
			double[] parameters = space.fromUnit(batch.get(i));
			String proposer = proposers.get(i);
			futures.add(pool.submit(() -> {
				long t0 = System.nanoTime();
				double value = objective.evaluate(parameters, monitor.cancelOnly());
				if (!Double.isFinite(value) || (options.logValues() && !(value > 0)))
					throw new IllegalStateException("The objective returned " + value + " at " + describe(space, parameters)
						+ (options.logValues() ? "; modelling log values needs every value > 0" : ""));
				Evaluation e = new Evaluation(index, round, parameters, value, proposer, (System.nanoTime() - t0) * 1e-9);
				synchronized (lock) {
					done[0]++;
					bestSeen[0] = Math.min(bestSeen[0], value);
					monitor.progress(String.format(java.util.Locale.ROOT, "tune: best %.5g, last %.5g at %s", bestSeen[0], value, describe(space, parameters)), done[0], options.evaluations());
				}
				return e;
			}));
		}
		for (int i = 0; i < futures.size(); i++) {
			Evaluation e = EvaluationPool.await(futures.get(i));
			units.add(batch.get(i));
			evaluations.add(e);
			listener.accept(e);
		}
	}

	/** "name=value, …" for progress lines and errors. */
	static String describe(SearchSpace space, double[] parameters) {
		StringBuilder s = new StringBuilder();
		for (int i = 0; i < parameters.length; i++)
			s.append(i == 0 ? "" : ", ").append(space.dimension(i).name()).append('=').append(String.format(java.util.Locale.ROOT, "%.4g", parameters[i]));
		return s.toString();
	}

	private GaussianProcess fit(List<double[]> units, List<Evaluation> evaluations, SplittableRandom random, GaussianProcess previousOrNull) {
		double[] y = evaluations.stream().mapToDouble(this::modelled).toArray();
		return GaussianProcess.fit(units.toArray(double[][]::new), y, options.gpRestarts(), random.nextLong(), previousOrNull);
	}

	/** The value the GP models: the objective or its logarithm. */
	private double modelled(Evaluation e) {
		return modelled(e.value());
	}

	private double modelled(double value) {
		return options.logValues() ? Math.log(value) : value;
	}

	/** Hoffman et al.'s reward: the new model's (standardised, sign-flipped) mean at each nominee. */
	private void updateGains(double[] gains, List<double[][]> nominees, GaussianProcess gp, List<Evaluation> evaluations) {
		double mean = evaluations.stream().mapToDouble(this::modelled).average().orElse(0);
		for (double[][] slot : nominees)
			for (int a = 0; a < gains.length; a++)
				gains[a] -= (gp.predict(slot[a]).mean() - mean) / gp.valueScale();
	}

	/** Index drawn with probability softmax(η·gains). */
	private int draw(double[] gains, SplittableRandom random) {
		double max = Double.NEGATIVE_INFINITY;
		for (double g : gains)
			max = Math.max(max, g);
		double[] p = new double[gains.length];
		double sum = 0;
		for (int i = 0; i < p.length; i++)
			sum += p[i] = Math.exp(options.hedgeEta() * (gains[i] - max));
		double r = random.nextDouble() * sum;
		for (int i = 0; i < p.length; i++)
			if ((r -= p[i]) < 0)
				return i;
		return p.length - 1;
	}

	/**
	 * The unit-cube maximiser of each acquisition: the best of the candidates (half uniform, half
	 * Gaussian around the best observations, where the optimum is refined), each refined by compass search.
	 */
	private double[][] nominate(Acquisition[] acquisitions, GaussianProcess gp, double best, List<double[]> incumbents, int d, SplittableRandom random) {
		int n = options.candidates();
		double[][] candidates = new double[n][d];
		GaussianProcess.Prediction[] predictions = new GaussianProcess.Prediction[n];
		for (int i = 0; i < n; i++) {
			double[] centre = i % 2 == 0 || incumbents.isEmpty() ? null : incumbents.get((i / 2) % incumbents.size());
			for (int k = 0; k < d; k++)
				candidates[i][k] = centre == null ? random.nextDouble() : clamp(centre[k] + LOCAL_SD * gaussian(random));
			predictions[i] = gp.predict(candidates[i]);
		}
		double[][] nominees = new double[acquisitions.length][];
		double[] scores = new double[n];
		for (int a = 0; a < acquisitions.length; a++) {
			for (int i = 0; i < n; i++)
				scores[i] = acquisitions[a].score(predictions[i], best, gp.valueScale());
			nominees[a] = refine(acquisitions[a], gp, best, candidates, scores);
		}
		return nominees;
	}

	/** Compass search from the three best-scoring candidates; the best end point. */
	private static double[] refine(Acquisition a, GaussianProcess gp, double best, double[][] candidates, double[] scores) {
		scores = scores.clone();
		int d = candidates[0].length;
		double[] bestPoint = null;
		double bestScore = Double.NEGATIVE_INFINITY;
		for (int start = 0; start < Math.min(3, candidates.length); start++) {
			int top = argmax(scores);
			double[] p = candidates[top].clone();
			double s = scores[top];
			scores[top] = Double.NEGATIVE_INFINITY;
			double step = 0.05;
			for (int it = 0; it < COMPASS_STEPS && step > 1e-4; it++) {
				boolean moved = false;
				for (int k = 0; k < d && !moved; k++)
					for (int sign = -1; sign <= 1 && !moved; sign += 2) {
						double[] q = p.clone();
						q[k] = clamp(q[k] + sign * step);
						double sq = a.score(gp.predict(q), best, gp.valueScale());
						if (sq > s) {
							p = q;
							s = sq;
							moved = true;
						}
					}
				if (!moved)
					step /= 2;
			}
			if (s > bestScore) {
				bestScore = s;
				bestPoint = p;
			}
		}
		return bestPoint;
	}

	private static double clamp(double u) {
		return Math.min(1, Math.max(0, u));
	}

	private static double gaussian(SplittableRandom random) {
		// Box-Muller; SplittableRandom has no nextGaussian in Java 17.
		return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
	}

	/** The unit coordinates of the {@value #INCUMBENTS} best evaluations, best first. */
	private static List<double[]> incumbents(List<double[]> units, List<Evaluation> evaluations) {
		return java.util.stream.IntStream.range(0, units.size()).boxed().sorted(java.util.Comparator.comparingDouble(i -> evaluations.get(i).value()))
			.limit(INCUMBENTS).map(units::get).toList();
	}

	private static int argmax(double[] scores) {
		int b = 0;
		for (int i = 1; i < scores.length; i++)
			if (scores[i] > scores[b])
				b = i;
		return b;
	}

	/** n points in [0,1]^d, one in each of n strata per dimension, strata shuffled per dimension. */
	static double[][] latinHypercube(int n, int d, SplittableRandom random) {
		double[][] p = new double[n][d];
		for (int k = 0; k < d; k++) {
			int[] perm = new int[n];
			for (int i = 0; i < n; i++)
				perm[i] = i;
			for (int i = n - 1; i > 0; i--) {
				int j = random.nextInt(i + 1);
				int t = perm[i];
				perm[i] = perm[j];
				perm[j] = t;
			}
			for (int i = 0; i < n; i++)
				p[i][k] = (perm[i] + random.nextDouble()) / n;
		}
		return p;
	}

	private static double bestValue(List<Evaluation> evaluations) {
		return evaluations.stream().mapToDouble(Evaluation::value).min().orElse(Double.POSITIVE_INFINITY);
	}
}
