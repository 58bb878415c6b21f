package org.fusedtomo.projector;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;

/**
 * The identity between a one-voxel-thick volume (x, y, 1) and a series of one projection (x, y) at 0°:
 * the projector of 2D maps, where HAADF and chemical images are measured directly. With it the fused
 * cost and its solvers fuse 2D maps unchanged. It equals the parallel-beam projector at 0° of a volume
 * one voxel thick; its adjoint is the identity too. Cost: one array copy per call.
 */
public final class IdentityProjector implements Projector {

	/** Builds an identity projector whatever the parallelism (a copy needs no threads). */
	public static final ProjectorFactory FACTORY = (volume, tilts, parallelism) -> new IdentityProjector(volume, tilts);

	private final VolumeGeometry volume;
	private final TiltGeometry tilts;

	/**
	 * @throws IllegalArgumentException unless the volume is one voxel thick, the series holds one
	 *         projection at 0° and both have the same width and height
	 */
	public IdentityProjector(VolumeGeometry volume, TiltGeometry tilts) {
		if (volume.depth() != 1 || tilts.angleCount() != 1 || tilts.angleDeg(0) != 0 || volume.width() != tilts.width() || volume.height() != tilts.height())
			throw new IllegalArgumentException("The identity projector maps a W x H x 1 volume to one W x H projection at 0 deg; got volume " + volume + " and " + tilts);
		this.volume = volume;
		this.tilts = tilts;
	}

	/** The identity for maps of {@code width} x {@code height} pixels. */
	public static IdentityProjector ofSize(int width, int height) {
		return new IdentityProjector(new VolumeGeometry(width, height, 1), new TiltGeometry(width, height, new double[] { 0 }));
	}

	@Override
	public VolumeGeometry volumeGeometry() {
		return volume;
	}

	@Override
	public TiltGeometry tiltGeometry() {
		return tilts;
	}

	@Override
	public void forward(Volume v, TiltSeries out) {
		Projectors.checkSizes(volume, tilts, v, out);
		System.arraycopy(v.data(), 0, out.data(), 0, v.data().length);
	}

	@Override
	public void back(TiltSeries projections, Volume out) {
		Projectors.checkSizes(volume, tilts, out, projections);
		System.arraycopy(projections.data(), 0, out.data(), 0, out.data().length);
	}
}
