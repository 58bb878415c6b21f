package org.fusedtomo.metrics;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.fusedtomo.data.Calibration;

/**
 * The Fourier shell correlation of two volumes, over all directions and in a cone around each axis,
 * with the voxel calibration that turns a resolution in pixels into a length.
 *
 * @param curves one curve per {@link FscDirection}, all present
 * @param coneHalfAngleDeg half-opening of the directional cones, degrees
 * @param calibration voxel size and unit of the volumes
 */
public record FscResult(Map<FscDirection, FscCurve> curves, double coneHalfAngleDeg, Calibration calibration) {

	public FscResult {
		for (FscDirection d : FscDirection.values())
			if (curves.get(d) == null)
				throw new IllegalArgumentException("FSC result lacks the curve of direction " + d.key());
		if (calibration == null)
			throw new IllegalArgumentException("FSC result needs a calibration; use Calibration.PIXEL");
		curves = new EnumMap<>(curves);
	}

	@Override
	public Map<FscDirection, FscCurve> curves() {
		return new EnumMap<>(curves);
	}

	public FscCurve curve(FscDirection direction) {
		return curves.get(direction);
	}

	/** Resolution (period at the crossing) in pixels, ≥ 2. */
	public double resolutionPx(FscDirection direction, FscCriterion criterion) {
		return curves.get(direction).resolutionPx(criterion);
	}

	/** Resolution in the calibration's unit: pixels times the pixel size. */
	public double resolution(FscDirection direction, FscCriterion criterion) {
		return resolutionPx(direction, criterion) * calibration.pixelSize();
	}

	/**
	 * The resolutions for report.json: per criterion and direction {@code {"px": …, "<unit>": …, "crossed": …}}
	 * ({@code crossed} false where the curve stays above the criterion, {@link FscCurve#crosses}), plus
	 * the cone angle and unit.
	 */
	public Map<String, Object> summary() {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("unit", calibration.unit());
		m.put("pixel_size", calibration.pixelSize());
		m.put("cone_half_angle_deg", coneHalfAngleDeg);
		for (FscCriterion c : FscCriterion.values()) {
			Map<String, Object> byDirection = new LinkedHashMap<>();
			for (FscDirection d : FscDirection.values()) {
				Map<String, Object> r = new LinkedHashMap<>();
				r.put("px", resolutionPx(d, c));
				r.put(calibration.unit(), resolution(d, c));
				// NB: false when the curve never falls below the criterion: the value is then the sampling's limit.
				r.put("crossed", curves.get(d).crosses(c));
				byDirection.put(d.key(), r);
			}
			m.put("resolution_" + c.key(), byDirection);
		}
		Map<String, Object> curveMap = new LinkedHashMap<>();
		curveMap.put("frequency_per_px", curves.get(FscDirection.ALL).frequencies());
		for (FscDirection d : FscDirection.values())
			curveMap.put(d.key(), curves.get(d).correlations());
		m.put("curves", curveMap);
		return m;
	}
}
