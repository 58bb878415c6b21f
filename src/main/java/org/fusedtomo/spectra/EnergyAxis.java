package org.fusedtomo.spectra;

/**
 * The energy axis of a spectrum: channel {@code c} is centred on {@code offsetKeV + c·scaleKeV}.
 *
 * @param offsetKeV energy of channel 0 in keV
 * @param scaleKeV width of one channel in keV, positive
 * @param channels number of channels, at least 1
 */
public record EnergyAxis(double offsetKeV, double scaleKeV, int channels) {

	public EnergyAxis {
		if (!Double.isFinite(offsetKeV))
			throw new IllegalArgumentException("Energy offset must be finite, got " + offsetKeV + " keV");
		if (!(scaleKeV > 0) || !Double.isFinite(scaleKeV))
			throw new IllegalArgumentException("Energy scale must be a positive number, got " + scaleKeV + " keV per channel");
		if (channels < 1)
			throw new IllegalArgumentException("A spectrum needs at least one channel, got " + channels);
	}

	/** Energy in keV at the centre of {@code channel}. */
	public double energyKeV(double channel) {
		return offsetKeV + channel * scaleKeV;
	}

	/** The (fractional) channel whose centre is at {@code energyKeV}. */
	public double channel(double energyKeV) {
		return (energyKeV - offsetKeV) / scaleKeV;
	}

	/** Energy of the upper edge of the last channel, keV. */
	public double maxKeV() {
		return energyKeV(channels - 0.5);
	}
}
