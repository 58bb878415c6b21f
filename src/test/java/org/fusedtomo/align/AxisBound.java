package org.fusedtomo.align;

import org.fusedtomo.data.TiltSeries;

/**
 * A study harness for docs/real-data.md: the Cramér–Rao bound of the tilt-axis rotation on the series of
 * {@link MisalignedAcquisition} (no drift) with the object known and each projection's shift unknown, from the
 * Poisson Fisher information of the noiseless data's derivatives (central differences). An unknown object can
 * only raise it. Arguments {@code phantom:seed:rotation:counts}, e.g. {@code blobs:3:2:100}.
 */
public class AxisBound {
	public static void main(String[] args) {
		for (String c : args) {
			String[] f = c.split(":");
			double rot = Double.parseDouble(f[2]), dose = Double.parseDouble(f[3]);
			MisalignedAcquisition s = new MisalignedAcquisition(f[0], org.fusedtomo.simulate.SimulationParameters.defaults().haadfAnglesDeg(), dose, 0, rot, 0, Long.parseLong(f[1]), MisalignedAcquisition.N);
			TiltSeries clean = s.noiseless.haadf();
			double hr = 0.1, hs = 0.1;
			TiltSeries mu = MisalignedAcquisition.onTiltAxis(clean, rot, 0);
			TiltSeries rp = MisalignedAcquisition.onTiltAxis(clean, rot + hr, 0), rm = MisalignedAcquisition.onTiltAxis(clean, rot - hr, 0);
			TiltSeries xp = MisalignedAcquisition.onTiltAxis(clean, rot, hs), xm = MisalignedAcquisition.onTiltAxis(clean, rot, -hs);
			int w = clean.width(), h = clean.height();
			double info = 0, infoNoShift = 0;
			for (int a = 0; a < clean.angleCount(); a++) {
				int o = clean.projectionOffset(a);
				double[][] F = new double[3][3];
				for (int i = 0; i < w * h; i++) {
					double m = dose * (mu.data()[o + i] + MisalignedAcquisition.BACKGROUND);
					double gr = dose * (rp.data()[o + i] - rm.data()[o + i]) / (2 * hr);
					double gx = dose * (xp.data()[o + i] - xm.data()[o + i]) / (2 * hs);
					// y shift: finite difference along rows of mu
					int y = i / w;
					double gy = y > 0 && y < h - 1 ? dose * (mu.data()[o + i + w] - mu.data()[o + i - w]) / 2 : 0;
					double[] g = { gr, gx, gy };
					for (int p = 0; p < 3; p++)
						for (int q = 0; q < 3; q++)
							F[p][q] += g[p] * g[q] / m;
				}
				infoNoShift += F[0][0];
				// Schur complement of the shift block
				double d = F[1][1] * F[2][2] - F[1][2] * F[2][1];
				double q = (F[0][1] * (F[2][2] * F[1][0] - F[1][2] * F[2][0]) + F[0][2] * (-F[2][1] * F[1][0] + F[1][1] * F[2][0])) / d;
				info += F[0][0] - q;
			}
			System.out.printf("%s CRLB sigma (deg): object+shifts known %.3f, shifts unknown %.3f%n", c, 1 / Math.sqrt(infoNoShift), 1 / Math.sqrt(info));
		}
		System.exit(0);
	}
}
