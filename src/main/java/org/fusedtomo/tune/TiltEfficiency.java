package org.fusedtomo.tune;

import java.util.Arrays;
import java.util.Locale;
import java.util.TreeMap;

import org.fusedtomo.data.TiltSeries;

/**
 * A chemical series' per-tilt efficiency η(θ), for predicting its maps at tilts it did not record: η(θ) A_θ x.
 * At each recorded tilt η is the measured total over the reconstruction's reprojected total (pixels measured only),
 * divided by the same ratio over all recorded tilts, so η averages about 1 and the volume keeps its scale; between
 * recorded tilts it is interpolated linearly in θ, beyond them held at the nearest one.
 * <p>
 * Why: on the IDP X-ray maps (docs/real-data.md, "Per-tilt efficiency") every reconstruction, EM or fused, predicts
 * its own tilts' totals 5–15 % wrong in a pattern smooth in θ and different per element (absorption and the
 * detector's view of the specimen change with tilt); the held-out tilts follow the same curve. Putting η into the
 * reconstruction's forward model did not pay there (EM's volume moves to undo it: 0.2638 against 0.2631 when applied
 * to the prediction only; fused gained 0.0005 for twice the work), so η is a property of the prediction, not of the
 * volume, and volumes never change.
 * <p>
 * Only where the data support it ({@link #supported()}): the ratios' spread about 1, in units of their Poisson
 * noise (σ of a total of n counts is √n, counts from the series' gain), must exceed the spread of pure noise: χ²
 * over the G recorded tilts above its mean plus three standard deviations, G − 1 + 3√(2(G − 1)), with G ≥ 3.
 * Otherwise η is 1 at every angle. Immutable; arrays are copied in and out.
 *
 * @param anglesDeg the distinct recorded tilts, ascending, in degrees
 * @param values η at those tilts
 * @param chiSquared the ratios' χ² about 1 in units of their Poisson noise
 * @param supported whether χ² passes the noise test, i.e. whether {@link #at} uses {@code values}
 */
public record TiltEfficiency(double[] anglesDeg, double[] values, double chiSquared, boolean supported) {

	/** η = 1 at every angle. */
	public static final TiltEfficiency NONE = new TiltEfficiency(new double[0], new double[0], 0, false);

	public TiltEfficiency {
		if (anglesDeg.length != values.length)
			throw new IllegalArgumentException("A tilt efficiency needs one value per angle, got " + values.length + " values for " + anglesDeg.length + " angles");
		anglesDeg = anglesDeg.clone();
		values = values.clone();
	}

	@Override
	public double[] anglesDeg() {
		return anglesDeg.clone();
	}

	@Override
	public double[] values() {
		return values.clone();
	}

	/**
	 * The efficiency of {@code measured} against {@code predicted}, the reprojection of a reconstruction from
	 * {@code measured} at its own tilts. The exposures of a repeated angle are summed into one tilt.
	 *
	 * @param gain data units per Poisson count of {@code measured} ({@link org.fusedtomo.metrics.PoissonGain})
	 * @throws IllegalArgumentException when the two series do not have the same geometry
	 */
	public static TiltEfficiency estimate(TiltSeries measured, TiltSeries predicted, double gain) {
		if (!measured.geometry().equals(predicted.geometry()))
			throw new IllegalArgumentException("Measured tilts are " + measured.geometry() + " but the prediction is " + predicted.geometry());
		TreeMap<Double, double[]> totals = new TreeMap<>();
		int pixels = measured.width() * measured.height();
		float[] m = measured.data(), p = predicted.data();
		for (int t = 0; t < measured.angleCount(); t++) {
			double[] sums = totals.computeIfAbsent(measured.angleDeg(t), a -> new double[2]);
			for (int i = measured.projectionOffset(t), end = i + pixels; i < end; i++)
				if (!Float.isNaN(m[i])) {
					sums[0] += m[i];
					sums[1] += p[i];
				}
		}
		double allMeasured = totals.values().stream().mapToDouble(s -> s[0]).sum(), allPredicted = totals.values().stream().mapToDouble(s -> s[1]).sum();
		if (!(allMeasured > 0 && allPredicted > 0))
			return NONE;
		double[] angles = new double[totals.size()], values = new double[totals.size()];
		double chi2 = 0;
		int k = 0, tested = 0;
		for (var e : totals.entrySet()) {
			double[] s = e.getValue();
			angles[k] = e.getKey();
			boolean usable = s[0] > 0 && s[1] > 0;
			values[k] = usable ? s[0] / s[1] / (allMeasured / allPredicted) : 1;
			if (usable) {
				double sigma = values[k] * Math.sqrt(gain / s[0]);
				chi2 += Math.pow((values[k] - 1) / sigma, 2);
				tested++;
			}
			k++;
		}
		int dof = tested - 1;
		boolean supported = tested >= 3 && chi2 > dof + 3 * Math.sqrt(2.0 * dof);
		return new TiltEfficiency(angles, values, chi2, supported);
	}

	/** η at {@code angleDeg}: interpolated linearly between the recorded tilts, the nearest one's beyond; 1 where not {@link #supported}. */
	public double at(double angleDeg) {
		if (!supported)
			return 1;
		int n = anglesDeg.length;
		if (angleDeg <= anglesDeg[0])
			return values[0];
		if (angleDeg >= anglesDeg[n - 1])
			return values[n - 1];
		int hi = Arrays.binarySearch(anglesDeg, angleDeg);
		if (hi >= 0)
			return values[hi];
		hi = -hi - 1;
		double f = (angleDeg - anglesDeg[hi - 1]) / (anglesDeg[hi] - anglesDeg[hi - 1]);
		return values[hi - 1] + f * (values[hi] - values[hi - 1]);
	}

	/** {@code predicted} with each tilt multiplied by η at its angle, as a new series (the same when not {@link #supported}). */
	public TiltSeries applied(TiltSeries predicted) {
		if (!supported)
			return predicted;
		TiltSeries out = predicted.copy();
		float[] d = out.data();
		int pixels = out.width() * out.height();
		for (int t = 0; t < out.angleCount(); t++) {
			float eta = (float) at(out.angleDeg(t));
			for (int i = out.projectionOffset(t), end = i + pixels; i < end; i++)
				d[i] *= eta;
		}
		return out;
	}

	@Override
	public String toString() {
		StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s (chi2 %.1f over %d tilts):", supported ? "applied" : "not supported", chiSquared, anglesDeg.length));
		for (int i = 0; i < anglesDeg.length; i++)
			s.append(String.format(Locale.ROOT, " %.1f:%.3f", anglesDeg[i], values[i]));
		return s.toString();
	}
}
