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
 */
final class ReferenceSolver {

	/** The reference shrinks λ_C by this factor whenever the HAADF term rose. */
	static final double LAMBDA_CHEM_DECAY = 0.95;

	private ReferenceSolver() {}

	/** Runs the iterations on {@code x} in place and returns the cost history. */
	static CostHistory run(FusedCost cost, List<Volume> x, FusedParameters p, Parallelism parallelism, Monitor monitor, long stepsBefore, long totalSteps) {
		int elements = cost.elementCount();
		double[] w = cost.weights();
		double gamma = cost.gamma(), eps = cost.epsilon(), lambdaHaadf = p.lambdaHaadf();
		double[] invL = new double[elements];
		for (int e = 0; e < elements; e++)
			invL[e] = 1 / maxOfNormalOperatorOnOnes(cost.chemProjector(e));
		Sirt sirt = new Sirt(cost.haadfProjector(), SirtOptions.DEFAULT);
		// NB: the SIRT weights depend on the projector only; the reference recomputed them every iteration.
		Sirt.Weights sirtWeights = sirt.weights();
		TvProx tv = new TvProx(p.lambdaTv(), p.referenceSolver().tvIterations(), parallelism, cost.tvGuide());
		Monitor quiet = monitor.cancelOnly();
		CostHistory history = new CostHistory();
		double lambdaChem = p.lambdaChem(), previousHaadf = Double.NaN;
		List<Volume> chemStep = ElementVolumes.zerosLike(x);
		TvProx.Dual dual = new TvProx.Dual(x.get(0).geometry());
		// The projections of the current x: the cost evaluation of one iteration computes exactly those the
		// next iteration starts from (A_h m for SIRT's first residual, A_e x_e for the chemical step).
		Volume m = cost.haadfModel(x, parallelism);
		TiltSeries haadfProjection = cost.haadfProjector().forward(m);
		TiltSeries[] chemProjections = new TiltSeries[elements];
		for (int e = 0; e < elements; e++)
			chemProjections[e] = cost.chemProjector(e).forward(x.get(e));
		for (int k = 0; k < p.iterations(); k++) {
			monitor.checkCancelled();
			Volume v = sirt.runWith(cost.haadfData(), m, haadfProjection, sirtWeights, p.sirtIterations(), parallelism, quiet);
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
				double c = lambdaHaadf * gamma * w[e], s = lambdaChem * invL[e];
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
				chem += cost.poissonValue(chemProjections[e].data(), cost.chemData(e).data());
			}
			FusedCost.Terms t = cost.terms(FloatArrays.halfSquaredDistance(haadfProjection.data(), cost.haadfData().data()), chem, cost.tv(x, parallelism));
			if (t.haadf() > previousHaadf)
				lambdaChem *= LAMBDA_CHEM_DECAY;
			previousHaadf = t.haadf();
			record(history, t);
			monitor.progress("Fused (reference)", stepsBefore + k + 1, totalSteps);
		}
		return history;
	}

	static void record(CostHistory history, FusedCost.Terms t) {
		history.add("haadf", t.haadf());
		history.add("chem", t.chemical());
		history.add("tv", t.tv());
		history.add("total", t.total());
	}

	/** {@code max(AᵀA 1)}, the reference's Lipschitz bound; 1 for an operator that sees nothing. */
	static double maxOfNormalOperatorOnOnes(Projector a) {
		Volume ones = Volume.zeros(a.volumeGeometry());
		Arrays.fill(ones.data(), 1f);
		float max = FloatArrays.max(a.back(a.forward(ones)).data());
		return max > 0 ? max : 1;
	}
}
