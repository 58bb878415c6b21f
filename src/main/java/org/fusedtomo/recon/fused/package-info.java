/**
 * The fused multi-modal reconstruction: the cost {@link org.fusedtomo.recon.fused.FusedCost}, its start, and the reference and proximal-gradient solvers.
 * <p>
 * {@link org.fusedtomo.recon.fused.FusedMethod} puts it behind the {@link org.fusedtomo.recon.ReconstructionMethod} contract.
 */
package org.fusedtomo.recon.fused;
