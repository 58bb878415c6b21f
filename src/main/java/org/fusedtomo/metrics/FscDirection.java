package org.fusedtomo.metrics;

import java.util.Locale;

/**
 * Which Fourier voxels a shell correlation sums: all of them, or those inside a cone around one axis.
 * The tilt axis is y, so a missing wedge of a single-axis series removes the cone around z.
 */
public enum FscDirection {
	/** Every voxel of the shell: the usual (isotropic) FSC. */
	ALL,
	/** The cone around k_x. */
	X,
	/** The cone around k_y (the tilt axis). */
	Y,
	/** The cone around k_z (the beam direction at 0° tilt). */
	Z;

	/** "all", "x", "y" or "z". */
	public String key() {
		return name().toLowerCase(Locale.ROOT);
	}
}
