package org.fusedtomo.recon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.Projectors;
import org.junit.jupiter.api.Test;

/**
 * The Poisson-weighted data term of {@link TvReconstruction} ({@link TvOptions#poissonFloor}) against a dense
 * solution of its normal equations on a 5 x 5 slice: with λ = 0 FISTA must reach
 * {@code argmin ½ Σ_i w_i (Ax − b)_i²}, {@code w_i = 1 / max(b_i, floor)}, which differs from least squares.
 */
class TvReconstructionPoissonWeightTest {

	private static final int N = 5;
	private static final double FLOOR = 0.3;
	private static final Parallelism ONE = new Parallelism(1);

	private static final Projector A = Projectors.create(new VolumeGeometry(N, 1, N), new TiltGeometry(N, 1, TiltGeometry.range(-80, 80, 10)), ONE);

	/** The matrix of A, column j the projection of voxel j. */
	private static double[][] dense() {
		int m = TiltSeries.zeros(A.tiltGeometry()).data().length, n = N * N;
		double[][] a = new double[m][n];
		for (int j = 0; j < n; j++) {
			Volume unit = Volume.zeros(A.volumeGeometry());
			unit.data()[j] = 1;
			float[] column = A.forward(unit).data();
			for (int i = 0; i < m; i++)
				a[i][j] = column[i];
		}
		return a;
	}

	/** Data of a positive volume with a deterministic misfit (no x fits it), so that weights matter. */
	private static TiltSeries data() {
		Volume truth = Volume.zeros(A.volumeGeometry());
		for (int j = 0; j < N * N; j++)
			truth.data()[j] = 1 + 0.5f * (j % 3);
		TiltSeries b = A.forward(truth);
		float[] d = b.data();
		for (int i = 0; i < d.length; i++)
			d[i] = Math.max(0, d[i] * (1 + 0.1f * (float) Math.sin(1.7 * i)) + 0.1f * (float) Math.cos(2.3 * i));
		return b;
	}

	/** The minimiser of ½ Σ w (Ax − b)² by Gaussian elimination on AᵀWA x = AᵀWb (w all 1 for least squares). */
	private static double[] normalEquations(double[][] a, float[] b, double floor) {
		int m = a.length, n = a[0].length;
		double[][] s = new double[n][n + 1];
		for (int i = 0; i < m; i++) {
			double w = floor > 0 ? 1 / Math.max(b[i], floor) : 1;
			for (int j = 0; j < n; j++) {
				for (int k = 0; k < n; k++)
					s[j][k] += w * a[i][j] * a[i][k];
				s[j][n] += w * a[i][j] * b[i];
			}
		}
		for (int c = 0; c < n; c++) {
			int pivot = c;
			for (int r = c + 1; r < n; r++)
				if (Math.abs(s[r][c]) > Math.abs(s[pivot][c]))
					pivot = r;
			double[] t = s[c];
			s[c] = s[pivot];
			s[pivot] = t;
			for (int r = 0; r < n; r++)
				if (r != c) {
					double f = s[r][c] / s[c][c];
					for (int k = c; k <= n; k++)
						s[r][k] -= f * s[c][k];
				}
		}
		double[] x = new double[n];
		for (int j = 0; j < n; j++)
			x[j] = s[j][n] / s[j][j];
		return x;
	}

	private static double maxDifference(float[] x, double[] y) {
		double d = 0;
		for (int j = 0; j < y.length; j++)
			d = Math.max(d, Math.abs(x[j] - y[j]));
		return d;
	}

	@Test
	void withoutTv_reachesTheWeightedLeastSquaresSolution() {
		double[][] a = dense();
		TiltSeries b = data();
		double[] weighted = normalEquations(a, b.data(), FLOOR), plain = normalEquations(a, b.data(), 0);
		for (double v : weighted)
			assertTrue(v > 0.1, "the test needs an interior minimiser (x ≥ 0 inactive), got " + v);
		double scale = 0;
		for (double v : weighted)
			scale = Math.max(scale, Math.abs(v));
		assertTrue(maxDifference(toFloats(plain), weighted) > 0.05 * scale, "weights must change the minimiser for this test to mean anything");
		Volume x = new TvReconstruction(A, new TvOptions(0, 1, true, 50, FLOOR), ONE).volume(b, null, 3000, Monitor.NONE);
		assertTrue(maxDifference(x.data(), weighted) < 2e-3 * scale, "FISTA vs normal equations: " + maxDifference(x.data(), weighted));
		Volume ls = new TvReconstruction(A, new TvOptions(0, 1, true, 50), ONE).volume(b, null, 3000, Monitor.NONE);
		assertTrue(maxDifference(ls.data(), plain) < 2e-3 * scale, "least squares: " + maxDifference(ls.data(), plain));
	}

	@Test
	void history_recordsTheWeightedDataTerm() {
		double[][] a = dense();
		TiltSeries b = data();
		double lambda = 0.5;
		Reconstruction r = new TvReconstruction(A, new TvOptions(lambda, 5, true, 50, FLOOR), ONE).run(b, null, 20, Monitor.NONE);
		float[] x = r.volume().data();
		double expected = 0;
		for (int i = 0; i < a.length; i++) {
			double ax = 0;
			for (int j = 0; j < x.length; j++)
				ax += a[i][j] * x[j];
			expected += (ax - b.data()[i]) * (ax - b.data()[i]) / Math.max(b.data()[i], FLOOR);
		}
		expected /= 2;
		double[] data = r.history().values("data"), total = r.history().values("total");
		assertEquals(expected, data[data.length - 1], 1e-4 * expected);
		assertEquals(expected + lambda * TotalVariation.of(r.volume()), total[total.length - 1], 1e-4 * expected);
	}

	@Test
	void options_rejectANegativeOrNonFiniteFloor() {
		assertThrows(IllegalArgumentException.class, () -> new TvOptions(1, 1, true, 1, -0.1));
		assertThrows(IllegalArgumentException.class, () -> new TvOptions(1, 1, true, 1, Double.NaN));
		assertEquals(1 / 0.3f, new TvOptions(1, 1, true, 1, 0.3).dataWeight(0.1f), 1e-6);
		assertEquals(0.5f, new TvOptions(1, 1, true, 1, 0.3).dataWeight(2), 1e-7);
		assertEquals(1f, new TvOptions(1, 1, true, 1).dataWeight(0.1f));
	}

	private static float[] toFloats(double[] d) {
		float[] f = new float[d.length];
		for (int i = 0; i < d.length; i++)
			f[i] = (float) d[i];
		return f;
	}
}
