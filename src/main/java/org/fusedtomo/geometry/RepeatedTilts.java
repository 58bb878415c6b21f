package org.fusedtomo.geometry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Projections grouped by tilt: a series recorded with several exposures per tilt (dose-fractionated or
 * liquid-cell acquisitions) holds equal angles, and each group here is one tilt with its exposures.
 * Angles within {@link #TOLERANCE_DEG} of a group's first (smallest) angle belong to that group. Groups
 * are in increasing angle; the indices inside a group are in increasing index, i.e. in acquisition order
 * for a series the readers sorted (they sort stably). Immutable.
 */
public final class RepeatedTilts {

	/** Angles closer than this (degrees) are one tilt, as {@code Alignment.matches} counts them equal. */
	public static final double TOLERANCE_DEG = 1e-6;

	private final int[][] groups;
	private final double[] anglesDeg;

	private RepeatedTilts(int[][] groups, double[] anglesDeg) {
		this.groups = groups;
		this.anglesDeg = anglesDeg;
	}

	/** The tilts of projections at {@code anglesDeg} (any order, finite). Cost: one sort. */
	public static RepeatedTilts of(double[] anglesDeg) {
		int n = anglesDeg.length;
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++)
			order[i] = i;
		// NB: Arrays.sort on objects is stable, so equal angles keep their index order.
		Arrays.sort(order, (a, b) -> Double.compare(anglesDeg[a], anglesDeg[b]));
		List<int[]> groups = new ArrayList<>();
		List<Double> angles = new ArrayList<>();
		int start = 0;
		for (int k = 1; k <= n; k++)
			if (k == n || anglesDeg[order[k]] - anglesDeg[order[start]] > TOLERANCE_DEG) {
				int[] g = new int[k - start];
				double sum = 0;
				for (int j = start; j < k; j++) {
					g[j - start] = order[j];
					sum += anglesDeg[order[j]];
				}
				Arrays.sort(g);
				groups.add(g);
				angles.add(sum / g.length);
				start = k;
			}
		return new RepeatedTilts(groups.toArray(int[][]::new), angles.stream().mapToDouble(Double::doubleValue).toArray());
	}

	/** {@link #of(double[])} of a geometry's angles. */
	public static RepeatedTilts of(TiltGeometry geometry) {
		return of(geometry.anglesDeg());
	}

	/** The number of distinct tilts. */
	public int tiltCount() {
		return groups.length;
	}

	/** The number of projections (exposures) over all tilts. */
	public int projectionCount() {
		return Arrays.stream(groups).mapToInt(g -> g.length).sum();
	}

	/** Exposures per tilt on average, projections ÷ tilts: 1 without repeats. */
	public double meanExposures() {
		return (double) projectionCount() / tiltCount();
	}

	/** Whether some tilt has more than one exposure. */
	public boolean hasRepeats() {
		return groups.length < projectionCount();
	}

	/** The projection indices of tilt {@code t} (a copy), in increasing index. */
	public int[] exposures(int t) {
		return groups[t].clone();
	}

	/** The number of exposures of tilt {@code t}. */
	public int exposureCount(int t) {
		return groups[t].length;
	}

	/** The angle (degrees) of tilt {@code t}: the mean of its exposures' angles. */
	public double angleDeg(int t) {
		return anglesDeg[t];
	}

	/** The distinct tilt angles in increasing order (a copy). */
	public double[] anglesDeg() {
		return anglesDeg.clone();
	}

	/** The tilt of each projection: {@code tiltOf()[i]} is the group index of projection i. */
	public int[] tiltOf() {
		int[] t = new int[projectionCount()];
		for (int g = 0; g < groups.length; g++)
			for (int i : groups[g])
				t[i] = g;
		return t;
	}

	/** The fewest and most exposures of any tilt, {@code {min, max}}. */
	public int[] exposureRange() {
		int min = Integer.MAX_VALUE, max = 0;
		for (int[] g : groups) {
			min = Math.min(min, g.length);
			max = Math.max(max, g.length);
		}
		return new int[] { min, max };
	}

	/** One line for reports: e.g. "116 projections at 46 distinct tilts (1 to 4 exposures per tilt)". */
	public String summary() {
		int[] r = exposureRange();
		String per = r[0] == r[1] ? r[0] + " exposure" + (r[0] == 1 ? "" : "s") : r[0] + " to " + r[1] + " exposures";
		return projectionCount() + " projections at " + tiltCount() + " distinct tilts (" + per + " per tilt)";
	}
}
