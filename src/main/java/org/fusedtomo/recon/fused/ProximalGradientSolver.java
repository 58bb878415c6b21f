package org.fusedtomo.recon.fused;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import net.imglib2.img.array.ArrayImgs;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.FloatArrays;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.OperatorNorm;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.recon.CostHistory;
import org.fusedtomo.recon.JointTvProx;
import org.fusedtomo.recon.TotalVariation;
import org.fusedtomo.recon.TvGuide;
import org.fusedtomo.recon.TvProx;
import org.fusedtomo.recon.TvReconstruction;

/**
 * Monotone accelerated proximal gradient (MFISTA, Beck &amp; Teboulle, IEEE TIP 18(11), 2009) on the
 * fused cost F = f + λ_TV Σ TV + ι(x ≥ 0) of {@link FusedCost}, with the smooth part f and its exact
 * gradient, and the prox of the rest by {@link TvProx} (FGP with non-negativity, warm-started per element),
 * or by {@link JointTvProx} on all elements at once when the cost has joint TV ({@link FusedCost#withJointTv}).
 * <p>
 * Steps use a diagonal metric, one curvature {@code s·L̂_e} per element: L̂_e estimates the curvature
 * of f in x_e from the power-method norms {@code ‖A_h‖²} and {@code ‖A_e‖²} ({@link OperatorNorm}), and
 * the common factor s is found by backtracking on the sufficient-decrease condition
 * {@code f(z) ≤ f(y) + ⟨∇f(y), z − y⟩ + ½ Σ_e s L̂_e ‖z_e − y_e‖²}. The HAADF term's x^γ has no global
 * Lipschitz gradient near 0, so a backtracked step is needed; s may shrink again by {@link #RELAX} each
 * iteration. The monotone safeguard keeps the previous iterate when the prox point z does not lower F, so
 * the recorded F never rises, also with an inexact (few-iteration) TV prox. The extrapolated point is
 * clipped at 0, where f is defined.
 * <p>
 * Cost per iteration: one gradient (two HAADF and two chemical projections per element) and, per trial
 * step, one evaluation of f (one HAADF and one chemical projection per element) plus the TV prox. The
 * evaluations write into one {@link FusedCost.Workspace} and the prox's scratch is reused, so iterations
 * allocate no volumes.
 * <p>
 * The iteration is split into {@link Steps} (the volumes: gradient, trial step and prox, momentum) and the
 * {@link Schedule} (the scalar decisions: step factor, sufficient decrease, monotone choice, momentum), so that
 * an engine can run the steps on slabs of y slices, each with halos and its own share of every sum, and take
 * the decisions once on the sums over slabs: every slab then takes the same ones (docs/spark.md).
 */
public final class ProximalGradientSolver {

	/** Step factor s grows by this on a failed sufficient-decrease test. */
	static final double BACKTRACK = 2;
	/** And shrinks by this at the start of each iteration, so steps can lengthen again. */
	static final double RELAX = 0.8;
	/** Trials per iteration before the step is taken as is (the safeguard still holds). */
	static final int MAX_TRIALS = 30;
	/** Power-method iterations for ‖A‖²: 8 reach it within 1e-6 relative of 30 on tilt series of 3 to 47 tilts (see {@link FusedProblem#GUIDE_POWER_ITERATIONS}). */
	public static final int POWER_ITERATIONS = 8;
	/** Seed of the power method's start for ‖A‖²: the HAADF guide's ({@link TvReconstruction#powerSeed}), so that the guide's ‖A_h‖² serves the solver too. */
	public static final long POWER_SEED = TvReconstruction.powerSeed();

	/** The element-wise gradient step and extrapolation, on the Vector API where the JVM has it (the same floats). */
	private static final DoubleLoopKernel STEPS = DoubleLoopKernel.fastest();

	private ProximalGradientSolver() {}

	/** Runs the iterations on {@code x} in place (it holds the best iterate on return, also when cancelled) and returns the cost history. */
	static CostHistory run(FusedCost cost, List<Volume> x, FusedParameters p, Parallelism parallelism, Monitor monitor, long stepsBefore, long totalSteps) {
		return run(cost, x, p, new IdentityHashMap<>(), parallelism, monitor, stepsBefore, totalSteps);
	}

	/** {@link #run(FusedCost, List, FusedParameters, Parallelism, Monitor, long, long)} with the ‖A‖² already known per projector ({@link #normSquared}; others are added). */
	static CostHistory run(FusedCost cost, List<Volume> x, FusedParameters p, Map<Projector, Double> norms, Parallelism parallelism, Monitor monitor, long stepsBefore,
		long totalSteps) {
		for (Volume v : x)
			FloatArrays.clampNonNegative(v.data());
		double[] curvature = curvatureEstimates(cost, x, norms);
		Steps steps = new Steps(cost, x, p.tvIterations(), curvature, parallelism, 0, cost.volumeGeometry().height());
		double[] start = steps.terms();
		Schedule schedule = new Schedule(cost.lambdaChem(), cost.lambdaTv(), start[0], start[1], start[2]);
		CostHistory history = new CostHistory();
		try {
			for (int k = 0; k < p.iterations(); k++) {
				monitor.checkCancelled();
				double fy = steps.gradient();
				double s = schedule.begin();
				Trial trial;
				do {
					monitor.checkCancelled();
					trial = steps.trial(s);
					s = schedule.next(fy, trial);
				}
				while (!schedule.stepFound());
				steps.advance(schedule.finish(trial.haadf(), trial.chemical(), steps.tv()));
				schedule.record(history);
				monitor.progress("Fused (proximal gradient)", stepsBefore + k + 1, totalSteps);
			}
		}
		finally {
			steps.copyCurrentInto(x);
		}
		return history;
	}

	/** A trial step's sums (shares on a slab): the model's terms beyond f(y) ({@link #slopeAndQuadratic}) and the unweighted HAADF and chemical terms at z. */
	public record Trial(double slopeAndQuadratic, double haadf, double chemical) implements Serializable {}

	/** The monotone choice and momentum step that end an iteration: z becomes the iterate when {@code accept}; y = x + a (z − x) + b (x − x_prev). */
	public record Choice(boolean accept, double a, double b) implements Serializable {}

	/**
	 * The solver's scalar decisions, from sums of the cost terms (over the whole volume, or over slabs): the step
	 * factor s (relaxed each iteration, backtracked on a failed sufficient-decrease test), the monotone choice and
	 * FISTA's momentum t. Per iteration: {@link #begin}, then {@link #next} after each trial until
	 * {@link #stepFound}, then {@link #finish}.
	 */
	public static final class Schedule {
		private final double lambdaChem, lambdaTv;
		private FusedCost.Terms current;
		private double t = 1, s = 1;
		private int iteration = -1, trials;
		private boolean found;

		/** From the unweighted terms at the start. */
		public Schedule(double lambdaChem, double lambdaTv, double haadf, double chemical, double tv) {
			this.lambdaChem = lambdaChem;
			this.lambdaTv = lambdaTv;
			current = terms(haadf, chemical, tv);
		}

		private FusedCost.Terms terms(double haadf, double chemical, double tv) {
			return new FusedCost.Terms(haadf, chemical, tv, haadf + lambdaChem * chemical + lambdaTv * tv);
		}

		/** Starts an iteration; returns the step factor of its first trial. */
		public double begin() {
			if (++iteration > 0)
				s *= RELAX;
			trials = 0;
			found = false;
			return s;
		}

		/** Tests a trial on the sufficient decrease at f(y) = {@code fy}; returns the factor of the next trial (larger when it failed). */
		public double next(double fy, Trial trial) {
			double model = fy + trial.slopeAndQuadratic();
			double fz = trial.haadf() + lambdaChem * trial.chemical();
			trials++;
			// NB: the slack absorbs float rounding of f, which would otherwise stall the search at convergence.
			if (fz <= model + 1e-7 * Math.abs(fy))
				found = true;
			else {
				s *= BACKTRACK;
				found = trials >= MAX_TRIALS;
			}
			return s;
		}

		/** Whether the last trial ends the search: it passed, or it was the last allowed (its step is taken as is). */
		public boolean stepFound() {
			return found;
		}

		/** Ends the iteration with the terms at the last trial's z: the monotone choice and the momentum step. */
		public Choice finish(double haadfZ, double chemZ, double tvZ) {
			FusedCost.Terms z = terms(haadfZ, chemZ, tvZ);
			double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
			boolean accept = z.total() <= current.total();
			if (accept)
				current = z;
			Choice c = new Choice(accept, t / tNext, (t - 1) / tNext);
			t = tNext;
			return c;
		}

		/** The terms of the iterate kept. */
		public FusedCost.Terms currentTerms() {
			return current;
		}

		/** Adds the terms of the iterate kept to {@code history}, as both solvers record them. */
		public void record(CostHistory history) {
			ReferenceSolver.record(history, current);
		}
	}

	/**
	 * The volumes of the iterations on element volumes held by one machine or one slab: the iterate, the
	 * previous one, the extrapolated point y, the prox point z, the gradient at y and the TV prox's dual. The
	 * sums it returns are over its share of the y slices ({@link FusedCost.Workspace}).
	 * <p>
	 * A trial is three phases ({@link #trial}): {@link #proxInput} and {@link #trialSums} act slice by slice (the data
	 * terms separate along y), only {@link #prox} couples neighbouring slices. So an engine on slabs runs the
	 * first and last on each slab's own slices ({@link #onArrays}, {@link #stateArrays}) and the prox on the own
	 * slices with halos ({@link TvStep}), where its input and dual on the halo slices come from their owners.
	 */
	public static final class Steps {
		private final FusedCost cost;
		private final double[] curvature;
		private final int tvIterations;
		private final Parallelism parallelism;
		private final FusedCost.Workspace work;
		// NB: made on the first prox, so that a slab's own-slice steps never allocate the dual.
		private TvStep tvStep;
		// NB: current starts as the caller's volumes; the sets of current, previous and z rotate instead of being copied.
		private List<Volume> current, previous, z;
		private final List<Volume> y, gradient;

		/**
		 * The state before the first iteration from {@code start} (used as the first iterate, not copied; ≥ 0),
		 * with curvature estimates {@code curvature} ({@link #curvatures}), summing over the y slices {@code [shareFrom, shareTo)}.
		 */
		public Steps(FusedCost cost, List<Volume> start, int tvIterations, double[] curvature, Parallelism parallelism, int shareFrom, int shareTo) {
			this(cost, start, ElementVolumes.copies(start), ElementVolumes.zerosLike(start), ElementVolumes.copies(start), ElementVolumes.zerosLike(start), tvIterations,
				curvature, parallelism, shareFrom, shareTo);
		}

		private Steps(FusedCost cost, List<Volume> current, List<Volume> previous, List<Volume> z, List<Volume> y, List<Volume> gradient, int tvIterations, double[] curvature,
			Parallelism parallelism, int shareFrom, int shareTo) {
			this.cost = cost;
			this.curvature = curvature.clone();
			this.tvIterations = tvIterations;
			this.parallelism = parallelism;
			work = cost.new Workspace(parallelism, shareFrom, shareTo);
			this.current = current;
			this.previous = previous;
			this.z = z;
			this.y = y;
			this.gradient = gradient;
		}

		/**
		 * The steps on arrays saved by {@link #stateArrays} (used, not copied), summing over all their y slices;
		 * the prox's dual starts at zero. For an engine whose slabs save the state between phases.
		 */
		public static Steps onArrays(FusedCost cost, float[][] stateArrays, int tvIterations, double[] curvature, Parallelism parallelism) {
			int elements = cost.elementCount();
			if (stateArrays.length != 5 * elements)
				throw new IllegalArgumentException("Need 5 arrays per element (" + elements + "), got " + stateArrays.length);
			List<List<Volume>> sets = new ArrayList<>();
			for (int set = 0; set < 5; set++) {
				List<Volume> volumes = new ArrayList<>();
				for (int e = 0; e < elements; e++)
					volumes.add(new Volume(ArrayImgs.floats(stateArrays[set * elements + e], cost.volumeGeometry().dimensions()), Calibration.PIXEL));
				sets.add(volumes);
			}
			return new Steps(cost, sets.get(0), sets.get(1), sets.get(2), sets.get(3), sets.get(4), tvIterations, curvature, parallelism, 0,
				cost.volumeGeometry().height());
		}

		/** The unweighted terms {haadf, chemical, tv} at the current iterate (shares). */
		public double[] terms() {
			return ProximalGradientSolver.terms(cost, current, work);
		}

		/** The gradient of f at y, kept for the trials; returns f(y) (share). */
		public double gradient() {
			return cost.smoothGradient(y, gradient, work);
		}

		/** z = prox(y − ∇f(y) / (s L̂_e)) in the metric s L̂_e, warm-starting the prox's dual from its last call; the sums at z. */
		public Trial trial(double s) {
			double[] metric = proxInput(s);
			prox(metric);
			return trialSums(metric);
		}

		/** A trial's first phase, slice by slice: z = y − ∇f(y) / (s L̂_e), the prox's input; returns the metric s L̂_e per element. */
		public double[] proxInput(double s) {
			int elements = cost.elementCount();
			double[] metric = new double[elements];
			for (int e = 0; e < elements; e++) {
				double l = metric[e] = s * curvature[e];
				float[] yd = y.get(e).data(), gd = gradient.get(e).data(), zd = z.get(e).data();
				parallelism.forRanges(zd.length, (from, to) -> STEPS.gradientStep(yd, gd, l, zd, from, to));
			}
			return metric;
		}

		/** A trial's second phase: z = prox(z) in {@code metric}, in place, warm-started from the dual of the last call. */
		public void prox(double[] metric) {
			if (tvStep == null)
				tvStep = new TvStep(cost, cost.tvGuide(), tvIterations, parallelism);
			for (int g = 0; g < tvStep.groupCount(); g++)
				tvStep.apply(g, z, metric);
		}

		/** A trial's last phase, slice by slice: the sums at z (shares). */
		public Trial trialSums(double[] metric) {
			return new Trial(slopeAndQuadratic(z, y, gradient, metric, work), cost.haadf(z, work), cost.chemical(z, work));
		}

		/** Σ_e t_e TV(z_e) of the last trial (share). */
		public double tv() {
			return cost.tv(z, work);
		}

		/** Ends the iteration as the {@link Schedule} chose: keeps z or the iterate, then y = x + a (z − x) + b (x − x_prev), clipped at 0. */
		public void advance(Choice choice) {
			List<Volume> prox = z;
			if (choice.accept()) {
				List<Volume> free = previous;
				previous = current;
				current = prox;
				z = free;
			}
			else
				// NB: a copy rather than the same set, so that current, previous and z never alias and a slab can save and restore them.
				ElementVolumes.copy(current, previous);
			double a = choice.a(), b = choice.b();
			for (int e = 0; e < y.size(); e++) {
				float[] yd = y.get(e).data(), cd = current.get(e).data(), pd = previous.get(e).data(), zd = prox.get(e).data();
				parallelism.forRanges(yd.length, (from, to) -> STEPS.extrapolate(cd, zd, pd, a, b, yd, from, to));
			}
		}

		/** The arrays of the state without the prox's dual, not copies, in the order {@link #onArrays} takes: per element the iterate, then the previous one, z, y and the gradient. */
		public float[][] stateArrays() {
			List<float[]> a = new ArrayList<>();
			for (List<Volume> set : List.of(current, previous, z, y, gradient))
				for (Volume v : set)
					a.add(v.data());
			return a.toArray(float[][]::new);
		}

		/** The iterate (not copies). */
		public List<Volume> current() {
			return current;
		}

		/** The prox point z of the last trial, its input after {@link #proxInput} (not copies). */
		public List<Volume> proxPoint() {
			return z;
		}

		/** Copies the iterate into {@code x} unless it is x. */
		void copyCurrentInto(List<Volume> x) {
			if (current != x)
				ElementVolumes.copy(current, x);
		}
	}

	/** The unweighted terms {haadf, chemical, tv} at {@code x}, summed over the y slices {@code [shareFrom, shareTo)}: a slab's shares before its steps exist. */
	public static double[] terms(FusedCost cost, List<Volume> x, Parallelism parallelism, int shareFrom, int shareTo) {
		return terms(cost, x, cost.new Workspace(parallelism, shareFrom, shareTo));
	}

	private static double[] terms(FusedCost cost, List<Volume> x, FusedCost.Workspace work) {
		return new double[] { cost.haadf(x, work), cost.chemical(x, work), cost.tv(x, work) };
	}

	/**
	 * {@code ⟨z − y, g⟩ + ½ Σ_e l_e ‖z_e − y_e‖²}, the sufficient-decrease model's terms beyond f(y), in one pass
	 * over the voxels on the threads. Sums in double per chunk of {@link Parallelism#CHUNK} voxels, the chunks
	 * added in order: the same value on any number of threads.
	 */
	static double slopeAndQuadratic(List<Volume> z, List<Volume> y, List<Volume> g, double[] metric, Parallelism parallelism) {
		double sum = 0;
		for (int e = 0; e < z.size(); e++) {
			float[] zd = z.get(e).data(), yd = y.get(e).data(), gd = g.get(e).data();
			int chunks = (zd.length + Parallelism.CHUNK - 1) / Parallelism.CHUNK;
			double[] slope = new double[chunks], squares = new double[chunks];
			parallelism.forEach(chunks, (w, c) -> {
				double dot = 0, square = 0;
				for (int i = c * Parallelism.CHUNK, end = Math.min(zd.length, i + Parallelism.CHUNK); i < end; i++) {
					double d = (double) zd[i] - yd[i];
					dot += d * gd[i];
					square += d * d;
				}
				slope[c] = dot;
				squares[c] = square;
			});
			double dot = 0, square = 0;
			for (int c = 0; c < chunks; c++) {
				dot += slope[c];
				square += squares[c];
			}
			sum += dot + metric[e] * (square / 2);
		}
		return sum;
	}

	/** {@link #slopeAndQuadratic(List, List, List, double[], Parallelism)} over the workspace's share of the y slices: the whole by that method, else row by row in plane order. */
	static double slopeAndQuadratic(List<Volume> z, List<Volume> y, List<Volume> g, double[] metric, FusedCost.Workspace work) {
		if (work.isWhole())
			return slopeAndQuadratic(z, y, g, metric, work.parallelism);
		double sum = 0;
		for (int e = 0; e < z.size(); e++) {
			float[] zd = z.get(e).data(), yd = y.get(e).data(), gd = g.get(e).data();
			// NB: two sums, since Workspace.sum runs its body on the rows outside the share too and keeps only what it returns.
			double dot = work.sum(zd.length, (from, to) -> {
				double s = 0;
				for (int i = from; i < to; i++)
					s += ((double) zd[i] - yd[i]) * gd[i];
				return s;
			});
			double square = work.sum(zd.length, (from, to) -> {
				double s = 0;
				for (int i = from; i < to; i++) {
					double d = (double) zd[i] - yd[i];
					s += d * d;
				}
				return s;
			});
			sum += dot + metric[e] * (square / 2);
		}
		return sum;
	}

	/**
	 * The prox of λ_TV times the TV term in the metric diag(l_e), in place, warm-started from each group's dual: per
	 * group of the cost ({@link FusedCost#tvGroups}), {@link TvProx} (weight λ_TV t_e / l_e) for a group of one element,
	 * {@link JointTvProx} on the group's elements for a larger one. Groups are independent, so an engine may run them
	 * one at a time, each with its dual, on a slab's slices with halos ({@link #dualArrays}, {@link #release}).
	 */
	public static final class TvStep {
		private final FusedCost cost;
		private final TvGuide guide;
		private final int[][] groups;
		// NB: one prox whose weight changes per step and element; withLambda shares its momentum scratch.
		private final TvProx prox;
		private final JointTvProx[] jointProx;
		private final TvProx.Dual[] duals;
		private final JointTvProx.Dual[] jointDuals;

		/** With the TV settings of {@code cost} and {@code guide} on the slices of the volumes it will get (the cost's own on one machine). */
		public TvStep(FusedCost cost, TvGuide guide, int tvIterations, Parallelism parallelism) {
			this.cost = cost;
			this.guide = guide;
			groups = cost.tvGroups();
			prox = new TvProx(cost.lambdaTv(), tvIterations, parallelism, guide);
			jointProx = new JointTvProx[groups.length];
			for (int g = 0; g < groups.length; g++)
				if (groups[g].length > 1)
					jointProx[g] = new JointTvProx(cost.lambdaTv(), cost.groupTvScales(g), tvIterations, parallelism, guide);
			duals = new TvProx.Dual[groups.length];
			jointDuals = new JointTvProx.Dual[groups.length];
		}

		/** The groups of {@code elements} elements, each its elements: one per element, or with joint TV one of all. */
		public static int[][] groups(boolean jointTv, int elements) {
			if (jointTv)
				return new int[][] { IntStream.range(0, elements).toArray() };
			return IntStream.range(0, elements).mapToObj(e -> new int[] { e }).toArray(int[][]::new);
		}

		/** How many groups. */
		public int groupCount() {
			return groups.length;
		}

		/** The elements of group {@code g}. */
		public int[] elements(int g) {
			return groups[g].clone();
		}

		/** The prox of group {@code g}'s elements of {@code z} (all elements' volumes; the others are not read), in place. */
		public void apply(int g, List<Volume> z, double[] metric) {
			int[] group = groups[g];
			if (group.length == 1) {
				int e = group[0];
				prox.withLambda(cost.lambdaTv() * cost.tvScale(e) / metric[e]).apply(z.get(e), dual(g, z.get(e).geometry()), z.get(e));
				return;
			}
			List<Volume> sub = new ArrayList<>(group.length);
			double[] m = new double[group.length];
			for (int k = 0; k < group.length; k++) {
				sub.add(z.get(group[k]));
				m[k] = metric[group[k]];
			}
			jointProx[g].apply(sub, m, jointDual(g, z.get(0).geometry()), sub);
		}

		/** Group {@code g}'s dual on volumes of {@code geometry} (zero when new), its arrays not copies: x, y, z parts per element of the group. */
		public float[][] dualArrays(int g, VolumeGeometry geometry) {
			return groups[g].length > 1 ? jointDual(g, geometry).arrays() : dual(g, geometry).arrays();
		}

		/** Drops group {@code g}'s dual (the next call starts it at zero). */
		public void release(int g) {
			duals[g] = null;
			jointDuals[g] = null;
		}

		/** Group {@code g}'s share of the TV term of {@code z} at the y slices {@code [from, to)}: t_e TV(z_e), or the group's joint TV. */
		public double tv(int g, List<Volume> z, Parallelism parallelism, int from, int to) {
			return cost.groupTv(g, z, guide, parallelism, from, to);
		}

		private TvProx.Dual dual(int g, VolumeGeometry geometry) {
			if (duals[g] == null)
				duals[g] = new TvProx.Dual(geometry);
			return duals[g];
		}

		private JointTvProx.Dual jointDual(int g, VolumeGeometry geometry) {
			if (jointDuals[g] == null)
				jointDuals[g] = new JointTvProx.Dual(geometry, groups[g].length);
			return jointDuals[g];
		}
	}

	/**
	 * L̂_e = (γ w_e max(x_e)^{γ−1})² ‖A_h‖² + λ_C s_e ‖A_e‖²: the HAADF term's curvature at the largest voxel
	 * of the start, and the Poisson term's (with its count scale s_e) where the model meets data of order 1
	 * (b / (Ax + ε)² ≈ 1).
	 */
	static double[] curvatureEstimates(FusedCost cost, List<Volume> x, Map<Projector, Double> norms) {
		double haadfNorm = normSquared(cost.haadfProjector(), norms);
		int elements = cost.elementCount();
		double[] chemNorms = new double[elements];
		float[] maxima = new float[elements];
		for (int e = 0; e < elements; e++) {
			maxima[e] = FloatArrays.max(x.get(e).data());
			chemNorms[e] = normSquared(cost.chemProjector(e), norms);
		}
		return curvatures(cost, haadfNorm, chemNorms, maxima);
	}

	/**
	 * ‖A‖² of {@code projector} ({@link #POWER_ITERATIONS} from {@link #POWER_SEED}), taken from {@code norms} when
	 * there, else estimated and added: elements often share one chemical projector, and the HAADF guide's
	 * reconstruction needs the same estimate of ‖A_h‖² (see {@link FusedProblem#prepare}).
	 */
	static double normSquared(Projector projector, Map<Projector, Double> norms) {
		return norms.computeIfAbsent(projector, a -> OperatorNorm.squared(a, POWER_ITERATIONS, POWER_SEED));
	}

	/**
	 * {@link #curvatureEstimates} from its global quantities: ‖A_h‖², each element's ‖A_e‖² ({@link #POWER_ITERATIONS}
	 * from {@link #POWER_SEED}) and its start's largest voxel; an engine on slabs reduces them over the slabs.
	 */
	public static double[] curvatures(FusedCost cost, double haadfNorm, double[] chemNorms, float[] startMaxima) {
		double[] w = cost.weights();
		double[] l = new double[w.length];
		for (int e = 0; e < l.length; e++) {
			double slope = cost.gamma() * w[e] * cost.derivativeFactor(startMaxima[e]);
			l[e] = slope * slope * haadfNorm + cost.lambdaChem() * cost.chemScale(e) * chemNorms[e];
		}
		return l;
	}
}
