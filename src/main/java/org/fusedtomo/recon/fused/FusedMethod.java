package org.fusedtomo.recon.fused;

import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.ProjectorFactory;
import org.fusedtomo.recon.ReconstructionMethod;

/**
 * The fused multi-modal reconstruction ({@link FusedReconstruction}) behind the {@link ReconstructionMethod}
 * contract. NB: the threads come from the {@link Parallelism} given to {@link #reconstruct}; they replace
 * {@link FusedParameters#threads()}, which stays in the record only for the shells that fill it.
 */
public record FusedMethod(FusedParameters parameters, GuideImages guides) implements ReconstructionMethod<MultiModalSeries, FusedResult> {

	/** The product's method, {@link FusedParameters#DEFAULT}. */
	public static final FusedMethod DEFAULT = new FusedMethod(FusedParameters.DEFAULT);

	/**
	 * @param guides where the HAADF guide is kept between reconstructions of the same HAADF series (a
	 *        cross-validation's folds and grid points); null: each reconstruction makes its own
	 */
	public FusedMethod {
		if (parameters == null)
			throw new IllegalArgumentException("Fused parameters must be given (e.g. FusedParameters.DEFAULT)");
	}

	/** The method with {@code parameters}, each reconstruction making its own guide. */
	public FusedMethod(FusedParameters parameters) {
		this(parameters, null);
	}

	@Override
	public String key() {
		return "fused";
	}

	/**
	 * Reconstructs every element of {@code data} into {@code volume}, whose width and height must be those
	 * of the projections; {@code projectors} makes the HAADF's projector and, through
	 * {@link org.fusedtomo.projector.SampledProjector}, the chemical ones.
	 */
	@Override
	public FusedResult reconstruct(MultiModalSeries data, VolumeGeometry volume, ProjectorFactory projectors, Parallelism parallelism, Monitor monitor) {
		if (parallelism == null)
			throw new IllegalArgumentException("Fused reconstruction needs a Parallelism (e.g. Parallelism.available()), got null");
		FusedParameters p = parameters.threads() == parallelism.threads() ? parameters : parameters.withThreads(parallelism.threads());
		double startScale = p.solver() == FusedSolver.REFERENCE ? FusedProblem.REFERENCE_START_SCALE : 1;
		return FusedReconstruction.run(data, volume, p, projectors, startScale, guides, monitor);
	}
}
