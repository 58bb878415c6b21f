package org.fusedtomo.align;

import java.util.List;
import java.util.Random;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.simulate.Poisson;

/**
 * A misaligned HAADF-like acquisition with known truth, small enough for unit tests: a 64³ phantom of
 * ellipsoids whose centre of mass is at the volume centre (so the centre-of-mass convention of
 * {@link Alignment} coincides with the truth), 47 tilts −70..+68° every 3°, projected by the Joseph
 * projector, then displaced by the true {@link Alignment} (bilinear), a constant background added and
 * Poisson noise drawn at {@value #COUNTS_PER_UNIT} counts per unit of projected density.
 */
final class AlignmentScenario {

	static final int N = 64;
	static final double COUNTS_PER_UNIT = 80;
	static final double BACKGROUND = 1.5;

	final Volume phantom;
	final double[] angles = TiltGeometry.range(-70, 70, 3);
	final TiltSeries ideal;
	final Alignment truth;
	/** Raw counts: misaligned, background, Poisson noise. */
	final TiltSeries raw;

	/**
	 * @param shiftRms RMS of the random per-projection shifts per axis, pixels (clipped at ±15, then
	 *        their mean removed so the offset alone carries the mean)
	 */
	AlignmentScenario(double shiftRms, double rotationDeg, double offsetPx, long seed) {
		phantom = phantom();
		ideal = Projectors.create(phantom.geometry(), new TiltGeometry(N, N, angles), Parallelism.available()).forward(phantom);
		Random random = new Random(seed);
		double[] dx = new double[angles.length], dy = new double[angles.length];
		for (int i = 0; i < angles.length; i++) {
			dx[i] = Math.max(-15, Math.min(15, shiftRms * random.nextGaussian()));
			dy[i] = Math.max(-15, Math.min(15, shiftRms * random.nextGaussian()));
		}
		CrossCorrelationAlignment.removeMean(dx);
		CrossCorrelationAlignment.removeMean(dy);
		truth = new Alignment(angles, dx, dy, rotationDeg, offsetPx, List.of("truth"));
		raw = ideal.zerosLike();
		double phi = Math.toRadians(rotationDeg), cos = Math.cos(phi), sin = Math.sin(phi);
		for (int a = 0; a < angles.length; a++) {
			// raw(p) = ideal(c + R(−φ)(p − c − t)): the inverse of Alignment.apply.
			double tx = offsetPx + dx[a], ty = dy[a];
			double ux = -(cos * tx + sin * ty), uy = -(-sin * tx + cos * ty);
			ShiftInterpolation.DEFAULT.transform(ideal.data(), ideal.projectionOffset(a), raw.data(), raw.projectionOffset(a), N, N, -rotationDeg, ux, uy);
		}
		float[] d = raw.data();
		for (int i = 0; i < d.length; i++)
			d[i] += (float) BACKGROUND;
		new Poisson(seed + 1).apply(d, COUNTS_PER_UNIT);
	}

	/** Two unequal ellipsoids and two dense spheres, placed point-symmetrically in mass about the centre. */
	static Volume phantom() {
		double[][] objects = {
			// centre x, y, z; semi-axes x, y, z; density
			{ -6, 0, 3, 6, 10, 4, 1 }, { 6, 0, -3, 4, 10, 6, 1 }, { 4, 9, 5, 2, 2, 2, 3 }, { -4, -9, -5, 2, 2, 2, 3 },
			{ 0, -2, 0, 3, 3, 3, 0.5 } };
		Volume v = Volume.zeros(VolumeGeometry.cube(N));
		int sub = 2;
		for (int z = 0; z < N; z++)
			for (int y = 0; y < N; y++)
				for (int x = 0; x < N; x++) {
					double sum = 0;
					for (int k = 0; k < sub * sub * sub; k++) {
						double px = x - (N - 1) / 2.0 + ((k % sub) + 0.5) / sub - 0.5;
						double py = y - (N - 1) / 2.0 + ((k / sub % sub) + 0.5) / sub - 0.5;
						double pz = z - (N - 1) / 2.0 + ((k / sub / sub) + 0.5) / sub - 0.5;
						for (double[] o : objects) {
							double ex = (px - o[0]) / o[3], ey = (py - o[1]) / o[4], ez = (pz - o[2]) / o[5];
							if (ex * ex + ey * ey + ez * ez <= 1)
								sum += o[6];
						}
					}
					v.set(x, y, z, (float) (sum / (sub * sub * sub)));
				}
		return v;
	}

	/** RMS over projections of (estimated − true) total raw displacement, after removing the mean, per axis. */
	static double[] residualRms(Alignment estimate, Alignment truth) {
		int n = truth.angleCount();
		double[] rx = new double[n], ry = new double[n];
		for (int i = 0; i < n; i++) {
			rx[i] = estimate.axisOffsetPx() + estimate.dx(i) - truth.axisOffsetPx() - truth.dx(i);
			ry[i] = estimate.dy(i) - truth.dy(i);
		}
		CrossCorrelationAlignment.removeMean(rx);
		CrossCorrelationAlignment.removeMean(ry);
		return new double[] { rms(rx), rms(ry) };
	}

	static double rms(double[] v) {
		double s = 0;
		for (double x : v)
			s += x * x;
		return Math.sqrt(s / v.length);
	}
}
