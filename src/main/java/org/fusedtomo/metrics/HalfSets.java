package org.fusedtomo.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;

/**
 * The even/odd split of a tilt series for half-set FSC: projections 0, 2, 4, … and 1, 3, 5, … in the
 * series' own order (sort the series by angle first for interleaved angular coverage). In a sorted
 * series with repeated tilts the exposures of a tilt alternate between the halves, so with two
 * exposures per tilt each half holds every tilt once. Each half is a copy.
 */
public final class HalfSets {

	private HalfSets() {}

	/** Which half of the projections. */
	public enum Half {
		/** Projections 0, 2, 4, …. */
		EVEN,
		/** Projections 1, 3, 5, …. */
		ODD;

		/** The indices of this half among {@code count} projections. */
		public int[] indices(int count) {
			int first = this == EVEN ? 0 : 1;
			int[] idx = new int[(count - first + 1) / 2];
			for (int i = 0; i < idx.length; i++)
				idx[i] = first + 2 * i;
			return idx;
		}
	}

	/**
	 * The projections of one half of {@code series}.
	 *
	 * @throws IllegalArgumentException when the series has fewer than 2 projections
	 */
	public static TiltSeries half(TiltSeries series, Half half) {
		if (series.angleCount() < 2)
			throw new IllegalArgumentException("An even/odd split needs at least 2 projections, got " + series.angleCount());
		return series.subset(half.indices(series.angleCount()));
	}

	/** Every series of {@code series} (HAADF and each element) split the same way. */
	public static MultiModalSeries half(MultiModalSeries series, Half half) {
		Map<String, TiltSeries> chemical = new LinkedHashMap<>();
		series.chemical().forEach((el, s) -> chemical.put(el, half(s, half)));
		return series.with(half(series.haadf(), half), chemical);
	}
}
