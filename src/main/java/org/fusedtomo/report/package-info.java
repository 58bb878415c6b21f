/**
 * What a run leaves for people: report.json, orthoslice montages and convergence, FSC, shift and study plots.
 * <p>
 * Images are drawn with ImageJ 1.x processors, off screen; nothing here computes a result the pipeline uses.
 */
package org.fusedtomo.report;
