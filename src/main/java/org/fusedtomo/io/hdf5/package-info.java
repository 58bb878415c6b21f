/**
 * HDF5 files: tomo_TV, Berkeley EMD and Velox EMD layouts, JSON recipes, and Velox spectrum streams.
 * <p>
 * Used through {@link org.fusedtomo.io.readers.SeriesReaders} and the map extraction.
 */
package org.fusedtomo.io.hdf5;
