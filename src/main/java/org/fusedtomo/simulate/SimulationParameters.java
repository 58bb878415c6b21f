package org.fusedtomo.simulate;

import java.util.Arrays;

import org.fusedtomo.geometry.TiltGeometry;

/**
 * What {@link Simulator} acquires from a phantom (DESIGN §6). Immutable; arrays are copied in and out.
 *
 * @param haadfAnglesDeg HAADF tilt angles, degrees, at least one
 * @param chemAnglesDeg chemical-map tilt angles, degrees, at least one; need not match the HAADF ones
 * @param countsPerPixel mean expected counts per chemical-map pixel over the object (the pixels where the
 *            noiseless map exceeds 5% of its maximum), > 0
 * @param haadfDose expected electron counts at the brightest HAADF pixel, > 0; only used with noise
 * @param gamma exponent of the Z^γ HAADF contrast, > 0 (1.6 by default)
 * @param shiftRmsPx RMS of the random per-projection drift in x and in y, pixels, ≥ 0
 * @param seed seeds the drift and all noise
 * @param noise whether to draw Poisson noise; without it the maps hold their expected values
 */
public record SimulationParameters(double[] haadfAnglesDeg, double[] chemAnglesDeg, double countsPerPixel, double haadfDose,
	double gamma, double shiftRmsPx, long seed, boolean noise) {

	public static final double DEFAULT_GAMMA = 1.6;

	public SimulationParameters {
		checkAngles("haadfAnglesDeg", haadfAnglesDeg);
		checkAngles("chemAnglesDeg", chemAnglesDeg);
		checkPositive("countsPerPixel", countsPerPixel);
		checkPositive("haadfDose", haadfDose);
		checkPositive("gamma", gamma);
		if (!(shiftRmsPx >= 0) || !Double.isFinite(shiftRmsPx))
			throw new IllegalArgumentException("shiftRmsPx must be a finite number >= 0, got " + shiftRmsPx);
		haadfAnglesDeg = haadfAnglesDeg.clone();
		chemAnglesDeg = chemAnglesDeg.clone();
	}

	/**
	 * The protocol of DESIGN §6: HAADF −70° to +70° every 3° (47 tilts), chemistry −60° to +60° every 15°
	 * (9 tilts), 10 counts per pixel, a HAADF dose of 10⁴ electrons at the brightest pixel, γ = 1.6, no
	 * drift, seed 1, with noise.
	 */
	public static SimulationParameters defaults() {
		return new SimulationParameters(TiltGeometry.range(-70, 70, 3), TiltGeometry.range(-60, 60, 15), 10, 1e4, DEFAULT_GAMMA, 0, 1, true);
	}

	@Override
	public double[] haadfAnglesDeg() {
		return haadfAnglesDeg.clone();
	}

	@Override
	public double[] chemAnglesDeg() {
		return chemAnglesDeg.clone();
	}

	public SimulationParameters withHaadfAnglesDeg(double[] a) {
		return new SimulationParameters(a, chemAnglesDeg, countsPerPixel, haadfDose, gamma, shiftRmsPx, seed, noise);
	}

	public SimulationParameters withChemAnglesDeg(double[] a) {
		return new SimulationParameters(haadfAnglesDeg, a, countsPerPixel, haadfDose, gamma, shiftRmsPx, seed, noise);
	}

	public SimulationParameters withCountsPerPixel(double c) {
		return new SimulationParameters(haadfAnglesDeg, chemAnglesDeg, c, haadfDose, gamma, shiftRmsPx, seed, noise);
	}

	public SimulationParameters withHaadfDose(double d) {
		return new SimulationParameters(haadfAnglesDeg, chemAnglesDeg, countsPerPixel, d, gamma, shiftRmsPx, seed, noise);
	}

	public SimulationParameters withGamma(double g) {
		return new SimulationParameters(haadfAnglesDeg, chemAnglesDeg, countsPerPixel, haadfDose, g, shiftRmsPx, seed, noise);
	}

	public SimulationParameters withShiftRmsPx(double s) {
		return new SimulationParameters(haadfAnglesDeg, chemAnglesDeg, countsPerPixel, haadfDose, gamma, s, seed, noise);
	}

	public SimulationParameters withSeed(long s) {
		return new SimulationParameters(haadfAnglesDeg, chemAnglesDeg, countsPerPixel, haadfDose, gamma, shiftRmsPx, s, noise);
	}

	public SimulationParameters withNoise(boolean n) {
		return new SimulationParameters(haadfAnglesDeg, chemAnglesDeg, countsPerPixel, haadfDose, gamma, shiftRmsPx, seed, n);
	}

	private static void checkAngles(String name, double[] a) {
		if (a == null || a.length == 0)
			throw new IllegalArgumentException(name + " needs at least one tilt angle");
		for (int i = 0; i < a.length; i++)
			if (!Double.isFinite(a[i]))
				throw new IllegalArgumentException(name + "[" + i + "] is not a finite angle: " + a[i]);
	}

	private static void checkPositive(String name, double v) {
		if (!(v > 0) || !Double.isFinite(v))
			throw new IllegalArgumentException(name + " must be a finite number > 0, got " + v);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof SimulationParameters p && Arrays.equals(p.haadfAnglesDeg, haadfAnglesDeg) && Arrays.equals(p.chemAnglesDeg, chemAnglesDeg)
			&& Double.compare(p.countsPerPixel, countsPerPixel) == 0 && Double.compare(p.haadfDose, haadfDose) == 0
			&& Double.compare(p.gamma, gamma) == 0 && Double.compare(p.shiftRmsPx, shiftRmsPx) == 0 && p.seed == seed && p.noise == noise;
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(new double[] { Arrays.hashCode(haadfAnglesDeg), Arrays.hashCode(chemAnglesDeg), countsPerPixel, haadfDose, gamma, shiftRmsPx, seed, noise ? 1 : 0 });
	}

	@Override
	public String toString() {
		return "SimulationParameters[haadfAnglesDeg=" + Arrays.toString(haadfAnglesDeg) + ", chemAnglesDeg=" + Arrays.toString(chemAnglesDeg) + ", countsPerPixel=" + countsPerPixel
			+ ", haadfDose=" + haadfDose + ", gamma=" + gamma + ", shiftRmsPx=" + shiftRmsPx + ", seed=" + seed + ", noise=" + noise + "]";
	}
}
