/**
 * Threads for core kernels: {@link org.fusedtomo.parallel.Parallelism} splits work over slices or ranges, and Vector API detection.
 * <p>
 * Callers pass a Parallelism explicitly; there is no global pool.
 */
package org.fusedtomo.parallel;
