/**
 * Quality measures: NRMSE against a truth, half-set Fourier shell correlation, relative residuals and the HAADF/chemistry fit.
 * <p>
 * They read volumes and projections and write nothing; plots of them live in {@code report}.
 */
package org.fusedtomo.metrics;
