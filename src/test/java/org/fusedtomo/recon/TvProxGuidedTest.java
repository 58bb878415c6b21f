package org.fusedtomo.recon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.parallel.VectorKernels;
import org.fusedtomo.simulate.SheppLogan;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The single-sweep guided TV prox against the algorithm it replaced (whole-volume passes: q = P r, x, then the dual step;
 * {@link TvProxTest#twoPassFgp}), and its two row kernels against each other.
 */
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

	@ParameterizedTest
	// NB: 1 and 2 iterations end while the momentum is still read from the dual itself (TvProx.apply).
	@ValueSource(ints = { 1, 2, 3, ITERATIONS })
	void guidedProx_equalsTheWholeVolumePassesFgpBitForBit_coldAndWarm(int iterations) {
		for (VolumeGeometry g : SIZES)
			for (int threads : new int[] { 1, 2, 3 }) {
				Volume v = noisy(g, 42);
				TvGuide guide = guideFor(g);
				TvProx prox = new TvProx(LAMBDA, iterations, new Parallelism(threads), guide);
				TvProx.Dual dual = new TvProx.Dual(g);
				float[][] referenceDual = new float[3][v.data().length];
				// NB: two calls with one dual: the second is warm-started and reuses the first call's momentum scratch.
				for (int call = 0; call < 2; call++) {
					Volume out = v.zerosLike();
					prox.apply(v, dual, out);
					float[] expected = TvProxTest.twoPassFgp(v, guide, (float) LAMBDA, iterations, referenceDual);
					for (int i = 0; i < expected.length; i++)
						assertEquals(expected[i], out.data()[i], 0, g + " voxel " + i + " on " + threads + " threads, call " + call + ", " + iterations + " iterations");
				}
			}
	}

	/**
	 * A warm call starts from the divergence the last call left, unless the dual changed outside the prox (its
	 * arrays handed out and written) or another guide is in use: each call equals the reference FGP from the dual
	 * as it then is.
	 */
	@Test
	void warmCall_afterTheDualWasChangedOrUnderAnotherGuide_equalsTheReferenceFromThatDual() {
		VolumeGeometry g = SIZES[2];
		Volume v = noisy(g, 42);
		TvGuide guide = guideFor(g), other = TvGuide.of(noisy(g, 5), 0.8, 0.2);
		TvProx.Dual dual = new TvProx.Dual(g);
		float[][] reference = new float[3][v.data().length];
		for (int call = 0; call < 4; call++) {
			TvGuide used = call == 2 ? other : guide;
			if (call == 3) {
				// NB: as an engine that exchanges halos writes the dual between calls.
				float[][] arrays = dual.arrays();
				for (int c = 0; c < 3; c++)
					for (int i = 0; i < arrays[c].length; i += 3) {
						arrays[c][i] *= 0.5f;
						reference[c][i] *= 0.5f;
					}
			}
			Volume out = v.zerosLike();
			new TvProx(LAMBDA, 3, new Parallelism(2), used).apply(v, dual, out);
			float[] expected = TvProxTest.twoPassFgp(v, used, (float) LAMBDA, 3, reference);
			for (int i = 0; i < expected.length; i++)
				assertEquals(expected[i], out.data()[i], 0, "voxel " + i + ", call " + call);
		}
	}

	@Test
	void vectorKernel_isBitIdenticalToThePlainJavaKernel_guided() {
		Assumptions.assumeTrue(VectorKernels.available(), "needs --add-modules jdk.incubator.vector");
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
}
