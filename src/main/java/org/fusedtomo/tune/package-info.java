/**
 * Choice of the fused settings: Gaussian-process Bayesian optimisation and the objectives it scores (truth NRMSE, held-out projections, cross-validation).
 * <p>
 * Each objective reconstructs through {@link org.fusedtomo.recon.fused.FusedMethod}, the same contract as every other caller.
 */
package org.fusedtomo.tune;
