package org.fusedtomo.recon;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.ProjectorFactory;

/** Poisson EM ({@link Mlem}) from its flux-matched start behind the {@link ReconstructionMethod} contract. */
public record EmMethod(MlemOptions options, int iterations) implements ReconstructionMethod<TiltSeries, Reconstruction> {

	public EmMethod {
		if (options == null)
			throw new IllegalArgumentException("EM options must be given (e.g. MlemOptions.DEFAULT)");
		if (iterations < 1)
			throw new IllegalArgumentException("EM iterations must be at least 1, got " + iterations);
	}

	/** EM with {@link MlemOptions#DEFAULT}. */
	public static EmMethod of(int iterations) {
		return new EmMethod(MlemOptions.DEFAULT, iterations);
	}

	@Override
	public String key() {
		return "em";
	}

	@Override
	public Reconstruction reconstruct(TiltSeries data, VolumeGeometry volume, ProjectorFactory projectors, Parallelism parallelism, Monitor monitor) {
		return new Mlem(projectors.create(volume, data.geometry(), parallelism), options, parallelism).run(data, null, iterations, monitor);
	}
}
