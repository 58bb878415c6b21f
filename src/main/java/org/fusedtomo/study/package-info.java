/**
 * The simulation study of DESIGN §6: fused against conventional reconstruction over tilts and dose, with best-iteration baselines.
 * <p>
 * Each cell is seeded and reconstructs through the methods of {@code recon} and {@code recon.fused}.
 */
package org.fusedtomo.study;
