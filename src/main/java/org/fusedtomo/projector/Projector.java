package org.fusedtomo.projector;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;

/**
 * A linear parallel-beam projection operator A between a volume and a tilt series, with its exact
 * adjoint. Reconstruction, alignment and metrics use nothing else of a projector, so a faster kernel
 * replaces this one without touching them. Implementations are thread-safe for concurrent calls.
 */
public interface Projector {

	VolumeGeometry volumeGeometry();

	TiltGeometry tiltGeometry();

	/** {@code out = A volume}; {@code out} is overwritten. Sizes must match the geometries. */
	void forward(Volume volume, TiltSeries out);

	/** {@code out = Aᵀ projections}; {@code out} is overwritten. Sizes must match the geometries. */
	void back(TiltSeries projections, Volume out);

	/** A new tilt series holding {@code A volume}. */
	default TiltSeries forward(Volume volume) {
		TiltSeries out = new TiltSeries(tiltGeometry(), volume.calibration());
		forward(volume, out);
		return out;
	}

	/** A new volume holding {@code Aᵀ projections}. */
	default Volume back(TiltSeries projections) {
		Volume out = new Volume(volumeGeometry(), projections.calibration());
		back(projections, out);
		return out;
	}
}
