package org.fusedtomo.recon;

import java.util.function.Function;

import org.fusedtomo.data.MissingData;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.RepeatedTilts;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.MaskedProjector;
import org.fusedtomo.projector.OperatorNorm;
import org.fusedtomo.projector.Projector;

/**
 * Total-variation regularised least squares, {@code argmin_{x ≥ 0} ½‖Ax − b‖² + λ TV(x)}, by FISTA
 * (Beck &amp; Teboulle, SIAM J. Imaging Sci. 2(1), 2009): a gradient step of size 1/L on the data term
 * at the extrapolated point y, then the TV prox of {@link TvProx} with weight λ/L, then momentum.
 * L is {@value #LIPSCHITZ_MARGIN} times the power-method estimate of ‖A‖² from {@link OperatorNorm}
 * (seeded, so runs are reproducible); the margin covers the estimate's approach from below.
 * <p>
 * It uses the projector's {@code forward} and {@code back} only; projections of the extrapolated point
 * are formed from those of the iterates (A is linear), so each iteration costs one forward and one back
 * projection plus the prox. Memory: five volumes, four tilt series and the prox's dual (six volumes); with
 * Poisson weights a tilt series of weights and a volume of step factors more.
 * The cost need not fall monotonically (FISTA is not a descent method). Instances are immutable. Pixels that b
 * marks NaN (not measured, {@link MissingData}) are left out of the data term ({@link MaskedProjector}).
 * <p>
 * With {@link TvOptions#poissonWeighted()} the data term is {@code ½ Σ_i w_i (Ax − b)_i²}, {@code w_i = 1 /
 * max(b_i, floor)}: its gradient is {@code Aᵀ W (Ax − b)}. Its curvature differs by voxel, up to 1/floor times
 * ‖A‖² on voxels that only vacuum rays cross, so one step for all would be that small; instead FISTA runs in the
 * diagonal metric {@code d_j = max(L, (Aᵀ W A 1)_j)}, which bounds AᵀWA (A and W are non-negative: Schur's test),
 * with a step 1/d_j per voxel and the TV prox in that metric ({@link TvProx#withMetric}): inside an object, whose
 * rays have weights of a few, the steps are several times longer. d is formed from the slices held alone (one
 * forward and one back projection), so a slab of y slices gets the whole volume's values; L comes from the whole.
 */
public final class TvReconstruction {

	/** Safety factor on the power-method estimate of ‖A‖². */
	public static final double LIPSCHITZ_MARGIN = 1.05;

	/** Seed of the power method's start. */
	private static final long POWER_SEED = 20090101L;

	private final Projector projector;
	private final TvOptions options;
	private final Parallelism parallelism;
	/** Ordered subsets of the angles per sweep; 1: plain FISTA on all angles. */
	private final int subsets;
	/** The projector of a subset of the angles (indices into the series), masked as {@link #projector}; null with 1 subset. */
	private final Function<int[], Projector> subsetProjector;

	/**
	 * @param parallelism threads for the TV prox (the projector brings its own)
	 */
	public TvReconstruction(Projector projector, TvOptions options, Parallelism parallelism) {
		if (projector == null)
			throw new IllegalArgumentException("TV reconstruction needs a projector, got null");
		if (options == null)
			throw new IllegalArgumentException("TV reconstruction needs options, got null; use TvOptions.of(lambda)");
		if (parallelism == null)
			throw new IllegalArgumentException("TV reconstruction needs a Parallelism, got null; use Parallelism.available()");
		this.projector = projector;
		this.options = options;
		this.parallelism = parallelism;
		this.subsets = 1;
		this.subsetProjector = null;
	}

	private TvReconstruction(Projector projector, TvOptions options, Parallelism parallelism, int subsets, Function<int[], Projector> subsetProjector) {
		this.projector = projector;
		this.options = options;
		this.parallelism = parallelism;
		this.subsets = subsets;
		this.subsetProjector = subsetProjector;
	}

	/**
	 * This reconstruction with ordered subsets (Hudson &amp; Larkin, IEEE TMI 13(4), 1994, on FISTA): the angles split
	 * into {@code count} interleaved subsets ({@link #subsetAngles}: tilts s, s + count, ..., each with all its exposures), and an iteration becomes a
	 * sweep of {@code count} FISTA steps, each with the gradient of one subset's data term times {@code count} (an
	 * estimate of the whole's), the whole's L and diagonal metric, the TV prox and momentum. A sweep costs one
	 * forward and one back projection of all angles, as a plain iteration does, and {@code count} proxes, so a
	 * sweep moves about as far as {@code count} plain iterations for a {@code count}-th of their projections. It
	 * does not converge to the minimiser exactly (the subsets' gradients differ there); the volume after n sweeps
	 * approaches the plain one's after about {@code count}·n iterations. 1: this reconstruction itself.
	 *
	 * @param subsetProjector the projector of the angles with the given indices, masked as this one's (not
	 *        measured pixels left out)
	 */
	public TvReconstruction withOrderedSubsets(int count, Function<int[], Projector> subsetProjector) {
		int tilts = RepeatedTilts.of(projector.tiltGeometry()).tiltCount();
		if (count < 1 || count > tilts)
			throw new IllegalArgumentException("Ordered subsets need 1 to " + tilts + " subsets (one tilt each at most), got " + count);
		if (count > 1 && subsetProjector == null)
			throw new IllegalArgumentException("Ordered subsets need the subsets' projectors, got null");
		return count == 1 ? new TvReconstruction(projector, options, parallelism) : new TvReconstruction(projector, options, parallelism, count, subsetProjector);
	}

	/**
	 * The angle indices of subset {@code s} of {@code count} interleaved ones over the series' tilts
	 * ({@link RepeatedTilts}): the j-th tilt in increasing angle and all its exposures go to subset j mod count, the
	 * indices in increasing order. NB: a tilt's repeated exposures stay together, so that k exposures per tilt give
	 * the subsets of their mean, each term k times its term (as without subsets); a series in increasing angle
	 * without repeats gets angles s, s + count, ...
	 */
	public static int[] subsetAngles(int s, int count, double[] anglesDeg) {
		RepeatedTilts tilts = RepeatedTilts.of(anglesDeg);
		return java.util.stream.IntStream.iterate(s, t -> t < tilts.tiltCount(), t -> t + count).flatMap(t -> java.util.stream.IntStream.of(tilts.exposures(t))).sorted()
			.toArray();
	}

	public TvOptions options() {
		return options;
	}

	/**
	 * Runs {@code iterations} FISTA iterations on {@code b}, from a copy of {@code initialOrNull}
	 * (clipped at 0) or from zero. The history holds, after each iteration, "data" ½‖Ax − b‖²,
	 * "tv" TV(x) and "total" data + λ·tv. Reports progress once per iteration and checks for
	 * cancellation before each one (and before the power method).
	 *
	 * @throws java.util.concurrent.CancellationException when the monitor cancels
	 * @throws IllegalArgumentException when b or the initial volume do not fit the projector
	 */
	public Reconstruction run(TiltSeries b, Volume initialOrNull, int iterations, Monitor monitor) {
		return run(b, initialOrNull, iterations, Double.NaN, monitor, true);
	}

	/**
	 * The volume of {@link #run} alone, the same voxels, without the cost history: each iteration saves the TV
	 * value and the data term, a pass over the volume and one over the series (e.g. for the fused solver's guide).
	 */
	public Volume volume(TiltSeries b, Volume initialOrNull, int iterations, Monitor monitor) {
		return run(b, initialOrNull, iterations, Double.NaN, monitor, false).volume();
	}

	/**
	 * {@link #volume(TiltSeries, Volume, int, Monitor)} with ‖A‖² given: the power method's estimate with
	 * {@link TvOptions#powerIterations} from {@link #powerSeed}, where the caller has it already (the same voxels).
	 * With pixels not measured in b it still bounds the masked projector's ‖M A‖².
	 */
	public Volume volume(TiltSeries b, Volume initialOrNull, int iterations, double normSquared, Monitor monitor) {
		return run(b, initialOrNull, iterations, normSquared, monitor, false).volume();
	}

	/** {@code normSquared} NaN: estimated here by the power method (of the masked projector where b has pixels not measured). */
	private Reconstruction run(TiltSeries b, Volume initialOrNull, int iterations, double normSquared, Monitor monitor, boolean withHistory) {
		ReconArrays.checkInputs(projector, b, initialOrNull, iterations);
		if (MissingData.any(b) && subsets > 1)
			return new TvReconstruction(MaskedProjector.of(projector, b), options, parallelism, subsets, idx -> MaskedProjector.of(subsetProjector.apply(idx), b.subset(idx)))
				.run(MissingData.filled(b), initialOrNull, iterations, normSquared, monitor, withHistory);
		if (MissingData.any(b))
			return new TvReconstruction(MaskedProjector.of(projector, b), options, parallelism).run(MissingData.filled(b), initialOrNull, iterations, normSquared, monitor,
				withHistory);
		monitor.checkCancelled();
		double norm = Double.isNaN(normSquared) ? OperatorNorm.squared(projector, options.powerIterations(), POWER_SEED) : normSquared;
		if (subsets > 1)
			return iterateSubsets(b, initialOrNull, iterations, lipschitz(norm), monitor, withHistory);
		return iterate(b, initialOrNull, iterations, lipschitz(norm), monitor, withHistory);
	}

	/** {@link #iterate} with ordered subsets ({@link #withOrderedSubsets}): {@code iterations} sweeps. */
	private Reconstruction iterateSubsets(TiltSeries b, Volume initialOrNull, int iterations, double lipschitz, Monitor monitor, boolean withHistory) {
		SubsetSteps steps = new SubsetSteps(b, initialOrNull, lipschitz);
		CostHistory history = new CostHistory();
		for (int k = 0; k < iterations; k++) {
			monitor.checkCancelled();
			for (int s = 0; s < subsets; s++)
				steps.step(s);
			if (withHistory) {
				double data = dataTerm(projector.forward(steps.x).data(), b), tv = TotalVariation.of(steps.x, null, parallelism);
				history.add("data", data);
				history.add("tv", tv);
				history.add("total", data + options.lambda() * tv);
			}
			monitor.progress("TV (FISTA, " + subsets + " ordered subsets)", k + 1, iterations);
		}
		return new Reconstruction(steps.x, history);
	}

	/**
	 * FISTA's state with ordered subsets ({@link #withOrderedSubsets}): a step on subset s projects the extrapolated
	 * point y on that subset's angles (its projections cannot come from the iterates', whose angles were another
	 * subset's), so a step costs one forward and one back projection of the subset. As {@link Steps}, for an engine
	 * that runs the steps on slabs of y slices with halos, giving L of the whole volume and exchanging
	 * {@link #volumeArrays} between steps (no projections: each step forms its own). Mutable; not for concurrent use.
	 */
	public final class SubsetSteps extends Fista {
		private final TiltSeries b;
		/** Per subset, built at its first step ({@link #build}): its projector, data, Poisson weights (null for least squares) and projections of y (scratch). */
		private final Projector[] projectors;
		private final TiltSeries[] data, ay;
		private final float[][] weights;
		/** {@code count} / L: the step of the subset's gradient, which estimates the whole's divided by count. */
		private final float scale;

		/**
		 * The state before the first step on {@code b} from a copy of {@code initialOrNull} (clipped at 0) or from
		 * zero, with L = {@code lipschitz}; this reconstruction must have ordered subsets (more than 1).
		 */
		public SubsetSteps(TiltSeries b, Volume initialOrNull, double lipschitz) {
			this(b, initialOrNull, lipschitz, null);
		}

		/**
		 * As {@link #SubsetSteps(TiltSeries, Volume, double)} with the step factors given: {@link #stepFactors} of a
		 * state on the same b and L (not copied), or null to form them here (one forward and one back projection of
		 * all angles); ignored for least squares. A subset's projector and data are made at its first step, so an
		 * engine that restores a state for one step builds that subset alone. b is read then: leave it unchanged.
		 */
		public SubsetSteps(TiltSeries b, Volume initialOrNull, double lipschitz, float[] stepFactorsOrNull) {
			super(b, initialOrNull, lipschitz, subsetMetric(b, initialOrNull, lipschitz, stepFactorsOrNull));
			this.b = b;
			projectors = new Projector[subsets];
			data = new TiltSeries[subsets];
			ay = new TiltSeries[subsets];
			weights = new float[subsets][];
			scale = (float) (subsets / lipschitz);
		}

		/**
		 * Subset s's projector, data and weights. NB: a tilt's exposures share a subset, so the weights of the subset's
		 * data are those of the whole series at its angles, bit for bit ({@link #poissonWeights}).
		 */
		private void build(int s) {
			int[] idx = subsetAngles(s, subsets, b.anglesDeg());
			projectors[s] = subsetProjector.apply(idx);
			data[s] = b.subset(idx);
			ay[s] = data[s].zerosLike();
			weights[s] = options.poissonWeighted() ? poissonWeights(data[s]) : null;
		}

		/** One FISTA step on subset s: count · A_sᵀ W_s (A_s y − b_s) as the gradient, the TV prox into x, momentum into y. */
		public void step(int s) {
			float[] xd = x.data(), pd = previous.data(), yd = y.data(), gd = gradient.data(), mu = metric;
			float sc = scale;
			if (projectors[s] == null)
				build(s);
			projectors[s].forward(y, ay[s]);
			float[] ayd = ay[s].data(), bd = data[s].data(), ws = weights[s];
			parallelism.forRanges(ayd.length, (from, to) -> {
				for (int i = from; i < to; i++)
					ayd[i] = ws == null ? ayd[i] - bd[i] : (ayd[i] - bd[i]) * ws[i];
			});
			projectors[s].back(ay[s], gradient);
			descend(yd, gd, sc, mu, parallelism);
			extrapolate(xd, pd, yd, proxAndMomentum());
		}

		/** The number of subsets: step s takes 0 to count − 1, in order, once per sweep. */
		public int subsets() {
			return subsets;
		}

		/** With Poisson weights, the step factor L/d_j per voxel (not a copy; see the class comment); null for least squares. */
		public float[] stepFactors() {
			return metric;
		}
	}

	/** The checks and the step factors of a {@link SubsetSteps}, before its state is made. */
	private float[] subsetMetric(TiltSeries b, Volume initialOrNull, double lipschitz, float[] stepFactorsOrNull) {
		if (subsets < 2)
			throw new IllegalStateException("Subset steps need ordered subsets (withOrderedSubsets with 2 or more); use Steps");
		ReconArrays.checkInputs(projector, b, initialOrNull, 0);
		if (stepFactorsOrNull != null && stepFactorsOrNull.length != projector.volumeGeometry().voxelCount())
			throw new IllegalArgumentException("Step factors of " + stepFactorsOrNull.length + " voxels for a volume of " + projector.volumeGeometry().voxelCount());
		return !options.poissonWeighted() ? null : stepFactorsOrNull != null ? stepFactorsOrNull : stepFactors(projector, poissonWeights(b), lipschitz);
	}

	/**
	 * What {@link Steps} and {@link SubsetSteps} share: FISTA's iterate x, the previous one, the extrapolated point y,
	 * the gradient, the prox (in the metric, with Poisson weights) with its dual, and the momentum t.
	 */
	abstract class Fista {
		/** The metric's L/d_j per voxel; null for least squares (all 1). */
		final float[] metric;
		final TvProx prox;
		final Volume x, previous, y, gradient;
		final TvProx.Dual dual;
		private double t = 1;

		/** From a copy of {@code initialOrNull} (clipped at 0) or from zero, in the calibration of b; L = {@code lipschitz}. */
		Fista(TiltSeries b, Volume initialOrNull, double lipschitz, float[] metric) {
			this.metric = metric;
			TvProx plain = new TvProx(options.lambda() / lipschitz, options.proxIterations(), parallelism);
			prox = metric == null ? plain : plain.withMetric(metric);
			dual = new TvProx.Dual(projector.volumeGeometry());
			x = initialOrNull == null ? Volume.zeros(projector.volumeGeometry()).withCalibration(b.calibration()) : initialOrNull.copy();
			org.fusedtomo.data.FloatArrays.clampNonNegative(x.data());
			previous = x.copy();
			y = x.copy();
			gradient = x.zerosLike();
		}

		/** The TV prox of y (after the gradient step) into x, then t's update; returns the momentum step's β. */
		final float proxAndMomentum() {
			if (!options.warmStartProx())
				dual.reset();
			prox.apply(y, dual, x);
			double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
			float beta = (float) ((t - 1) / tNext);
			t = tNext;
			return beta;
		}

		/** The iterate x after the last step (not a copy). */
		public Volume x() {
			return x;
		}

		/**
		 * The volumes the next step reads, as arrays (x, y, z order, not copies): the previous iterate, the
		 * extrapolated point and the prox's dual (x, y and z parts). x itself is only written by a step.
		 */
		public float[][] volumeArrays() {
			float[][] d = dual.arrays();
			return new float[][] { previous.data(), y.data(), d[0], d[1], d[2] };
		}

		/** FISTA's momentum parameter t. */
		public double momentum() {
			return t;
		}

		/** Sets t, for a state restored from {@link #volumeArrays} (and {@link Steps#projectionArrays}). */
		public void momentum(double t) {
			this.t = t;
		}
	}

	/** {@code y −= step · metric ⊙ g} (metric null: all 1), the gradient step of both iterations. */
	private static void descend(float[] y, float[] g, float step, float[] metric, Parallelism parallelism) {
		if (metric != null)
			parallelism.forRanges(y.length, (from, to) -> {
				for (int i = from; i < to; i++)
					y[i] -= (step * metric[i]) * g[i];
			});
		else
			parallelism.forRanges(y.length, (from, to) -> {
				for (int i = from; i < to; i++)
					y[i] -= step * g[i];
			});
	}

	private Reconstruction iterate(TiltSeries b, Volume initialOrNull, int iterations, double lipschitz, Monitor monitor, boolean withHistory) {
		Steps steps = new Steps(b, initialOrNull, lipschitz);
		CostHistory history = new CostHistory();
		for (int k = 0; k < iterations; k++) {
			monitor.checkCancelled();
			steps.step();
			if (withHistory) {
				double data = dataTerm(steps.ax.data(), b), tv = TotalVariation.of(steps.x, null, parallelism);
				history.add("data", data);
				history.add("tv", tv);
				history.add("total", data + options.lambda() * tv);
			}
			monitor.progress("TV (FISTA)", k + 1, iterations);
		}
		return new Reconstruction(steps.x, history);
	}

	/** The data term at projections {@code ax}: ½‖Ax − b‖², or ½ Σ_i w_i (Ax − b)_i² with Poisson weights ({@link #poissonWeights}). */
	public double dataTerm(float[] ax, TiltSeries b) {
		float[] bd = b.data();
		if (!options.poissonWeighted())
			return org.fusedtomo.data.FloatArrays.halfSquaredDistance(ax, bd);
		float[] w = poissonWeights(b);
		double sum = 0;
		for (int i = 0; i < ax.length; i++) {
			double r = ax[i] - bd[i];
			sum += w[i] * r * r;
		}
		return sum / 2;
	}

	/**
	 * The Poisson weight of each value of {@code b}, {@link TvOptions#dataWeight} of the mean of its pixel over the
	 * exposures of its tilt ({@link RepeatedTilts}; the value itself without repeats): the data's best estimate of
	 * its variance, and the same for every exposure, so that k exposures weigh as k times their mean.
	 */
	float[] poissonWeights(TiltSeries b) {
		int[] tiltOf = RepeatedTilts.of(b.geometry()).tiltOf();
		int n = b.width() * b.height();
		float[] mean = b.tiltMeans().data(), w = new float[b.data().length];
		for (int a = 0; a < b.angleCount(); a++)
			for (int i = 0, at = b.projectionOffset(a); i < n; i++)
				w[at + i] = options.dataWeight(mean[tiltOf[a] * n + i]);
		return w;
	}

	/** The seed of the power method whose estimate of ‖A‖² {@link #lipschitz} turns into L. */
	public static long powerSeed() {
		return POWER_SEED;
	}

	/**
	 * L from the power method's ‖A‖² ({@link #LIPSCHITZ_MARGIN} times it).
	 *
	 * @throws IllegalArgumentException when it is not positive (a zero projector)
	 */
	public static double lipschitz(double normSquared) {
		double lipschitz = LIPSCHITZ_MARGIN * normSquared;
		if (!(lipschitz > 0))
			throw new IllegalArgumentException("The projector is zero (‖A‖² = " + lipschitz + "); nothing to reconstruct");
		return lipschitz;
	}

	/**
	 * FISTA's state and its iteration ({@link #run} without the power method and the costs): for an engine that
	 * runs the iterations on slabs of y slices with neighbouring slices as halos, giving L of the whole volume and
	 * exchanging {@link #volumeArrays} and {@link #projectionArrays} between iterations. Mutable; not for
	 * concurrent use.
	 */
	public final class Steps extends Fista {
		private final TiltSeries b;
		/** Poisson weights per value of b; null for least squares. */
		private final float[] weights;
		private final float invL;
		private final TiltSeries ax, axPrevious, ay;

		/**
		 * The state before the first iteration on {@code b} from a copy of {@code initialOrNull} (clipped at 0) or
		 * from zero, with L = {@code lipschitz} ({@link #lipschitz} of ‖A‖²; with Poisson weights the diagonal
		 * metric is formed here).
		 */
		public Steps(TiltSeries b, Volume initialOrNull, double lipschitz) {
			this(b, initialOrNull, lipschitz, checkedWeights(b, initialOrNull));
		}

		private Steps(TiltSeries b, Volume initialOrNull, double lipschitz, float[] weights) {
			super(b, initialOrNull, lipschitz, weights == null ? null : stepFactors(projector, weights, lipschitz));
			this.b = b;
			this.weights = weights;
			invL = (float) (1 / lipschitz);
			ax = initialOrNull == null ? b.zerosLike() : projector.forward(x);
			axPrevious = ax.copy();
			ay = ax.copy();
		}

		/** One FISTA iteration: gradient step at y, TV prox into x, Ax, then the momentum step into y. */
		public void step() {
			float[] xd = x.data(), pd = previous.data(), yd = y.data(), gd = gradient.data();
			float[] bd = b.data(), axd = ax.data(), apd = axPrevious.data(), ayd = ay.data();
			if (weights != null)
				parallelism.forRanges(ayd.length, (from, to) -> {
					for (int i = from; i < to; i++)
						ayd[i] = (ayd[i] - bd[i]) * weights[i]; // W (Ay − b), in place: ay is rebuilt below
				});
			else
				parallelism.forRanges(ayd.length, (from, to) -> {
					for (int i = from; i < to; i++)
						ayd[i] -= bd[i]; // Ay − b, in place: ay is rebuilt below
				});
			projector.back(ay, gradient);
			descend(yd, gd, invL, metric, parallelism);
			float beta = proxAndMomentum();
			projector.forward(x, ax);
			extrapolate(xd, pd, yd, beta);
			extrapolate(axd, apd, ayd, beta);
		}

		/** Its projection Ax (not a copy). */
		public TiltSeries ax() {
			return ax;
		}

		/** The projections the next step reads, as arrays (not copies): A of the previous iterate and of y. */
		public float[][] projectionArrays() {
			return new float[][] { axPrevious.data(), ay.data() };
		}
	}

	/** The checks of a {@link Steps}, then b's Poisson weights (null for least squares), before its state is made. */
	private float[] checkedWeights(TiltSeries b, Volume initialOrNull) {
		ReconArrays.checkInputs(projector, b, initialOrNull, 0);
		return options.poissonWeighted() ? poissonWeights(b) : null;
	}

	/** L/d_j per voxel with {@code d_j = max(L, (Aᵀ W A 1)_j)}: one forward projection of ones, weighted, and one back projection. */
	private static float[] stepFactors(Projector projector, float[] w, double lipschitz) {
		Volume ones = Volume.zeros(projector.volumeGeometry());
		java.util.Arrays.fill(ones.data(), 1f);
		TiltSeries rays = projector.forward(ones);
		float[] r = rays.data();
		for (int i = 0; i < r.length; i++)
			r[i] *= w[i];
		projector.back(rays, ones);
		float[] d = ones.data();
		for (int j = 0; j < d.length; j++)
			d[j] = d[j] > lipschitz ? (float) (lipschitz / d[j]) : 1f;
		return d;
	}

	/** FISTA's {@code y = x + β (x − previous)}, then {@code previous = x}; element-wise over threads (the same values). */
	private void extrapolate(float[] x, float[] previous, float[] y, float beta) {
		parallelism.forRanges(x.length, (from, to) -> {
			for (int i = from; i < to; i++) {
				y[i] = x[i] + beta * (x[i] - previous[i]);
				previous[i] = x[i];
			}
		});
	}
}
