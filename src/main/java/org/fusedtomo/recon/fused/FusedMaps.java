package org.fusedtomo.recon.fused;

import java.util.LinkedHashMap;
import java.util.List;

import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.IdentityProjector;

/**
 * 2D fusion: the fused cost of {@link FusedCost} with the identity for every projector
 * ({@link IdentityProjector}), on one HAADF image and one chemical map per element, all one projection
 * at 0° of one size. The result holds one W x H x 1 "volume" per element, the fused map. TV is then 2D,
 * because the z axis has one voxel (a difference across it is 0).
 * <p>
 * The code path is {@link FusedReconstruction}'s. Two things differ from tomography, as in the 2D
 * reference code (msa-em/fused-multi-modal-em): EM with the identity returns the normalised map itself
 * after one iteration, so the start is the measured map, and it is not multiplied by 10. Subtract each
 * map's background before (the reference subtracts its minimum); pixels below 0 are clipped.
 * The default parameters ({@link #DEFAULT}) are the reference's 2D tutorial's.
 */
public final class FusedMaps {

	/** λ_C; the reference used 0.006 (Co3O4/Mn3O4 EELS) and 0.08 (DyScO3 X-EDS). */
	public static final double LAMBDA_CHEM = 0.05;
	/** λ_TV on maps normalised to 1; the reference used 0.022 and 0.15. */
	public static final double LAMBDA_TV = 0.02;
	/**
	 * λ_H, the HAADF step. The reference's 1/E oscillates at the brightest columns here (rings at the Dy
	 * columns of DyScO3), because the HAADF image is scaled to the start model's maximum, which makes the
	 * HAADF term steeper than in the reference; 0.1 does not.
	 */
	public static final double LAMBDA_HAADF = 0.1;
	/** Iterations; the reference ran 30. */
	public static final int ITERATIONS = 30;
	/** The reference's 2D Z weighting, Z/mean Z, by its code. */
	public static final int WEIGHT_METHOD_CODE = 1;

	/** The 2D model: γ and ε as in 3D, {@link #WEIGHT_METHOD_CODE}, {@link #LAMBDA_CHEM}, {@link #LAMBDA_TV}, isotropic TV. */
	public static final FusedModel MODEL = new FusedModel(FusedModel.GAMMA, FusedModel.EPSILON, WeightMethod.ofCode(WEIGHT_METHOD_CODE), LAMBDA_CHEM, LAMBDA_TV, 0, false, false, false);

	/**
	 * The 2D defaults: {@link #MODEL} with the reference solver at λ_H {@link #LAMBDA_HAADF} (SIRT and TV
	 * iterations as in 3D), {@link #ITERATIONS} iterations after one EM iteration (the start is then the
	 * measured map), on all cores.
	 */
	public static final FusedParameters DEFAULT = new FusedParameters(MODEL, FusedSolver.REFERENCE,
		new ReferenceSolverSettings(LAMBDA_HAADF, ReferenceSolverSettings.SIRT_ITERATIONS, ReferenceSolverSettings.TV_ITERATIONS), ProximalSolverSettings.DEFAULT, 1,
		ITERATIONS, FusedParameters.DEFAULT.threads());

	private FusedMaps() {}

	/** The 2D defaults ({@link #DEFAULT}) with {@code solver}, which then minimises the same 2D cost. */
	public static FusedParameters defaults(FusedSolver solver) {
		return DEFAULT.withSolver(solver);
	}

	/**
	 * Fuses the maps of {@code maps}: each series one projection at 0°. Progress and cancellation as in
	 * {@link FusedReconstruction}.
	 *
	 * @throws IllegalArgumentException when a series has more than one projection or an angle other
	 *         than 0, or a map has no positive pixel
	 */
	public static Result run(MultiModalSeries maps, FusedParameters parameters, Monitor monitor) {
		if (maps == null || parameters == null || monitor == null)
			throw new IllegalArgumentException("2D fusion needs maps, parameters and a monitor (Monitor.NONE), got a null");
		check("HAADF image", maps.haadf());
		maps.chemical().forEach((el, s) -> check("chemical map of " + el, s));
		VolumeGeometry volume = new VolumeGeometry(maps.width(), maps.height(), 1);
		FusedProblem problem = FusedProblem.prepare(maps, volume, parameters, IdentityProjector.FACTORY, 1, monitor, FusedReconstruction.totalSteps(maps, parameters));
		FusedCost cost = problem.cost;
		LinkedHashMap<String, Volume> start = new LinkedHashMap<>();
		for (int e = 0; e < problem.elements.size(); e++)
			start.put(problem.elements.get(e), problem.start.get(e).copy());
		TiltSeries startModel = cost.haadfProjector().forward(cost.haadfModel(problem.start));
		FusedResult fused = FusedReconstruction.solve(problem, parameters, monitor);
		TiltSeries model = cost.haadfProjector().forward(cost.haadfModel(List.copyOf(fused.volumes().values())));
		return new Result(fused, start, cost.haadfData().copy(), startModel, model, cost.weights());
	}

	/**
	 * A 2D fusion.
	 *
	 * @param fused one W x H x 1 map per element and the cost history
	 * @param start the start of each element: its measured map clipped at 0 and divided by its maximum
	 *        (after {@code emIterations} ≥ 1), the "raw" map on the scale of the fused one
	 * @param haadf the HAADF image as fitted: clipped at 0, normalised, scaled to the start model's maximum
	 * @param startModel the model {@code Σ_e w_e x_e^γ} of the start maps
	 * @param haadfModel the model {@code Σ_e w_e x_e^γ} of the fused maps, on the scale of {@code haadf}
	 * @param weights w_e, in element order
	 */
	public record Result(FusedResult fused, LinkedHashMap<String, Volume> start, TiltSeries haadf, TiltSeries startModel, TiltSeries haadfModel, double[] weights) {

		public Result {
			start = new LinkedHashMap<>(start);
			weights = weights.clone();
		}

		/** A copy of the map; the volumes are shared. */
		@Override
		public LinkedHashMap<String, Volume> start() {
			return new LinkedHashMap<>(start);
		}

		@Override
		public double[] weights() {
			return weights.clone();
		}
	}

	private static void check(String name, TiltSeries s) {
		if (s.angleCount() != 1 || s.angleDeg(0) != 0)
			throw new IllegalArgumentException("2D fusion takes one image per modality (one projection at 0 deg); the " + name + " has " + s.angleCount()
				+ " projections" + (s.angleCount() == 1 ? " at " + s.angleDeg(0) + " deg" : "") + "; use 'reconstruct --method fused' for tilt series");
	}
}
