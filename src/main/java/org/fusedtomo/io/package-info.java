/**
 * Reading and writing files: {@link org.fusedtomo.io.SeriesReaders} (one entry point for every tilt-series format), TIFF, BigDataViewer export and atomic writes.
 * <p>
 * Readers refuse bad input with one message naming the file; writers never overwrite an input.
 */
package org.fusedtomo.io;
