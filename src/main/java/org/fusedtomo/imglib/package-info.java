/**
 * ImgLib2 adapters shared by the SciJava commands and the ImageJ1 glue: {@link org.fusedtomo.imglib.TiltSeriesImgs}
 * converts between ImgLib2 images with angle text and the core's series.
 */
package org.fusedtomo.imglib;
