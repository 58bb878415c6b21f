package org.fusedtomo.align;

/**
 * Sub-pixel shifts of 1-D signals by a phase ramp on their spectra (JTransforms' interleaved complex layout).
 * Public for {@code simulate.DetectorTurn}, which turns images by three such shifts.
 */
public final class FourierShift {

	private FourierShift() {}

	/**
	 * Writes into {@code out} the spectrum of {@code p(t + s)}, given the spectrum of {@code p} of {@code n}
	 * complex values (2n doubles, re/im interleaved); {@code out} may be longer.
	 */
	public static void shift(double[] spectrum, int n, double s, double[] out) {
		for (int f = 0; f < n; f++) {
			double angle = 2 * Math.PI * frequency(f, n) * s, cos = Math.cos(angle), sin = Math.sin(angle);
			double re = spectrum[2 * f], im = spectrum[2 * f + 1];
			out[2 * f] = re * cos - im * sin;
			out[2 * f + 1] = re * sin + im * cos;
		}
	}

	/** The signed frequency of bin {@code f} of an {@code n}-point transform, cycles per sample. */
	public static double frequency(int f, int n) {
		return (f <= n / 2 ? f : f - n) / (double) n;
	}
}
