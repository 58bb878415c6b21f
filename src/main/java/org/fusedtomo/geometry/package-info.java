/**
 * Immutable geometries: the volume grid, the tilt angles (degrees) with their sizes, repeated tilts and shift interpolation.
 * <p>
 * A projector holds copies of both geometries, as in ASTRA; data objects take their sizes from them.
 */
package org.fusedtomo.geometry;
