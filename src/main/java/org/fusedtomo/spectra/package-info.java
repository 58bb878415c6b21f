/**
 * Element maps from spectrum images (EDS/EELS): energy axis, line windows, background-subtracted window sums per tilt.
 * <p>
 * Plain Java on arrays; the readers in {@code io.bruker}, {@code io.dm} and {@code io.hdf5} supply the {@link org.fusedtomo.spectra.SpectrumImage}s.
 */
package org.fusedtomo.spectra;
