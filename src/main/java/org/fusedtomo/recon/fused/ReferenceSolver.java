package org.fusedtomo.recon.fused;

import org.fusedtomo.data.FloatArrays;

import java.util.Arrays;
import java.util.List;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.recon.CostHistory;
import org.fusedtomo.recon.Sirt;
import org.fusedtomo.recon.SirtOptions;
import org.fusedtomo.recon.TvProx;

/**
 * Step 4 of the tomo_TV / tomofusion scheme (DESIGN §4), as the reference code runs it. Per iteration:
 * <ol>
 * <li>HAADF step {@code d_e = γ w_e x_e^{γ−1} ⊙ (v − m)}, with {@code m = Σ_e w_e x_e^γ} and v the result
 * of {@code sirtIterations} non-negative SIRT iterations on the HAADF data started from m;</li>
 * <li>chemical step {@code g_e = A_eᵀ[(A_e x_e − b_e) ⊘ (A_e x_e + ε)] / L_e}, {@code L_e = max(A_eᵀA_e 1)};
 * this is the reference's gradient, which differs from ∇ of the stated cost by {@code A_eᵀ[ε ⊘ (A_e x_e + ε)]};</li>
 * <li>{@code x_e ← max(0, x_e − λ_C g_e + λ_H d_e)}, both steps taken from the same x;</li>
 * <li>{@code tvIterations} FGP iterations of the non-negative TV prox with weight λ_TV, cold-started;</li>
 * <li>{@code λ_C ← 0.95 λ_C} when the HAADF term rose from the last iteration.</li>
 * </ol>
 * It is not a descent method: its cost may rise. Cost per iteration: {@code 2·sirtIterations + 4} HAADF
 * projections, three chemical projections per element, and the TV prox.
 * <p>
 * The iteration is split into {@link Steps} (the volumes) and the {@link Schedule} (the λ_C rule on the summed
 * cost terms), so that an engine can run the steps on slabs of y slices with halos and apply the rule once on
 * the sums over slabs (docs/spark.md), as {@link ProximalGradientSolver} is.
 */
public final class ReferenceSolver {

	/** The reference shrinks λ_C by this factor whenever the HAADF term rose. */
	static final double LAMBDA_CHEM_DECAY = 0.95;

	private ReferenceSolver() {}

	/** Runs the iterations on {@code x} in place and returns the cost history. */
	static CostHistory run(FusedCost cost, List<Volume> x, FusedParameters p, Parallelism parallelism, Monitor monitor, long stepsBefore, long totalSteps) {
		int elements = cost.elementCount();
		double[] stepScales = new double[elements];
		for (int e = 0; e < elements; e++)
			stepScales[e] = chemStepScale(FloatArrays.max(normalOperatorOnOnes(cost.chemProjector(e)).data()));
		Steps steps = new Steps(cost, x, p, stepScales, parallelism, 0, cost.volumeGeometry().height());
		Schedule schedule = new Schedule(cost.lambdaChem(), cost.lambdaTv());
		Monitor quiet = monitor.cancelOnly();
		CostHistory history = new CostHistory();
		for (int k = 0; k < p.iterations(); k++) {
			monitor.checkCancelled();
			double[] terms = steps.iterate(schedule.lambdaChem(), quiet);
			schedule.finish(terms[0], terms[1], terms[2]);
			schedule.record(history);
			monitor.progress("Fused (reference)", stepsBefore + k + 1, totalSteps);
		}
		return history;
	}

	/**
	 * The scheme's scalar decisions from sums of the cost terms (over the whole volume, or over slabs): the step
	 * factor λ_C, shrunk by {@link #LAMBDA_CHEM_DECAY} whenever the HAADF term rose. The recorded total weighs the
	 * chemical term with the cost's λ_C, not the shrunk one.
	 */
	public static final class Schedule {
		private final double costLambdaChem, lambdaTv;
		private double lambdaChem, previousHaadf = Double.NaN;
		private FusedCost.Terms last;

		/** From the cost's λ_C (the first step factor) and λ_TV. */
		public Schedule(double lambdaChem, double lambdaTv) {
			this.costLambdaChem = this.lambdaChem = lambdaChem;
			this.lambdaTv = lambdaTv;
		}

		/** λ_C of the next iteration's chemical step. */
		public double lambdaChem() {
			return lambdaChem;
		}

		/** Ends an iteration with the unweighted terms at its iterate: the λ_C rule. */
		public FusedCost.Terms finish(double haadf, double chemical, double tv) {
			last = new FusedCost.Terms(haadf, chemical, tv, haadf + costLambdaChem * chemical + lambdaTv * tv);
			if (haadf > previousHaadf)
				lambdaChem *= LAMBDA_CHEM_DECAY;
			previousHaadf = haadf;
			return last;
		}

		/** Adds the last iteration's terms to {@code history}. */
		public void record(CostHistory history) {
			ReferenceSolver.record(history, last);
		}
	}

	/**
	 * The volumes of the iterations on element volumes held by one machine or one slab: the iterate, the HAADF
	 * model m and the projections A_h m and A_e x_e of the iterate. Every step but the TV prox acts slice by
	 * slice, so on a slab with halos the values on its own slices equal the whole volume's run when the halo
	 * slices of the iterate are refreshed from their owners before they are made; the sums
	 * it returns are over its share of the y slices ({@link FusedCost.Workspace}).
	 */
	public static final class Steps {
		private final FusedCost cost;
		private final List<Volume> x;
		private final double lambdaHaadf;
		private final double[] stepScales;
		private final int sirtIterations;
		private final Parallelism parallelism;
		private final FusedCost.Workspace work;
		private final Sirt sirt;
		private final Sirt.Weights sirtWeights;
		private final TvProx tv;
		private final TvProx.Dual dual;
		private final List<Volume> chemStep;
		private final Volume m;
		private TiltSeries haadfProjection;
		private final TiltSeries[] chemProjections;

		/**
		 * The state from the iterate {@code x} (used, not copied), with the chemical step scales 1 / L_e
		 * ({@link #chemStepScale}), summing over the y slices {@code [shareFrom, shareTo)}.
		 */
		public Steps(FusedCost cost, List<Volume> x, FusedParameters p, double[] stepScales, Parallelism parallelism, int shareFrom, int shareTo) {
			this.cost = cost;
			this.x = x;
			this.lambdaHaadf = p.lambdaHaadf();
			this.stepScales = stepScales.clone();
			this.sirtIterations = p.sirtIterations();
			this.parallelism = parallelism;
			work = cost.new Workspace(parallelism, shareFrom, shareTo);
			sirt = new Sirt(cost.haadfProjector(), SirtOptions.DEFAULT);
			// NB: the SIRT weights depend on the projector only; the reference recomputed them every iteration.
			sirtWeights = sirt.weights();
			tv = new TvProx(p.lambdaTv(), p.referenceSolver().tvIterations(), parallelism, cost.tvGuide());
			dual = new TvProx.Dual(x.get(0).geometry());
			chemStep = ElementVolumes.zerosLike(x);
			// The projections of the current x: the cost evaluation of one iteration computes exactly those the
			// next iteration starts from (A_h m for SIRT's first residual, A_e x_e for the chemical step).
			m = cost.haadfModel(x, parallelism);
			haadfProjection = cost.haadfProjector().forward(m);
			chemProjections = new TiltSeries[cost.elementCount()];
			for (int e = 0; e < chemProjections.length; e++)
				chemProjections[e] = cost.chemProjector(e).forward(x.get(e));
		}

		/** One iteration with chemical step factor {@code lambdaChem}; the unweighted terms {haadf, chemical, tv} at the new iterate (shares). */
		public double[] iterate(double lambdaChem, Monitor quiet) {
			int elements = cost.elementCount();
			double[] w = cost.weights();
			double gamma = cost.gamma(), eps = cost.epsilon();
			Volume v = sirt.runWith(cost.haadfData(), m, haadfProjection, sirtWeights, sirtIterations, parallelism, quiet);
			for (int e = 0; e < elements; e++) {
				Projector a = cost.chemProjector(e);
				TiltSeries ax = chemProjections[e];
				float[] ad = ax.data(), bd = cost.chemData(e).data();
				parallelism.forRanges(ad.length, (from, to) -> {
					for (int i = from; i < to; i++)
						ad[i] = (float) FusedCost.poissonRatio(1, ad[i], bd[i], eps);
				});
				a.back(ax, chemStep.get(e));
			}
			float[] md = m.data(), vd = v.data();
			for (int e = 0; e < elements; e++) {
				float[] xd = x.get(e).data(), gd = chemStep.get(e).data();
				double c = lambdaHaadf * gamma * w[e], s = lambdaChem * stepScales[e];
				parallelism.forRanges(xd.length, (from, to) -> {
					double[] factors = new double[FusedCost.POWER_BLOCK];
					for (int start = from; start < to; start += FusedCost.POWER_BLOCK) {
						int end = Math.min(to, start + FusedCost.POWER_BLOCK);
						cost.derivativeFactors(xd, start, end, factors);
						for (int i = start; i < end; i++) {
							double haadfStep = c * factors[i - start] * ((double) vd[i] - md[i]);
							double next = xd[i] - s * gd[i] + haadfStep;
							xd[i] = next > 0 ? (float) next : 0;
						}
					}
				});
			}
			for (Volume xe : x) {
				// A cold start each time, as the reference: a zeroed dual.
				dual.reset();
				tv.apply(xe, dual, xe);
			}
			cost.haadfModel(x, parallelism, m);
			haadfProjection = cost.haadfProjector().forward(m);
			double chem = 0;
			for (int e = 0; e < elements; e++) {
				chemProjections[e] = cost.chemProjector(e).forward(x.get(e));
				chem += poissonShare(chemProjections[e].data(), cost.chemData(e).data());
			}
			return new double[] { haadfShare(haadfProjection.data(), cost.haadfData().data()), chem, cost.tv(x, work) };
		}

		/** ½‖p − b‖² over the share: as one machine sums it when the share is the whole. */
		private double haadfShare(float[] p, float[] b) {
			return work.isWhole() ? FloatArrays.halfSquaredDistance(p, b) : work.halfSquaredDistance(p, b);
		}

		/** The Poisson term over the share: as one machine sums it (in order) when the share is the whole. */
		private double poissonShare(float[] p, float[] b) {
			return work.isWhole() ? cost.poissonValue(p, b) : cost.poissonValue(p, b, work);
		}

		/** The iterate (not copies). */
		public List<Volume> current() {
			return x;
		}
	}

	static void record(CostHistory history, FusedCost.Terms t) {
		history.add("haadf", t.haadf());
		history.add("chem", t.chemical());
		history.add("tv", t.tv());
		history.add("total", t.total());
	}

	/** {@code AᵀA 1}, whose largest voxel is the reference's Lipschitz bound L ({@link #chemStepScale}). */
	public static Volume normalOperatorOnOnes(Projector a) {
		Volume ones = Volume.zeros(a.volumeGeometry());
		Arrays.fill(ones.data(), 1f);
		return a.back(a.forward(ones));
	}

	/** The chemical step's scale 1 / L from L = {@code max(AᵀA 1)} ({@link #normalOperatorOnOnes}); 1 for an operator that sees nothing. */
	public static double chemStepScale(float maxOfNormalOperatorOnOnes) {
		return 1 / (maxOfNormalOperatorOnOnes > 0 ? (double) maxOfNormalOperatorOnOnes : 1);
	}
}
