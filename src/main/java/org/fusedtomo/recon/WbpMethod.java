package org.fusedtomo.recon;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.ProjectorFactory;

/** {@link Wbp} behind the {@link ReconstructionMethod} contract; the filter is its only setting. */
public record WbpMethod(WbpFilter filter) implements ReconstructionMethod<TiltSeries, Reconstruction> {

	public WbpMethod {
		if (filter == null)
			throw new IllegalArgumentException("WBP filter must be given (e.g. WbpFilter.SHEPP_LOGAN)");
	}

	@Override
	public String key() {
		return "wbp";
	}

	@Override
	public Reconstruction reconstruct(TiltSeries data, VolumeGeometry volume, ProjectorFactory projectors, Parallelism parallelism, Monitor monitor) {
		return new Wbp(projectors.create(volume, data.geometry(), parallelism), filter, parallelism).run(data, monitor);
	}
}
