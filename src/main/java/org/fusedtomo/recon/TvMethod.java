package org.fusedtomo.recon;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.ProjectorFactory;

/** Least squares with 3D TV ({@link TvReconstruction}) from a zero volume behind the {@link ReconstructionMethod} contract. */
public record TvMethod(TvOptions options, int iterations) implements ReconstructionMethod<TiltSeries, Reconstruction> {

	public TvMethod {
		if (options == null)
			throw new IllegalArgumentException("TV options must be given (e.g. TvOptions.of(lambda))");
		if (iterations < 1)
			throw new IllegalArgumentException("TV iterations must be at least 1, got " + iterations);
	}

	/** TV with weight {@code lambda} and the prox settings of {@link TvOptions#of}. */
	public static TvMethod of(double lambda, int iterations) {
		return new TvMethod(TvOptions.of(lambda), iterations);
	}

	@Override
	public String key() {
		return "tv";
	}

	@Override
	public Reconstruction reconstruct(TiltSeries data, VolumeGeometry volume, ProjectorFactory projectors, Parallelism parallelism, Monitor monitor) {
		return new TvReconstruction(projectors.create(volume, data.geometry(), parallelism), options, parallelism).run(data, null, iterations, monitor);
	}
}
