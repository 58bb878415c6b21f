/**
 * Benchmarks behind {@code ./fusedtomo bench}: projector kernels, WBP and the fused reconstruction.
 * <p>
 * Timings only; correctness is the unit tests' job.
 */
package org.fusedtomo.bench;
