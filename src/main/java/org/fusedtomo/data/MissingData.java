package org.fusedtomo.data;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pixels of a tilt series that hold no measurement, marked NaN: where {@code align} shifted a projection,
 * the pixels it had no data for (README, "align"). They are not zeros: a reconstruction gives them
 * weight 0 ({@code projector.MaskedProjector} on {@link #filled} data) and a held-out score skips them.
 */
public final class MissingData {

	private MissingData() {}

	/** Whether any pixel of {@code series} is NaN. */
	public static boolean any(TiltSeries series) {
		for (float f : series.data())
			if (Float.isNaN(f))
				return true;
		return false;
	}

	/** Whether any series of {@code series} has a missing pixel. */
	public static boolean any(MultiModalSeries series) {
		if (any(series.haadf()))
			return true;
		for (TiltSeries s : series.chemical().values())
			if (any(s))
				return true;
		return false;
	}

	/** {@code series} itself when nothing is missing, otherwise a copy with the missing pixels set to 0. */
	public static TiltSeries filled(TiltSeries series) {
		if (!any(series))
			return series;
		TiltSeries out = series.copy();
		float[] d = out.data();
		for (int i = 0; i < d.length; i++)
			if (Float.isNaN(d[i]))
				d[i] = 0;
		return out;
	}

	/** Each series of {@code series} {@link #filled}, in the same order. */
	public static Map<String, TiltSeries> filled(Map<String, TiltSeries> series) {
		Map<String, TiltSeries> out = new LinkedHashMap<>();
		series.forEach((name, s) -> out.put(name, filled(s)));
		return out;
	}

	/** {@code series} with every series {@link #filled}; itself when nothing is missing. */
	public static MultiModalSeries filled(MultiModalSeries series) {
		if (!any(series))
			return series;
		return series.with(filled(series.haadf()), filled(series.chemical()));
	}

	/** The indices of the missing pixels of {@code series}, ascending (empty when none). */
	public static int[] indices(TiltSeries series) {
		float[] d = series.data();
		int n = 0;
		for (float f : d)
			if (Float.isNaN(f))
				n++;
		int[] out = new int[n];
		for (int i = 0, k = 0; i < d.length; i++)
			if (Float.isNaN(d[i]))
				out[k++] = i;
		return out;
	}
}
