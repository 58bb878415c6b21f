package org.fusedtomo.recon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.simulate.SheppLogan;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The single-sweep guided TV prox against the three-pass algorithm it replaced, and its two row kernels against each other. */
class TvProxGuidedTest {

	private static final double LAMBDA = 0.05;
	private static final int ITERATIONS = 7;
	/** Awkward sizes: fewer columns than a SIMD vector, odd sizes with scalar tails, a slab per plane on 3 threads. */
	private static final VolumeGeometry[] SIZES = { new VolumeGeometry(7, 5, 3), new VolumeGeometry(33, 17, 9), new VolumeGeometry(37, 23, 19) };

	/** The Shepp-Logan phantom plus seeded Gaussian noise (some voxels negative). */
	private static Volume noisy(VolumeGeometry g, long seed) {
		Volume v = SheppLogan.create(g);
		Random random = new Random(seed);
		for (int i = 0; i < v.data().length; i++)
			v.data()[i] += (float) (0.1 * random.nextGaussian());
		return v;
	}

	/** A guide with edges along every axis: the phantom itself, smoothed a little by the noise of another seed. */
	private static TvGuide guideFor(VolumeGeometry g) {
		return TvGuide.of(noisy(g, 3), 0.9, 0.1);
	}

	@Test
	void guidedProx_equalsTheThreePassFgpBitForBit_coldAndWarm() {
		for (VolumeGeometry g : SIZES)
			for (int threads : new int[] { 1, 3 }) {
				Volume v = noisy(g, 42);
				TvGuide guide = guideFor(g);
				TvProx prox = new TvProx(LAMBDA, ITERATIONS, new Parallelism(threads), guide);
				TvProx.Dual dual = new TvProx.Dual(g);
				float[][] referenceDual = new float[3][v.data().length];
				// NB: two calls with one dual: the second is warm-started and reuses the first call's momentum scratch.
				for (int call = 0; call < 2; call++) {
					Volume out = v.zerosLike();
					prox.apply(v, dual, out);
					float[] expected = threePassGuidedFgp(v, guide, (float) LAMBDA, ITERATIONS, referenceDual);
					for (int i = 0; i < expected.length; i++)
						assertEquals(expected[i], out.data()[i], 0, g + " voxel " + i + " on " + threads + " threads, call " + call);
				}
			}
	}

	@Test
	void vectorKernel_isBitIdenticalToThePlainJavaKernel_guided() {
		Assumptions.assumeTrue(Projectors.vectorApiAvailable(), "needs --add-modules jdk.incubator.vector");
		TvRowKernel vector = TvRowKernel.fastest();
		assertTrue(vector instanceof VectorTvRowKernel, vector.getClass().getName());
		for (VolumeGeometry g : SIZES) {
			Volume v = noisy(g, 9);
			TvGuide guide = guideFor(g);
			Volume scalar = new TvProx(LAMBDA, 9, new Parallelism(2), guide, ScalarTvRowKernel.INSTANCE).apply(v);
			Volume simd = new TvProx(LAMBDA, 9, new Parallelism(2), guide, vector).apply(v);
			for (int i = 0; i < v.data().length; i++)
				assertEquals(scalar.data()[i], simd.data()[i], 0, g + " voxel " + i);
		}
	}

	/**
	 * The guided FGP as first written: per iteration q = P r over the whole volume, then x = max(0, v − λ Dᵀq)
	 * over the whole volume, then the dual step with P D x; the same float operations. {@code p} is the dual,
	 * read as the warm start and updated.
	 */
	private static float[] threePassGuidedFgp(Volume input, TvGuide guide, float lam, int iterations, float[][] p) {
		int nx = input.width(), ny = input.height(), nz = input.depth(), plane = nx * ny, n = plane * nz;
		float[] v = input.data(), x = new float[n];
		float[][] r = { p[0].clone(), p[1].clone(), p[2].clone() }, q = new float[3][n];
		float[] a = guide.xi(), b = guide.eta(), c = guide.zeta();
		float step = (float) (1 / (12 * (double) lam));
		double t = 1;
		for (int k = 0; k <= iterations; k++) {
			float[][] dual = k < iterations ? r : p;
			for (int at = 0; at < n; at++) {
				float dot = a[at] * dual[0][at] + b[at] * dual[1][at] + c[at] * dual[2][at];
				q[0][at] = dual[0][at] - a[at] * dot;
				q[1][at] = dual[1][at] - b[at] * dot;
				q[2][at] = dual[2][at] - c[at] * dot;
			}
			for (int z = 0; z < nz; z++)
				for (int y = 0; y < ny; y++)
					for (int i = 0; i < nx; i++) {
						int at = i + nx * (y + ny * z);
						float dtp = 0;
						if (i > 0)
							dtp += q[0][at - 1];
						if (i < nx - 1)
							dtp -= q[0][at];
						if (y > 0)
							dtp += q[1][at - nx];
						if (y < ny - 1)
							dtp -= q[1][at];
						if (z > 0)
							dtp += q[2][at - plane];
						if (z < nz - 1)
							dtp -= q[2][at];
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
						float gx = i < nx - 1 ? x[at + 1] - xv : 0;
						float gy = y < ny - 1 ? x[at + nx] - xv : 0;
						float gz = z < nz - 1 ? x[at + plane] - xv : 0;
						float dot = a[at] * gx + b[at] * gy + c[at] * gz;
						float qx = r[0][at] + step * (gx - a[at] * dot), qy = r[1][at] + step * (gy - b[at] * dot), qz = r[2][at] + step * (gz - c[at] * dot);
						float norm = (float) Math.sqrt(qx * qx + qy * qy + qz * qz);
						if (norm > 1) {
							qx /= norm;
							qy /= norm;
							qz /= norm;
						}
						r[0][at] = qx + beta * (qx - p[0][at]);
						r[1][at] = qy + beta * (qy - p[1][at]);
						r[2][at] = qz + beta * (qz - p[2][at]);
						p[0][at] = qx;
						p[1][at] = qy;
						p[2][at] = qz;
					}
			t = tNext;
		}
		throw new AssertionError("unreachable");
	}
}
