/**
 * One entry point per kind of input: {@link org.fusedtomo.io.readers.SeriesReaders} (every tilt-series format),
 * {@link org.fusedtomo.io.readers.SpectrumImageReaders} (spectrum images) and
 * {@link org.fusedtomo.io.readers.ImageMaps} (2-D maps). They sit above the format packages
 * ({@code io.dm}, {@code io.hdf5}, {@code io.mrc}, {@code io.npy}, {@code io.bruker}), which depend only on {@link org.fusedtomo.io}.
 */
package org.fusedtomo.io.readers;
