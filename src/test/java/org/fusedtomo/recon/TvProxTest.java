package org.fusedtomo.recon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.simulate.SheppLogan;
import org.junit.jupiter.api.Test;

class TvProxTest {

	private static final VolumeGeometry SMALL = new VolumeGeometry(24, 5, 20);
	private static final double LAMBDA = 0.05;

	/** The phantom plus seeded Gaussian noise (σ = 0.1), some voxels negative. */
	private static Volume noisyPhantom() {
		Volume v = SheppLogan.create(SMALL);
		Random random = new Random(42);
		for (int i = 0; i < v.data().length; i++)
			v.data()[i] += (float) (0.1 * random.nextGaussian());
		return v;
	}

	private static double objective(Volume x, Volume v, double lambda) {
		return org.fusedtomo.data.FloatArrays.halfSquaredDistance(x.data(), v.data()) + lambda * TotalVariation.of(x);
	}

	@Test
	void apply_decreasesObjectiveBelowInputAndPerturbations() {
		Volume v = noisyPhantom();
		Volume x = new TvProx(LAMBDA, 200, Parallelism.available()).apply(v);
		double best = objective(x, v, LAMBDA);
		Volume clipped = new TvProx(0, 1, Parallelism.SERIAL).apply(v);
		assertTrue(best < objective(clipped, v, LAMBDA), "prox " + best + " vs max(v,0) " + objective(clipped, v, LAMBDA));
		assertTrue(best < objective(v, v, LAMBDA));
		Random random = new Random(7);
		for (double size : new double[] { 1e-3, 1e-2, 1e-1 })
			for (int trial = 0; trial < 3; trial++) {
				Volume y = x.copy();
				for (int i = 0; i < y.data().length; i++)
					y.data()[i] = (float) Math.max(0, y.data()[i] + size * random.nextGaussian());
				double perturbed = objective(y, v, LAMBDA);
				assertTrue(best <= perturbed, "perturbation " + size + ": " + perturbed + " < prox " + best);
			}
	}

	@Test
	void apply_outputIsNonNegative() {
		Volume x = new TvProx(LAMBDA, 20, Parallelism.available()).apply(noisyPhantom());
		for (float f : x.data())
			assertTrue(f >= 0);
	}

	@Test
	void apply_withZeroLambdaClipsAtZero() {
		Volume v = noisyPhantom();
		Volume x = new TvProx(0, 10, Parallelism.available()).apply(v);
		for (int i = 0; i < v.data().length; i++)
			assertEquals(Math.max(0, v.data()[i]), x.data()[i], 0);
	}

	@Test
	void apply_leavesConstantVolumeUnchanged() {
		Volume v = Volume.zeros(SMALL);
		java.util.Arrays.fill(v.data(), 0.7f);
		Volume x = new TvProx(0.3, 50, Parallelism.available()).apply(v);
		for (float f : x.data())
			assertEquals(0.7f, f, 0);
	}

	@Test
	void apply_givesSameResultOnOneAndManyThreads() {
		Volume v = noisyPhantom();
		Volume serial = new TvProx(LAMBDA, 30, Parallelism.SERIAL).apply(v);
		Volume parallel = new TvProx(LAMBDA, 30, new Parallelism(3)).apply(v);
		for (int i = 0; i < v.data().length; i++)
			assertEquals(serial.data()[i], parallel.data()[i], 0);
	}

	@Test
	void apply_equalsTheTwoPassFgpBitForBit() {
		Volume v = noisyPhantom();
		// NB: 1 and 2 iterations end while the momentum is still read from the dual itself.
		for (int iterations : new int[] { 1, 2, 3, 7 })
			for (int threads : new int[] { 1, 2, 3 }) {
				Volume fused = new TvProx(LAMBDA, iterations, new Parallelism(threads)).apply(v);
				float[] expected = twoPassFgp(v, (float) LAMBDA, iterations);
				for (int i = 0; i < expected.length; i++)
					assertEquals(expected[i], fused.data()[i], 0, "voxel " + i + " on " + threads + " threads, " + iterations + " iterations");
			}
	}

	/** FGP as first written: a whole primal volume, then the whole dual step, with the same float operations. */
	private static float[] twoPassFgp(Volume input, float lam, int iterations) {
		return twoPassFgp(input, null, lam, iterations, new float[3][input.data().length]);
	}

	/**
	 * The same with a guide ({@link TvGuide}) as first written for it: q = P r over the whole volume before the
	 * primal pass, and P D x in the dual step. {@code p} is the dual, read as the warm start and updated.
	 */
	static float[] twoPassFgp(Volume input, TvGuide guide, float lam, int iterations, float[][] p) {
		int nx = input.width(), ny = input.height(), nz = input.depth(), n = nx * ny * nz;
		float[] v = input.data(), x = new float[n];
		float[][] r = { p[0].clone(), p[1].clone(), p[2].clone() };
		float step = (float) (1 / (12 * (double) lam));
		double t = 1;
		for (int k = 0; k <= iterations; k++) {
			float[][] dual = projected(guide, k < iterations ? r : p);
			for (int z = 0; z < nz; z++)
				for (int y = 0; y < ny; y++)
					for (int i = 0; i < nx; i++) {
						int at = i + nx * (y + ny * z);
						float dtp = 0;
						if (i > 0)
							dtp += dual[0][at - 1];
						if (i < nx - 1)
							dtp -= dual[0][at];
						if (y > 0)
							dtp += dual[1][at - nx];
						if (y < ny - 1)
							dtp -= dual[1][at];
						if (z > 0)
							dtp += dual[2][at - nx * ny];
						if (z < nz - 1)
							dtp -= dual[2][at];
						float value = v[at] - lam * dtp;
						x[at] = value > 0 ? value : 0;
					}
			if (k == iterations)
				return x;
			double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
			float beta = (float) ((t - 1) / tNext);
			for (int z = 0; z < nz; z++)
				for (int y = 0; y < ny; y++)
					for (int i = 0; i < nx; i++) {
						int at = i + nx * (y + ny * z);
						float xv = x[at];
						float[] g = projected(guide, at, i < nx - 1 ? x[at + 1] - xv : 0, y < ny - 1 ? x[at + nx] - xv : 0, z < nz - 1 ? x[at + nx * ny] - xv : 0);
						float[] q = { r[0][at] + step * g[0], r[1][at] + step * g[1], r[2][at] + step * g[2] };
						float norm = (float) Math.sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2]);
						for (int c = 0; c < 3; c++) {
							if (norm > 1)
								q[c] /= norm;
							r[c][at] = q[c] + beta * (q[c] - p[c][at]);
							p[c][at] = q[c];
						}
					}
			t = tNext;
		}
		throw new AssertionError("unreachable");
	}

	/** P d per voxel (a new array); d itself without a guide. */
	private static float[][] projected(TvGuide guide, float[][] d) {
		if (guide == null)
			return d;
		float[][] q = new float[3][d[0].length];
		for (int at = 0; at < q[0].length; at++) {
			float[] pq = projected(guide, at, d[0][at], d[1][at], d[2][at]);
			for (int c = 0; c < 3; c++)
				q[c][at] = pq[c];
		}
		return q;
	}

	/** {@code P g = g − ξ (ξ · g)} at voxel {@code at}, in float as first written; g itself without a guide. */
	private static float[] projected(TvGuide guide, int at, float gx, float gy, float gz) {
		if (guide == null)
			return new float[] { gx, gy, gz };
		float a = guide.xi()[at], b = guide.eta()[at], c = guide.zeta()[at];
		float dot = a * gx + b * gy + c * gz;
		return new float[] { gx - a * dot, gy - b * dot, gz - c * dot };
	}

	@Test
	void reusedInstance_givesTheResultsOfAFreshOne() {
		// NB: an instance keeps the momentum scratch of its last call; a later call must start from its own dual.
		Volume v = noisyPhantom(), w = v.copy();
		java.util.Arrays.fill(w.data(), 0, w.data().length / 2, 0.7f);
		TvGuide guide = TvGuide.of(SheppLogan.create(SMALL), 0.8, 0.1);
		for (TvGuide g : new TvGuide[] { null, guide }) {
			TvProx reused = new TvProx(LAMBDA, 7, new Parallelism(2), g);
			TvProx.Dual dual = new TvProx.Dual(SMALL);
			Volume out = v.zerosLike();
			reused.apply(v, dual, out);
			reused.apply(v, dual, out);
			dual.reset();
			reused.apply(w, dual, out);
			assertArrayEquals(new TvProx(LAMBDA, 7, new Parallelism(2), g).apply(w).data(), out.data(), "guide " + g);
			assertArrayEquals(new TvProx(LAMBDA, 7, new Parallelism(2), g).apply(v).data(), reused.apply(v).data(), "guide " + g);
		}
	}

	@Test
	void withLambda_givesTheResultsOfAFreshProxWithThatLambda_afterItsSharedScratchServedAnotherSize() {
		Volume v = noisyPhantom();
		TvProx first = new TvProx(0.2, 6, new Parallelism(2));
		first.apply(SheppLogan.create(new VolumeGeometry(9, 7, 5)));
		TvProx other = first.withLambda(LAMBDA);
		assertEquals(LAMBDA, other.lambda(), 0);
		for (int call = 0; call < 2; call++) {
			Volume expected = new TvProx(LAMBDA, 6, new Parallelism(2)).apply(v);
			Volume actual = other.apply(v);
			for (int i = 0; i < v.data().length; i++)
				assertEquals(expected.data()[i], actual.data()[i], 0, "call " + call + " voxel " + i);
		}
	}

	@Test
	void apply_warmStartGetsCloserToConvergedProx() {
		Volume v = noisyPhantom();
		double converged = objective(new TvProx(LAMBDA, 500, Parallelism.available()).apply(v), v, LAMBDA);
		TvProx short10 = new TvProx(LAMBDA, 10, Parallelism.available());
		double cold = objective(short10.apply(v), v, LAMBDA);
		TvProx.Dual dual = new TvProx.Dual(SMALL);
		Volume out = v.zerosLike();
		short10.apply(v, dual, out);
		short10.apply(v, dual, out);
		short10.apply(v, dual, out);
		double warm = objective(out, v, LAMBDA);
		assertTrue(warm - converged < cold - converged, "warm gap " + (warm - converged) + " cold gap " + (cold - converged));
	}

	@Test
	void vectorKernel_isBitIdenticalToThePlainJavaKernel() {
		org.junit.jupiter.api.Assumptions.assumeTrue(org.fusedtomo.parallel.VectorKernels.available(), "needs --add-modules jdk.incubator.vector");
		TvRowKernel vector = TvRowKernel.fastest();
		assertTrue(vector instanceof VectorTvRowKernel, vector.getClass().getName());
		// NB: 37 columns leave a scalar tail after the SIMD vectors on every machine width.
		Volume v = SheppLogan.create(new VolumeGeometry(37, 23, 19));
		Random random = new Random(9);
		for (int i = 0; i < v.data().length; i++)
			v.data()[i] += (float) (0.1 * random.nextGaussian());
		Volume scalar = new TvProx(LAMBDA, 9, new Parallelism(2), null, ScalarTvRowKernel.INSTANCE).apply(v);
		Volume simd = new TvProx(LAMBDA, 9, new Parallelism(2), null, vector).apply(v);
		for (int i = 0; i < v.data().length; i++)
			assertEquals(scalar.data()[i], simd.data()[i], 0, "voxel " + i);
	}

	/** ½ Σ (x − v)² / μ + λ TV(x), the objective of the prox in the metric μ. */
	private static double objective(Volume x, Volume v, float[] mu, double lambda) {
		double sum = 0;
		for (int i = 0; i < mu.length; i++) {
			double d = x.data()[i] - v.data()[i];
			sum += d * d / mu[i];
		}
		return sum / 2 + lambda * TotalVariation.of(x);
	}

	/** μ from 0.05 to 1, smooth in space with a step in the middle, as a preconditioner's step factors are. */
	private static float[] metric(VolumeGeometry g) {
		float[] mu = new float[(int) g.voxelCount()];
		for (int z = 0, i = 0; z < g.depth(); z++)
			for (int y = 0; y < g.height(); y++)
				for (int x = 0; x < g.width(); x++, i++)
					mu[i] = (float) (x < g.width() / 2 ? 0.05 + 0.3 * z / g.depth() : 0.6 + 0.4 * Math.sin(0.3 * y + 0.2 * x) * Math.sin(0.3 * y + 0.2 * x));
		return mu;
	}

	@Test
	void withMetric_ofAConstantEqualsThePlainProxWithThatFactorOnLambda() {
		Volume v = noisyPhantom();
		float[] mu = new float[v.data().length];
		java.util.Arrays.fill(mu, 0.25f);
		// NB: ½‖x − v‖²/μ + λ TV = (½‖x − v‖² + λμ TV)/μ, one minimiser; the dual steps differ (1/(12λ) against
		// 1/(12λμ)), so the two runs meet only near convergence.
		Volume scaled = new TvProx(LAMBDA, 3000, Parallelism.SERIAL).withMetric(mu).apply(v);
		Volume plain = new TvProx(LAMBDA * 0.25, 3000, Parallelism.SERIAL).apply(v);
		assertArrayEquals(plain.data(), scaled.data(), 1e-4f);
	}

	@Test
	void withMetric_minimisesTheMetricObjectiveBelowPerturbationsAndThePlainProx() {
		Volume v = noisyPhantom();
		float[] mu = metric(SMALL);
		Volume x = new TvProx(LAMBDA, 400, Parallelism.available()).withMetric(mu).apply(v);
		double best = objective(x, v, mu, LAMBDA);
		// The plain prox minimises another objective: the metric must matter for this test to mean anything.
		double plain = objective(new TvProx(LAMBDA, 400, Parallelism.available()).apply(v), v, mu, LAMBDA);
		assertTrue(best < plain - 1e-3 * Math.abs(best), "metric prox " + best + " vs plain prox " + plain);
		Random random = new Random(11);
		for (double size : new double[] { 1e-3, 1e-2, 1e-1 })
			for (int trial = 0; trial < 3; trial++) {
				Volume y = x.copy();
				for (int i = 0; i < y.data().length; i++)
					y.data()[i] = (float) Math.max(0, y.data()[i] + size * random.nextGaussian());
				double perturbed = objective(y, v, mu, LAMBDA);
				assertTrue(best <= perturbed, "perturbation " + size + ": " + perturbed + " < prox " + best);
			}
		for (float f : x.data())
			assertTrue(f >= 0);
	}

	@Test
	void withMetric_vectorKernelIsBitIdenticalToThePlainJavaKernel() {
		org.junit.jupiter.api.Assumptions.assumeTrue(org.fusedtomo.parallel.VectorKernels.available(), "needs --add-modules jdk.incubator.vector");
		VolumeGeometry g = new VolumeGeometry(37, 23, 19);
		Volume v = SheppLogan.create(g);
		Random random = new Random(9);
		for (int i = 0; i < v.data().length; i++)
			v.data()[i] += (float) (0.1 * random.nextGaussian());
		float[] mu = metric(g);
		Volume scalar = new TvProx(LAMBDA, 9, new Parallelism(2), null, ScalarTvRowKernel.INSTANCE).withMetric(mu).apply(v);
		Volume simd = new TvProx(LAMBDA, 9, new Parallelism(2), null, TvRowKernel.fastest()).withMetric(mu).apply(v);
		assertArrayEquals(scalar.data(), simd.data(), 0f);
	}

	@Test
	void withMetric_rejectsValuesOutsideZeroToOne() {
		for (float bad : new float[] { 0, -0.5f, 1.5f, Float.NaN }) {
			float[] mu = new float[4];
			java.util.Arrays.fill(mu, 0.5f);
			mu[2] = bad;
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TvProx(LAMBDA, 1, Parallelism.SERIAL).withMetric(mu));
			assertTrue(e.getMessage().contains("metric") && e.getMessage().contains(Float.toString(bad)), e.getMessage());
		}
	}

	@Test
	void apply_mayOverwriteItsInput() {
		Volume v = noisyPhantom();
		Volume expected = new TvProx(LAMBDA, 15, Parallelism.SERIAL).apply(v);
		new TvProx(LAMBDA, 15, Parallelism.SERIAL).apply(v, new TvProx.Dual(SMALL), v);
		for (int i = 0; i < v.data().length; i++)
			assertEquals(expected.data()[i], v.data()[i], 0);
	}

	@Test
	void constructor_rejectsNegativeLambda() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TvProx(-1, 10, Parallelism.SERIAL));
		assertTrue(e.getMessage().contains("lambda") && e.getMessage().contains("-1"), e.getMessage());
	}
}
