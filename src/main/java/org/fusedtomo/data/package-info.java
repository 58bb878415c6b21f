/**
 * The data objects: {@link org.fusedtomo.data.Volume} and {@link org.fusedtomo.data.TiltSeries} (float ArrayImgs with a geometry), multi-modal series, calibration and elements.
 * <p>
 * Pixels are held once as floats in x-fastest order; copies are explicit.
 */
package org.fusedtomo.data;
