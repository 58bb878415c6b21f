package org.fusedtomo.projector;

import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;

/** Creates the default projector for a pair of geometries. */
public final class Projectors {

	private Projectors() {}

	/** The fastest exact-adjoint projector available on this JVM. */
	public static Projector create(VolumeGeometry volume, TiltGeometry tilts, Parallelism parallelism) {
		return new JosephProjector(volume, tilts, parallelism);
	}

	static void checkSizes(VolumeGeometry vg, TiltGeometry tg, org.fusedtomo.data.Volume v, org.fusedtomo.data.TiltSeries t) {
		if (!v.geometry().equals(vg))
			throw new IllegalArgumentException("Volume is " + v.geometry() + " but the projector was built for " + vg);
		if (!t.geometry().equals(tg))
			throw new IllegalArgumentException("Tilt series is " + t.geometry() + " but the projector was built for " + tg);
	}
}
