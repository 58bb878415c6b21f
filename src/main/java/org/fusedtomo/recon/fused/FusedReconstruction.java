package org.fusedtomo.recon.fused;

import java.util.LinkedHashMap;
import java.util.List;

import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.ProjectorFactory;
import org.fusedtomo.recon.CostHistory;

/**
 * Fused multi-modal reconstruction (DESIGN §4): per-element volumes x_e ≥ 0 that agree with the chemical
 * maps (Poisson) and whose Z-weighted sum {@code Σ_e w_e x_e^γ} explains the HAADF projections, with
 * TV regularisation; the cost is {@link FusedCost}.
 * <p>
 * Both solvers start as the reference code does: every series is clipped at 0 and divided by its
 * maximum; each element is reconstructed by Poisson EM ({@link org.fusedtomo.recon.Mlem}) on its
 * chemical data alone, from the flux-matched positive constant (EM cannot leave the reference's x = 0);
 * the reference multiplies these volumes by 10; and each HAADF projection is rescaled so that its maximum
 * matches the model's reprojection. Then {@link FusedSolver#REFERENCE} runs the reference iterations and
 * {@link FusedSolver#PROXIMAL_GRADIENT} minimises the cost with monotone FISTA. NB: the proximal-gradient
 * solver skips the ×10, because it minimises F, and ×10 puts the start where the Poisson term (which
 * wants {@code A_e x_e ≈ b_e}) and the rescaled HAADF term disagree by that factor. The volumes are on the
 * scale of normalised data.
 * <p>
 * Cost: {@code emIterations} forward and back chemical projections per element, then per iteration
 * about 2·sirtIterations + 4 HAADF projections and 3 chemical projections per element (reference), or
 * 3 to 4 of each (proximal gradient); memory about eight volumes per element. Reports progress once per
 * iteration (EM, guide or fused; a guide iteration counts as 1/{@value FusedProblem#GUIDE_ITERATIONS_PER_STEP} step)
 * and checks for cancellation as often (throws
 * {@link java.util.concurrent.CancellationException}).
 * <p>
 * The static entry points are kept for existing callers; {@link FusedMethod} is the same algorithm behind
 * the {@link org.fusedtomo.recon.ReconstructionMethod} contract.
 */
public final class FusedReconstruction {

	private FusedReconstruction() {}

	/** Reconstructs into a volume of the projections' width and height and {@code depth} voxels along z. */
	public static FusedResult run(MultiModalSeries series, int depth, FusedParameters parameters, Monitor monitor) {
		return run(series, VolumeGeometry.of(series.haadf().geometry(), depth), parameters, monitor);
	}

	/**
	 * Reconstructs every element of {@code series} into {@code volume}, whose width and height must be
	 * those of the projections.
	 *
	 * @throws IllegalArgumentException when the volume does not fit the projections or a series has no
	 *         positive pixel
	 */
	public static FusedResult run(MultiModalSeries series, VolumeGeometry volume, FusedParameters parameters, Monitor monitor) {
		if (parameters == null)
			throw new IllegalArgumentException("Fused reconstruction needs a series, a volume geometry, parameters and a monitor (Monitor.NONE), got a null");
		return new FusedMethod(parameters).reconstruct(series, volume, new Parallelism(parameters.threads()), monitor);
	}

	/**
	 * The fused reconstruction with the projectors that {@code projectors} makes and the EM start
	 * multiplied by {@code startScale}, the HAADF guide from {@code guides} (null: made here): {@link FusedProblem#prepare} then {@link #solve},
	 * with the settings {@link FusedParameters#forSeries} of the series.
	 */
	static FusedResult run(MultiModalSeries series, VolumeGeometry volume, FusedParameters parameters, ProjectorFactory projectors, double startScale, GuideImages guides,
		Monitor monitor) {
		if (series == null || volume == null || parameters == null || monitor == null)
			throw new IllegalArgumentException("Fused reconstruction needs a series, a volume geometry, parameters and a monitor (Monitor.NONE), got a null");
		// NB: binned maps' iterations follow their count level (FusedParameters.forSeries); full sampling is unchanged.
		FusedParameters p = parameters.forSeries(series);
		return solve(FusedProblem.prepare(series, volume, p, projectors, startScale, guides, monitor, totalSteps(series, p)), p, monitor);
	}

	/** Progress steps of a whole run: the EM iterations of every element, the HAADF guide ({@link FusedProblem#guideSteps}), then the fused iterations. */
	static long totalSteps(MultiModalSeries series, FusedParameters parameters) {
		return stepsBeforeSolver(series.elementCount(), parameters) + parameters.iterations();
	}

	/** Progress steps before the solver's: the EM start's and the guide's. */
	private static long stepsBeforeSolver(int elements, FusedParameters parameters) {
		return (long) elements * parameters.emIterations() + FusedProblem.guideSteps(parameters);
	}

	/** Runs the chosen solver on a prepared problem; its start volumes become the result. */
	static FusedResult solve(FusedProblem problem, FusedParameters parameters, Monitor monitor) {
		long before = stepsBeforeSolver(problem.elements.size(), parameters);
		long total = before + parameters.iterations();
		List<Volume> x = problem.start;
		CostHistory history = switch (parameters.solver()) {
			case REFERENCE -> ReferenceSolver.run(problem.cost, x, parameters, problem.parallelism, monitor, before, total);
			case PROXIMAL_GRADIENT -> ProximalGradientSolver.run(problem.cost, x, parameters, problem.operatorNorms, problem.parallelism, monitor, before, total);
		};
		LinkedHashMap<String, Volume> volumes = new LinkedHashMap<>();
		for (int e = 0; e < x.size(); e++)
			volumes.put(problem.elements.get(e), x.get(e));
		return new FusedResult(volumes, history, problem.guideImage, FusedResult.named(problem.cost.tvGroups(), problem.elements));
	}
}
