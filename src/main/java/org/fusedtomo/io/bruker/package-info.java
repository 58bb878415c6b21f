/**
 * Bruker .bcf spectrum images (SFS container, header and packed pixels).
 * <p>
 * They become element maps through {@code spectra}.
 */
package org.fusedtomo.io.bruker;
