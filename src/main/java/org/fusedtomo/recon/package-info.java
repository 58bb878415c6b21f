/**
 * Reconstruction methods behind one contract, {@link org.fusedtomo.recon.ReconstructionMethod}: WBP, SIRT, Poisson EM and TV (FISTA with an FGP TV prox).
 * <p>
 * Each method record is its settings; data, volume geometry, projectors, threads and monitor are given to it separately.
 */
package org.fusedtomo.recon;
