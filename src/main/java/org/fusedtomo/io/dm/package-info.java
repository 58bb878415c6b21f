/**
 * Gatan DM3/DM4 images and spectrum images, with a bounded tag parser.
 * <p>
 * Used through {@link org.fusedtomo.io.readers.SeriesReaders} and the map extraction.
 */
package org.fusedtomo.io.dm;
