package org.fusedtomo.recon;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.ProjectorFactory;

/** {@link Sirt} from a zero volume behind the {@link ReconstructionMethod} contract. */
public record SirtMethod(SirtOptions options, int iterations) implements ReconstructionMethod<TiltSeries, Reconstruction> {

	public SirtMethod {
		if (options == null)
			throw new IllegalArgumentException("SIRT options must be given (e.g. SirtOptions.DEFAULT)");
		if (iterations < 1)
			throw new IllegalArgumentException("SIRT iterations must be at least 1, got " + iterations);
	}

	/** Non-negative SIRT with the classic step ({@link SirtOptions#DEFAULT}). */
	public static SirtMethod of(int iterations) {
		return new SirtMethod(SirtOptions.DEFAULT, iterations);
	}

	@Override
	public String key() {
		return "sirt";
	}

	/** NB: SIRT parallelises inside the projector; {@code parallelism} only reaches the projector. */
	@Override
	public Reconstruction reconstruct(TiltSeries data, VolumeGeometry volume, ProjectorFactory projectors, Parallelism parallelism, Monitor monitor) {
		return new Sirt(projectors.create(volume, data.geometry(), parallelism), options).run(data, null, iterations, monitor);
	}
}
