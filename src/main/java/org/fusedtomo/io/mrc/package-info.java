/**
 * MRC/CCP4 stacks and SerialEM .mdoc sidecars.
 * <p>
 * Used through {@link org.fusedtomo.io.readers.SeriesReaders}.
 */
package org.fusedtomo.io.mrc;
