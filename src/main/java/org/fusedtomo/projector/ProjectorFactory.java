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
}
