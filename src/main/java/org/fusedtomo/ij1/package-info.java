/**
 * The one ImageJ 1.x adapter: the PlugIn that runs any command from {@code plugins.config}, ImagePlus conversion, the element composite and viewers.
 * <p>
 * Outside the shells, ImageJ 1.x is used only for images drawn or saved off screen ({@code report}, TIFF in {@code io}).
 */
package org.fusedtomo.ij1;
