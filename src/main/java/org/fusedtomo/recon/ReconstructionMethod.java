package org.fusedtomo.recon;

import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.ProjectorFactory;

/**
 * The contract of every reconstruction method (WBP, SIRT, EM, TV, fused): the method object is its
 * settings (a record such as {@link SirtMethod}); the data, the volume geometry, the projectors, the
 * threads and the monitor are given separately, so that a shell, the study, the tuner and a distributed
 * runner call any method the same way. As in ASTRA, geometry, projector and algorithm are separate
 * pieces: the algorithm sees the data only through the projectors that {@code projectors} makes.
 *
 * @param <D> the data: {@link org.fusedtomo.data.TiltSeries} for single-series methods,
 *        {@link org.fusedtomo.data.MultiModalSeries} for fused ones
 * @param <R> the result, with the volumes and the cost history
 */
public interface ReconstructionMethod<D, R extends ReconstructionResult> {

	/** A short lower-case name for reports and file names ("wbp", "sirt", "em", "tv", "fused"). */
	String key();

	/**
	 * Reconstructs {@code data} into {@code volume}, projecting with what {@code projectors} makes.
	 * Reports progress and checks for cancellation through {@code monitor} (throws
	 * {@link java.util.concurrent.CancellationException}).
	 *
	 * @throws IllegalArgumentException when the volume does not fit the data or a setting does not fit it
	 */
	R reconstruct(D data, VolumeGeometry volume, ProjectorFactory projectors, Parallelism parallelism, Monitor monitor);

	/** {@link #reconstruct(Object, VolumeGeometry, ProjectorFactory, Parallelism, Monitor)} with the parallel-beam projector. */
	default R reconstruct(D data, VolumeGeometry volume, Parallelism parallelism, Monitor monitor) {
		return reconstruct(data, volume, ProjectorFactory.TOMOGRAPHY, parallelism, monitor);
	}
}
