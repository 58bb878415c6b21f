package org.fusedtomo.recon;

/**
 * Frequency windows of weighted backprojection, applied on top of the discrete ramp. A window is a
 * function of the frequency f in cycles per pixel, |f| ≤ ½, equal to 1 at f = 0 so that it keeps the
 * mean level; smoother windows trade resolution for noise.
 */
public enum WbpFilter {

	/** The plain ramp (Ram-Lak): sharpest, amplifies noise the most. */
	RAM_LAK {
		@Override
		public double window(double f) {
			return 1;
		}
	},
	/** Ramp times sinc(f) = sin(πf)/(πf): 2/π at Nyquist. */
	SHEPP_LOGAN {
		@Override
		public double window(double f) {
			return f == 0 ? 1 : Math.sin(Math.PI * f) / (Math.PI * f);
		}
	},
	/** Ramp times cos(πf): 0 at Nyquist. */
	COSINE {
		@Override
		public double window(double f) {
			return Math.cos(Math.PI * f);
		}
	},
	/** Ramp times the Hann window ½(1 + cos 2πf): 0 at Nyquist, the smoothest here. */
	HANN {
		@Override
		public double window(double f) {
			return 0.5 * (1 + Math.cos(2 * Math.PI * f));
		}
	};

	/** The window's gain at frequency {@code f} (cycles per pixel, |f| ≤ ½). */
	public abstract double window(double f);
}
