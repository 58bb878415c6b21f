package org.fusedtomo.recon;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.projector.Projector;

/**
 * Element-wise arithmetic on the backing arrays of volumes and tilt series, shared by the
 * reconstruction algorithms of this package. Sums accumulate in double so that cost values of large
 * volumes keep their digits. All loops are serial: each costs far less than one projection.
 */
final class FloatArrays {

	/** Below this a ray sum or voxel weight counts as zero (as in ASTRA's SIRT). */
	static final float WEIGHT_EPSILON = 1e-6f;

	private FloatArrays() {}

	static double sumOfSquares(float[] a) {
		double s = 0;
		for (float f : a)
			s += (double) f * f;
		return s;
	}

	/** ½‖a − b‖². */
	static double halfSquaredDistance(float[] a, float[] b) {
		double s = 0;
		for (int i = 0; i < a.length; i++) {
			double d = (double) a[i] - b[i];
			s += d * d;
		}
		return s / 2;
	}

	/** Replaces each value by its reciprocal, or by 0 where it is below {@link #WEIGHT_EPSILON}. */
	static void invertGuarded(float[] a) {
		for (int i = 0; i < a.length; i++)
			a[i] = a[i] > WEIGHT_EPSILON ? 1 / a[i] : 0;
	}

	static void clampNonNegative(float[] a) {
		for (int i = 0; i < a.length; i++)
			if (!(a[i] >= 0))
				a[i] = 0;
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
