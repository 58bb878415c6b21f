package org.fusedtomo.recon.fused;

import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.progress.Monitor;

/**
 * A {@link org.fusedtomo.recon.ReconstructionEngine} that also runs the fused reconstruction elsewhere than
 * this JVM's threads (the {@code fusedtomo-spark} module: slabs of y slices). Its result equals
 * {@link FusedReconstruction#run} on the whole series within the tolerance it documents.
 */
public interface FusedEngine {

	/**
	 * Reconstructs every element of {@code series} into {@code volume} (the projections' width and height).
	 *
	 * @throws IllegalArgumentException when the engine cannot run these parameters or this input
	 * @throws java.util.concurrent.CancellationException when the monitor cancels
	 */
	FusedResult fuse(MultiModalSeries series, VolumeGeometry volume, FusedParameters parameters, Monitor monitor);
}
