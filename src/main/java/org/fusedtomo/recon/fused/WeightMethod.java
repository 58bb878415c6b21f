package org.fusedtomo.recon.fused;

import java.util.List;

import org.fusedtomo.data.Elements;

/**
 * How the HAADF model {@code m = Σ_e w_e x_e^γ} weights element e by its atomic number Z_e (DESIGN §4).
 * The codes 0 to 4 are those of the reference code's {@code sigmaMethod}; {@link #Z_OVER_SUM_Z} (3) is
 * its default.
 */
public enum WeightMethod {
	/** 0: w = 1. */
	ONE(0),
	/** 1: w = Z / mean(Z). */
	Z_OVER_MEAN_Z(1),
	/** 2: w = Z^γ / mean(Z^γ). */
	Z_GAMMA_OVER_MEAN(2),
	/** 3: w = Z / ΣZ (the reference default). */
	Z_OVER_SUM_Z(3),
	/** 4: w = Z^γ / Σ Z^γ. */
	Z_GAMMA_OVER_SUM(4);

	private final int code;

	WeightMethod(int code) {
		this.code = code;
	}

	/** The reference code's number for this method, 0 to 4. */
	public int code() {
		return code;
	}

	/** The method with reference number {@code code}; throws for a code outside 0..4. */
	public static WeightMethod ofCode(int code) {
		for (WeightMethod m : values())
			if (m.code == code)
				return m;
		throw new IllegalArgumentException("--weights must be 0 (1), 1 (Z/mean Z), 2 (Z^γ/mean Z^γ), 3 (Z/ΣZ) or 4 (Z^γ/ΣZ^γ), got " + code);
	}

	/**
	 * The weights w_e of the given atomic numbers, in their order.
	 *
	 * @param z atomic numbers, at least one, each ≥ 1
	 * @param gamma the HAADF exponent γ (> 0), used by methods 2 and 4
	 */
	public double[] weights(int[] z, double gamma) {
		if (z.length == 0)
			throw new IllegalArgumentException("Weights need at least one atomic number");
		double[] p = new double[z.length];
		double sum = 0;
		for (int i = 0; i < z.length; i++) {
			if (z[i] < 1)
				throw new IllegalArgumentException("Atomic number " + i + " must be at least 1, got " + z[i]);
			p[i] = switch (this) {
				case ONE -> 1;
				case Z_OVER_MEAN_Z, Z_OVER_SUM_Z -> z[i];
				case Z_GAMMA_OVER_MEAN, Z_GAMMA_OVER_SUM -> Math.pow(z[i], gamma);
			};
			sum += p[i];
		}
		double divisor = switch (this) {
			case ONE -> 1;
			case Z_OVER_MEAN_Z, Z_GAMMA_OVER_MEAN -> sum / z.length;
			case Z_OVER_SUM_Z, Z_GAMMA_OVER_SUM -> sum;
		};
		for (int i = 0; i < p.length; i++)
			p[i] /= divisor;
		return p;
	}

	/** The weights of the given element symbols (periodic-table spelling), in their order. */
	public double[] weights(List<String> elements, double gamma) {
		int[] z = new int[elements.size()];
		for (int i = 0; i < z.length; i++)
			z[i] = Elements.atomicNumber(elements.get(i));
		return weights(z, gamma);
	}
}
