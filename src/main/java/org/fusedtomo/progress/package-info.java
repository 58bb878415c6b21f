/**
 * Progress and cancellation for core code: the {@link org.fusedtomo.progress.Monitor} that every long call takes.
 * <p>
 * Shells adapt it to a status bar, IJ.showProgress or a console line.
 */
package org.fusedtomo.progress;
