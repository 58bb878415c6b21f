package org.fusedtomo.projector;

import org.fusedtomo.data.MissingData;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;

/**
 * {@code M A}: a projector whose output is 0 at the pixels a tilt series did not measure ({@link MissingData}),
 * with the exact adjoint {@code Aᵀ M}. Every reconstruction built on {@link Projector} then fits the measured
 * pixels only, given the data {@link MissingData#filled} (0 there): EM's sensitivity becomes {@code Aᵀ m}, SIRT's
 * ray weights 0 on missing rays, and least-squares and Poisson terms lose the missing pixels' share.
 * Thread-safe as the wrapped projector; {@link #back} allocates one tilt series.
 */
public final class MaskedProjector implements Projector {

	private final Projector projector;
	private final int[] missing;

	private MaskedProjector(Projector projector, int[] missing) {
		this.projector = projector;
		this.missing = missing;
	}

	/**
	 * {@code projector} masked by the missing pixels of {@code data} (NaN), or {@code projector} itself when
	 * nothing is missing.
	 *
	 * @throws IllegalArgumentException when {@code data} does not have the projector's tilt geometry
	 */
	public static Projector of(Projector projector, TiltSeries data) {
		if (!data.geometry().equals(projector.tiltGeometry()))
			throw new IllegalArgumentException("Tilt series is " + data.geometry() + " but the projector was built for " + projector.tiltGeometry());
		int[] missing = MissingData.indices(data);
		return missing.length == 0 ? projector : new MaskedProjector(projector, missing);
	}

	/** How many pixels are masked. */
	public int missingCount() {
		return missing.length;
	}

	@Override
	public VolumeGeometry volumeGeometry() {
		return projector.volumeGeometry();
	}

	@Override
	public TiltGeometry tiltGeometry() {
		return projector.tiltGeometry();
	}

	@Override
	public void forward(Volume volume, TiltSeries out) {
		projector.forward(volume, out);
		float[] d = out.data();
		for (int i : missing)
			d[i] = 0;
	}

	@Override
	public void back(TiltSeries projections, Volume out) {
		TiltSeries masked = projections.copy();
		float[] d = masked.data();
		for (int i : missing)
			d[i] = 0;
		projector.back(masked, out);
	}
}
