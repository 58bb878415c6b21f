/**
 * The linear operator of tomography: {@link org.fusedtomo.projector.Projector} (forward and its exact adjoint back) and its Joseph kernels.
 * <p>
 * {@link org.fusedtomo.projector.Projectors#create} picks the scalar or Vector API kernel; {@link org.fusedtomo.projector.ProjectorFactory} lets algorithms take another operator.
 */
package org.fusedtomo.projector;
