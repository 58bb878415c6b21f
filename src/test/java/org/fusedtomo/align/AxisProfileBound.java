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
	public static void main(String[] args) {
		for (String c : args) {
			String[] f = c.split(":");
			double rot = Double.parseDouble(f[2]), dose = Double.parseDouble(f[3]);
			MisalignedAcquisition s = new MisalignedAcquisition(f[0], org.fusedtomo.simulate.SimulationParameters.defaults().haadfAnglesDeg(), dose, 0, rot, 0, Long.parseLong(f[1]), MisalignedAcquisition.N);
			TiltSeries mu = MisalignedAcquisition.onTiltAxis(s.noiseless.haadf(), rot, 0);
			double h = 0.1;
			StringBuilder out = new StringBuilder(c);
			for (boolean windowed : new boolean[] { false, true }) {
				AxisProfiles p = new AxisProfiles(mu, rot, Math.abs(rot) + 2, windowed);
				double[][] p0 = p.profiles(rot), pp = p.profiles(rot + h), pm = p.profiles(rot - h), ones = p.profiles(rot, true);
				int n = p0.length, len = p0[0].length;
				double[][] g = new double[n][len], var = new double[n][len], ds = new double[n][len];
				for (int a = 0; a < n; a++)
					for (int k = 0; k < len; k++) {
						g[a][k] = (pp[a][k] - pm[a][k]) / (2 * h);
						var[a][k] = Math.max(1e-12, (p0[a][k] + MisalignedAcquisition.BACKGROUND * ones[a][k]) / dose);
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
				out.append(String.format(" | profiles %s: %.3f deg", windowed ? "windowed" : "whole lines", 1 / Math.sqrt(info)));
			}
			System.out.println(out);
		}
		System.exit(0);
	}
}
