package org.fusedtomo.align;

import org.fusedtomo.data.TiltSeries;

/**
 * A study harness for docs/real-data.md: the Cramér–Rao bound of the tilt-axis rotation from the axis profiles alone
 * ({@link AxisProfiles}: the line sums across the axis, windowed or whole), against {@link AxisBound}'s from every pixel.
 * Gaussian approximation of the Poisson line sums (variance = the line's expected counts, neighbouring bins taken as
 * independent); nuisances: each projection's shift along the axis and the mean profile (one value per bin), as the
 * estimator fits them. The rotation's signal is the profiles' derivative in the rotation (central differences of the
 * noiseless, drift-free series). Arguments {@code phantom:seed:rotation:counts}, e.g. {@code au-on-support:1:2:100}.
 */
public class AxisProfileBound {
	/** The profiles' range beyond the rotation, degrees ({@code -DrangeMargin=1}: that of the search, {@code TiltAxisFinder}; 2 by default). */
	static final double RANGE_MARGIN = Double.parseDouble(System.getProperty("rangeMargin", "2"));
	/** Drift RMS of the simulated series, px ({@code -Ddrift=4}: that of {@link AxisStudy}; 0 by default, as before session 21). */
	static final double DRIFT = Double.parseDouble(System.getProperty("drift", "0"));

	public static void main(String[] args) {
		for (String c : args) {
			String[] f = c.split(":");
			double rot = Double.parseDouble(f[2]), dose = Double.parseDouble(f[3]);
			MisalignedAcquisition s = new MisalignedAcquisition(f[0], org.fusedtomo.simulate.SimulationParameters.defaults().haadfAnglesDeg(), dose, DRIFT, rot, 0, Long.parseLong(f[1]), MisalignedAcquisition.N);
			TiltSeries mu = MisalignedAcquisition.onTiltAxis(s.noiseless.haadf(), rot, 0);
			double h = 0.1;
			StringBuilder out = new StringBuilder(c);
			for (boolean windowed : new boolean[] { false, true }) {
				AxisProfiles p = new AxisProfiles(mu, rot, Math.abs(rot) + RANGE_MARGIN, windowed);
				double[][] p0 = p.profiles(rot), pp = p.profiles(rot + h), pm = p.profiles(rot - h), ones = p.pixelsOnLines(rot);
				double[][] g = new double[p0.length][p0[0].length];
				for (int a = 0; a < g.length; a++)
					for (int k = 0; k < g[a].length; k++)
						g[a][k] = (pp[a][k] - pm[a][k]) / (2 * h);
				double info = information(p0, g, ones, MisalignedAcquisition.BACKGROUND, dose);
				out.append(String.format(" | profiles %s: %.3f deg", windowed ? "windowed" : "whole lines", 1 / Math.sqrt(info)));
			}
			System.out.println(out);
		}
		System.exit(0);
	}

	/**
	 * The Fisher information on the rotation of profiles {@code p0} (noiseless, per tilt and sample, object only) whose
	 * derivative in the rotation is {@code g}, with {@code ones} the pixels on each line: Gaussian line sums of variance
	 * (object + background · pixels) / dose, the mean profile (one value per bin) and each tilt's shift along the axis
	 * eliminated by weighted least squares. Only samples with a line ({@code ones > 0}) are data. NB: before session 19 the
	 * zero-padded samples beyond the bins counted as data with variance 1e-12; where a projection's mass reached its last bin
	 * the shift's direction had a noiseless sample there, the shift counted as known, and the bound came out optimistic
	 * (shell-cap-rod seed 2: 0.134 deg instead of 0.239; docs/real-data.md "session 19, helper axis11").
	 */
	static double information(double[][] p0, double[][] gIn, double[][] ones, double background, double dose) {
		int n = p0.length, len = 0;
		while (len < p0[0].length && ones[0][len] > 0)
			len++;
		double[][] g = new double[n][len], var = new double[n][len], ds = new double[n][len];
		for (int a = 0; a < n; a++)
			for (int k = 0; k < len; k++) {
				g[a][k] = gIn[a][k];
				var[a][k] = Math.max(1e-12, (p0[a][k] + background * ones[a][k]) / dose);
				ds[a][k] = k > 0 && k < len - 1 ? 0.5 * (p0[a][k + 1] - p0[a][k - 1]) : 0;
			}
		// Nuisances, eliminated by weighted least squares in turn (alternating projections, to convergence): per bin a
		// value shared by every tilt (the mean profile), per tilt its shift (direction ds).
		for (int it = 0; it < 50; it++) {
			for (int k = 0; k < len; k++) {
				double num = 0, den = 0;
				for (int a = 0; a < n; a++) {
					num += g[a][k] / var[a][k];
					den += 1 / var[a][k];
				}
				for (int a = 0; a < n; a++)
					g[a][k] -= num / den;
			}
			for (int a = 0; a < n; a++) {
				double num = 0, den = 0;
				for (int k = 0; k < len; k++) {
					num += g[a][k] * ds[a][k] / var[a][k];
					den += ds[a][k] * ds[a][k] / var[a][k];
				}
				if (den > 0)
					for (int k = 0; k < len; k++)
						g[a][k] -= num / den * ds[a][k];
			}
		}
		double info = 0;
		for (int a = 0; a < n; a++)
			for (int k = 0; k < len; k++)
				info += g[a][k] * g[a][k] / var[a][k];
		return info;
	}
}
