package org.fusedtomo.spectra;

/**
 * A window of channels {@code [start, stop)} of an energy axis, with the energies of its outer channel
 * edges. Energies become channels as HyperSpy slices an axis ({@code isig[lo:hi]}): each bound is
 * rounded to the nearest channel centre and the upper one is exclusive, so our sums equal HyperSpy's.
 */
public record EnergyWindow(int start, int stop, double lowKeV, double highKeV) {

	/** The channels of {@code [loKeV, hiKeV]} on {@code axis}; may reach outside it (see {@link #inside}). */
	public static EnergyWindow of(EnergyAxis axis, double loKeV, double hiKeV) {
		int start = (int) Math.round(axis.channel(loKeV)), stop = (int) Math.round(axis.channel(hiKeV));
		return new EnergyWindow(start, stop, axis.energyKeV(start - 0.5), axis.energyKeV(stop - 0.5));
	}

	/** Number of channels. */
	public int channels() {
		return stop - start;
	}

	/** The channel at the window's centre (fractional). */
	public double centreChannel() {
		return 0.5 * (start + stop - 1);
	}

	/** Whether the window holds at least one channel and lies inside {@code axis}. */
	public boolean inside(EnergyAxis axis) {
		return stop > start && start >= 0 && stop <= axis.channels();
	}

	/** Whether the two windows share a channel. */
	public boolean overlaps(EnergyWindow o) {
		return start < o.stop && o.start < stop;
	}
}
