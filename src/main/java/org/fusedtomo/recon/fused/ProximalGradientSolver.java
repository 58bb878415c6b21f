package org.fusedtomo.recon.fused;

import org.fusedtomo.data.FloatArrays;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.fusedtomo.data.Volume;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.OperatorNorm;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.recon.CostHistory;
import org.fusedtomo.recon.JointTvProx;
import org.fusedtomo.recon.TvProx;

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
 */
final class ProximalGradientSolver {

	/** Step factor s grows by this on a failed sufficient-decrease test. */
	static final double BACKTRACK = 2;
	/** And shrinks by this at the start of each iteration, so steps can lengthen again. */
	static final double RELAX = 0.8;
	/** Trials per iteration before the step is taken as is (the safeguard still holds). */
	static final int MAX_TRIALS = 30;
	/** Power-method iterations for ‖A‖². */
	static final int POWER_ITERATIONS = 15;

	/** The element-wise gradient step and extrapolation, on the Vector API where the JVM has it (the same floats). */
	private static final DoubleLoopKernel STEPS = DoubleLoopKernel.fastest();

	private ProximalGradientSolver() {}

	/** Runs the iterations on {@code x} in place (it holds the best iterate on return, also when cancelled) and returns the cost history. */
	static CostHistory run(FusedCost cost, List<Volume> x, FusedParameters p, Parallelism parallelism, Monitor monitor, long stepsBefore, long totalSteps) {
		int elements = cost.elementCount();
		for (Volume v : x)
			FloatArrays.clampNonNegative(v.data());
		double[] curvature = curvatureEstimates(cost, x);
		TvStep tvStep = cost.jointTv() ? new JointTvStep(cost, x, p, parallelism) : new SeparateTvStep(cost, x, p, parallelism);

		// NB: the iterates live in three sets of volumes whose roles rotate instead of being copied: current,
		// previous (the same set as current after an iteration that kept its iterate) and z, the prox point's;
		// spare is the third set while previous is current. x gets the best iterate back at the end.
		List<Volume> current = x, previous = x, spare = ElementVolumes.zerosLike(x);
		List<Volume> y = ElementVolumes.copies(x), z = ElementVolumes.zerosLike(x), gradient = ElementVolumes.zerosLike(x);
		FusedCost.Workspace work = cost.new Workspace(parallelism);
		FusedCost.Terms currentTerms = cost.terms(current);
		double t = 1, s = 1;
		CostHistory history = new CostHistory();
		try {
			for (int k = 0; k < p.iterations(); k++) {
				monitor.checkCancelled();
				double fy = cost.smoothGradient(y, gradient, work);
				if (k > 0)
					s *= RELAX;
				double haadfZ = 0, chemZ = 0;
				for (int trial = 0; trial < MAX_TRIALS; trial++) {
					monitor.checkCancelled();
					double[] metric = new double[elements];
					for (int e = 0; e < elements; e++) {
						double l = metric[e] = s * curvature[e];
						float[] yd = y.get(e).data(), gd = gradient.get(e).data(), zd = z.get(e).data();
						parallelism.forRanges(zd.length, (from, to) -> STEPS.gradientStep(yd, gd, l, zd, from, to));
					}
					tvStep.apply(z, metric);
					double model = fy + slopeAndQuadratic(z, y, gradient, metric, parallelism);
					haadfZ = cost.haadf(z, work);
					chemZ = cost.chemical(z, work);
					double fz = haadfZ + cost.lambdaChem() * chemZ;
					// NB: the slack absorbs float rounding of f, which would otherwise stall the search at convergence.
					if (fz <= model + 1e-7 * Math.abs(fy))
						break;
					s *= BACKTRACK;
				}
				double tvZ = cost.tv(z, parallelism);
				FusedCost.Terms zTerms = new FusedCost.Terms(haadfZ, chemZ, tvZ, haadfZ + cost.lambdaChem() * chemZ + cost.lambdaTv() * tvZ);
				double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
				List<Volume> prox = z;
				if (zTerms.total() <= currentTerms.total()) {
					// The prox point becomes current; the old previous (or the spare) takes the next prox point.
					List<Volume> free = previous == current ? spare : previous;
					previous = current;
					current = prox;
					z = free;
					spare = null;
					currentTerms = zTerms;
				}
				else if (previous != current) {
					spare = previous;
					previous = current;
				}
				// y = x_k + (t/t') (z − x_k) + ((t − 1)/t') (x_k − x_{k−1}), clipped at 0.
				double a = t / tNext, b = (t - 1) / tNext;
				for (int e = 0; e < elements; e++) {
					float[] yd = y.get(e).data(), cd = current.get(e).data(), pd = previous.get(e).data(), zd = prox.get(e).data();
					parallelism.forRanges(yd.length, (from, to) -> STEPS.extrapolate(cd, zd, pd, a, b, yd, from, to));
				}
				t = tNext;
				ReferenceSolver.record(history, currentTerms);
				monitor.progress("Fused (proximal gradient)", stepsBefore + k + 1, totalSteps);
			}
		}
		finally {
			if (current != x)
				ElementVolumes.copy(current, x);
		}
		return history;
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

	/** The prox of λ_TV times the TV term in the metric diag(l_e), in place, warm-started from the last call. */
	private interface TvStep {
		void apply(List<Volume> z, double[] metric);
	}

	/** Σ_e t_e TV(x_e): one {@link TvProx} per element, weight λ_TV t_e / l_e. */
	private static final class SeparateTvStep implements TvStep {
		private final FusedCost cost;
		private final List<TvProx.Dual> duals = new ArrayList<>();
		// NB: one prox whose weight changes per step and element; withLambda shares its momentum scratch.
		private final TvProx prox;

		SeparateTvStep(FusedCost cost, List<Volume> x, FusedParameters p, Parallelism parallelism) {
			this.cost = cost;
			this.prox = new TvProx(cost.lambdaTv(), p.tvIterations(), parallelism, cost.tvGuide());
			for (Volume v : x)
				duals.add(new TvProx.Dual(v.geometry()));
		}

		@Override
		public void apply(List<Volume> z, double[] metric) {
			for (int e = 0; e < z.size(); e++)
				prox.withLambda(cost.lambdaTv() * cost.tvScale(e) / metric[e]).apply(z.get(e), duals.get(e), z.get(e));
		}
	}

	/** Joint TV over all elements at once ({@link JointTvProx}). */
	private static final class JointTvStep implements TvStep {
		private final JointTvProx prox;
		private final JointTvProx.Dual dual;

		JointTvStep(FusedCost cost, List<Volume> x, FusedParameters p, Parallelism parallelism) {
			prox = new JointTvProx(cost.lambdaTv(), cost.tvScales(), p.tvIterations(), parallelism, cost.tvGuide());
			dual = new JointTvProx.Dual(x.get(0).geometry(), x.size());
		}

		@Override
		public void apply(List<Volume> z, double[] metric) {
			prox.apply(z, metric, dual, z);
		}
	}

	/**
	 * L̂_e = (γ w_e max(x_e)^{γ−1})² ‖A_h‖² + λ_C s_e ‖A_e‖²: the HAADF term's curvature at the largest voxel
	 * of the start, and the Poisson term's (with its count scale s_e) where the model meets data of order 1
	 * (b / (Ax + ε)² ≈ 1).
	 */
	static double[] curvatureEstimates(FusedCost cost, List<Volume> x) {
		// NB: elements often share one chemical projector; estimate each operator once.
		Map<Projector, Double> norms = new IdentityHashMap<>();
		double haadfNorm = norms.computeIfAbsent(cost.haadfProjector(), a -> OperatorNorm.squared(a, POWER_ITERATIONS, 1));
		double[] w = cost.weights();
		double[] l = new double[w.length];
		for (int e = 0; e < l.length; e++) {
			double slope = cost.gamma() * w[e] * cost.derivativeFactor(FloatArrays.max(x.get(e).data()));
			double chemNorm = norms.computeIfAbsent(cost.chemProjector(e), a -> OperatorNorm.squared(a, POWER_ITERATIONS, 1));
			l[e] = slope * slope * haadfNorm + cost.lambdaChem() * cost.chemScale(e) * chemNorm;
		}
		return l;
	}
}
