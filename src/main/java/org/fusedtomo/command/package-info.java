/**
 * SciJava commands, one per pipeline step (Fiji menu, scripts, headless): thin shells that parse inputs, make one core call and declare outputs.
 * <p>
 * ImgLib2 conversion lives in {@link org.fusedtomo.imglib}, shared with the ImageJ1 glue.
 */
package org.fusedtomo.command;
