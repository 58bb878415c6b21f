package org.fusedtomo.study;

import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.simulate.SimulationParameters;

/**
 * What the simulation study varies and keeps fixed: the phantom, its size, the numbers of chemical
 * tilts and the counts per pixel to cross, the simulation seed, the fused settings of each solver and of
 * guided-TV fusion (fixed, chosen beforehand on another seed) and the iteration budget of the conventional methods.
 */
public record StudyParameters(String phantom, int size, int[] chemTiltCounts, double[] countsLevels, long seed,
	FusedParameters reference, FusedParameters proximal, FusedParameters guided, int conventionalIterations, double[] tvLambdas) {

	public StudyParameters {
		if (size < 16)
			throw new IllegalArgumentException("Study size must be at least 16 voxels, got " + size);
		if (chemTiltCounts.length == 0 || countsLevels.length == 0)
			throw new IllegalArgumentException("The study needs at least one chemical tilt count and one counts level");
		for (int n : chemTiltCounts)
			if (n < 2)
				throw new IllegalArgumentException("Chemical tilt counts must be at least 2, got " + n);
		chemTiltCounts = chemTiltCounts.clone();
		countsLevels = countsLevels.clone();
		tvLambdas = tvLambdas.clone();
	}

	/** Chemical tilts for {@code n} maps: every 15° over ±60° for 9 (DESIGN §6), ±70° for 10 or more. */
	public static double[] chemAngles(int n) {
		double span = n >= 10 ? 70 : 60;
		double[] a = new double[n];
		for (int i = 0; i < n; i++)
			a[i] = -span + 2 * span * i / (n - 1);
		return a;
	}

	/** The simulation of one cell of the grid: DESIGN §6 HAADF, {@code n} chemical tilts at {@code counts}. */
	public SimulationParameters simulation(int n, double counts) {
		return SimulationParameters.defaults().withChemAnglesDeg(chemAngles(n)).withCountsPerPixel(counts).withSeed(seed);
	}
}
