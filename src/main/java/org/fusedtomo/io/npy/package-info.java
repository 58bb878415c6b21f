/**
 * NumPy .npy arrays and .npz archives.
 * <p>
 * Read for element maps that were extracted in Python ({@link org.fusedtomo.io.readers.ImageMaps}).
 */
package org.fusedtomo.io.npy;
