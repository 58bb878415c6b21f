package org.fusedtomo.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.metrics.HalfSets.Half;

/**
 * Half-set resolution (DESIGN §5): split the projections even/odd ({@link HalfSets}), reconstruct each
 * half with the same method, and correlate the two volumes in Fourier shells. The method is a function,
 * so any reconstruction (WBP, SIRT, EM, TV, fused) fits. Cost: two reconstructions of half the data and
 * one {@link FourierShellCorrelation#compare} per channel.
 */
public final class HalfSetFsc {

	private HalfSetFsc() {}

	/**
	 * The FSC of the reconstructions of the even and odd halves of {@code series}, with the series'
	 * calibration. {@code reconstruct} must return volumes of one size for both halves.
	 */
	public static FscResult of(TiltSeries series, Function<TiltSeries, Volume> reconstruct, FourierShellCorrelation fsc) {
		Volume even = reconstruct.apply(HalfSets.half(series, Half.EVEN));
		Volume odd = reconstruct.apply(HalfSets.half(series, Half.ODD));
		return fsc.compare(even.withCalibration(series.calibration()), odd.withCalibration(series.calibration()));
	}

	/**
	 * The FSC per channel of a multi-modal reconstruction: every series (HAADF and each element) is
	 * split even/odd, each half-set is reconstructed as a whole (e.g. fused), and the channels the method
	 * returns for both halves (e.g. "HAADF", "Co", …) are compared, in the method's order. Volumes take
	 * the HAADF calibration.
	 *
	 * @throws IllegalArgumentException when the halves give no common channel
	 */
	public static Map<String, FscResult> of(MultiModalSeries series, Function<MultiModalSeries, Map<String, Volume>> reconstruct, FourierShellCorrelation fsc) {
		Map<String, Volume> even = reconstruct.apply(HalfSets.half(series, Half.EVEN));
		Map<String, Volume> odd = reconstruct.apply(HalfSets.half(series, Half.ODD));
		Map<String, FscResult> results = new LinkedHashMap<>();
		for (Map.Entry<String, Volume> e : even.entrySet()) {
			Volume other = odd.get(e.getKey());
			if (other != null)
				results.put(e.getKey(), fsc.compare(e.getValue().withCalibration(series.haadf().calibration()), other.withCalibration(series.haadf().calibration())));
		}
		if (results.isEmpty())
			throw new IllegalArgumentException("The even and odd reconstructions share no channel: " + even.keySet() + " vs " + odd.keySet());
		return results;
	}
}
