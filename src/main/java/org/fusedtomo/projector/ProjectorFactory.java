package org.fusedtomo.projector;

import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;

/**
 * Makes the projector for a pair of geometries, so that an algorithm built on {@link Projector} can run
 * with another operator without a copy of its code: the fused cost uses {@link #TOMOGRAPHY} for tilt
 * series and {@link IdentityProjector#FACTORY} for 2D maps.
 */
@FunctionalInterface
public interface ProjectorFactory {

	/** The default parallel-beam projector, {@link Projectors#create}. */
	ProjectorFactory TOMOGRAPHY = Projectors::create;

	/**
	 * A projector from {@code volume} to {@code tilts}.
	 *
	 * @throws IllegalArgumentException when this kind of projector cannot map between the two geometries
	 */
	Projector create(VolumeGeometry volume, TiltGeometry tilts, Parallelism parallelism);

	/**
	 * A factory that hands out {@code projector} itself, for algorithms that take a factory when the caller
	 * has built the projector (e.g. a {@link SampledProjector}).
	 *
	 * @throws IllegalArgumentException from {@link #create} when asked for other geometries than the projector's
	 */
	static ProjectorFactory of(Projector projector) {
		return (volume, tilts, parallelism) -> {
			if (!volume.equals(projector.volumeGeometry()) || !tilts.equals(projector.tiltGeometry()))
				throw new IllegalArgumentException("This projector maps " + projector.volumeGeometry() + " to " + projector.tiltGeometry().width() + "x"
					+ projector.tiltGeometry().height() + " projections; asked for " + volume + " and " + tilts.width() + "x" + tilts.height() + " at other angles or sizes");
			return projector;
		};
	}
}
