/**
 * SciJava commands, one per pipeline step (Fiji menu, scripts, headless): thin shells that parse inputs, make one core call and declare outputs.
 * <p>
 * {@link org.fusedtomo.command.TiltSeriesImgs} converts between ImgLib2 images with angle text and the core's series.
 */
package org.fusedtomo.command;
