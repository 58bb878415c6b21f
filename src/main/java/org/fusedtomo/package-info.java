/**
 * Fused Tomography: (fused multi-modal) electron tomography on ImgLib2, by pipeline stage in the sub-packages.
 * <p>
 * {@link org.fusedtomo.FusedTomography} is the small static API for scripts; the shells are {@code command}, {@code ij1} and {@code cli}.
 */
package org.fusedtomo;
