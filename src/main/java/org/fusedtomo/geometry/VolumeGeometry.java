package org.fusedtomo.geometry;

/**
 * Size of a reconstructed volume in voxels. x is the width, y the height (parallel to the tilt axis)
 * and z the depth (along the beam at 0° tilt). Voxel centres sit at {@code i - (n-1)/2} in voxel units,
 * so the volume is centred on the tilt axis.
 */
public record VolumeGeometry(int width, int height, int depth) {

	public VolumeGeometry {
		if (width < 1 || height < 1 || depth < 1)
			throw new IllegalArgumentException("Volume size must be positive in every axis, got " + width + " x " + height + " x " + depth);
		if ((long) width * height * depth > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("Volume " + width + " x " + height + " x " + depth + " has more than 2^31 voxels; bin the data first");
	}

	/** A cube of {@code n} voxels per side. */
	public static VolumeGeometry cube(int n) {
		return new VolumeGeometry(n, n, n);
	}

	/** The volume that a tilt series reconstructs into, {@code depth} voxels thick. */
	public static VolumeGeometry of(TiltGeometry tilts, int depth) {
		return new VolumeGeometry(tilts.width(), tilts.height(), depth);
	}

	/**
	 * The volume a tilt series reconstructs into when the depth may be left open (the shells' "0 uses the
	 * projection width"): {@code depth} voxels thick, or as thick as the projections are wide for {@code depth} ≤ 0.
	 */
	public static VolumeGeometry ofDepthOrWidth(TiltGeometry tilts, int depth) {
		return of(tilts, depth > 0 ? depth : tilts.width());
	}

	/**
	 * This volume with {@code margin} voxels more on each side in x, reaching beyond the field of view of
	 * projections as wide as this volume (a specimen wider than the view; {@code data.FieldOfView}). The
	 * projectors centre the view on the volume, so the view's rays are unchanged.
	 */
	public VolumeGeometry widened(int margin) {
		if (margin < 0)
			throw new IllegalArgumentException("A volume's margin must be >= 0 voxels, got " + margin);
		return margin == 0 ? this : new VolumeGeometry(width + 2 * margin, height, depth);
	}

	/**
	 * The margin on each side beyond a centred view {@code viewWidth} wide, the inverse of {@link #widened}: 0 for a
	 * volume as wide as the view.
	 *
	 * @throws IllegalArgumentException when the view is wider than this volume or not centred on it (an odd difference)
	 */
	public int marginBeyond(int viewWidth) {
		if (viewWidth < 1 || viewWidth > width || (width - viewWidth) % 2 != 0)
			throw new IllegalArgumentException("A view " + viewWidth + " wide is not centred in a volume " + width + " wide (needs 1 <= view <= " + width
				+ " and an even difference)");
		return (width - viewWidth) / 2;
	}

	public long voxelCount() {
		return (long) width * height * depth;
	}

	public long[] dimensions() {
		return new long[] { width, height, depth };
	}
}
