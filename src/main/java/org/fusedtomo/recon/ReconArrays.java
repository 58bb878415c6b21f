package org.fusedtomo.recon;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.projector.Projector;

/**
 * Helpers shared by the reconstruction algorithms of this package: guarded weights, constant
 * volumes and series of a projector's geometry, and input checks. Plain array arithmetic is in
 * {@link org.fusedtomo.data.FloatArrays}.
 */
final class ReconArrays {

	/** Below this a ray sum or voxel weight counts as zero (as in ASTRA's SIRT). */
	static final float WEIGHT_EPSILON = 1e-6f;

	private ReconArrays() {}

	/** Replaces each value by its reciprocal, or by 0 where it is below {@link #WEIGHT_EPSILON}. */
	static void invertGuarded(float[] a) {
		for (int i = 0; i < a.length; i++)
			a[i] = a[i] > WEIGHT_EPSILON ? 1 / a[i] : 0;
	}

	/** A volume of ones for the projector's volume geometry. */
	static Volume onesVolume(Projector p) {
		Volume v = Volume.zeros(p.volumeGeometry());
		java.util.Arrays.fill(v.data(), 1f);
		return v;
	}

	/** A tilt series of ones for the projector's tilt geometry. */
	static TiltSeries onesSeries(Projector p) {
		TiltSeries t = TiltSeries.zeros(p.tiltGeometry());
		java.util.Arrays.fill(t.data(), 1f);
		return t;
	}

	/** Throws unless {@code b} and {@code initial} (if not null) fit the projector, and iterations ≥ 0. */
	static void checkInputs(Projector p, TiltSeries b, Volume initial, int iterations) {
		if (b == null)
			throw new IllegalArgumentException("The tilt series b must not be null");
		if (!b.geometry().equals(p.tiltGeometry()))
			throw new IllegalArgumentException("Tilt series b is " + b.geometry() + " but the projector was built for " + p.tiltGeometry());
		if (initial != null && !initial.geometry().equals(p.volumeGeometry()))
			throw new IllegalArgumentException("Initial volume is " + initial.geometry() + " but the projector was built for " + p.volumeGeometry());
		if (iterations < 0)
			throw new IllegalArgumentException("Iteration count must be non-negative, got " + iterations);
	}
}
