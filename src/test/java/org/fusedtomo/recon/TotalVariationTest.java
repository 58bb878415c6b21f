package org.fusedtomo.recon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;

import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.parallel.VectorKernels;
import org.junit.jupiter.api.Test;

class TotalVariationTest {

	private static final VolumeGeometry CUBE2 = VolumeGeometry.cube(2);

	@Test
	void of_singleVoxelInCubeOf2() {
		Volume v = Volume.zeros(CUBE2);
		v.set(0, 0, 0, 1);
		// Only voxel (0,0,0) has non-zero forward differences: (-1, -1, -1).
		assertEquals(Math.sqrt(3), TotalVariation.of(v), 1e-12);
	}

	@Test
	void of_linearRampInCubeOf2() {
		Volume v = Volume.zeros(CUBE2);
		for (int z = 0; z < 2; z++)
			for (int y = 0; y < 2; y++)
				for (int x = 0; x < 2; x++)
					v.set(x, y, z, x + 2 * y + 3 * z);
		// Gradients (1,2,3) at the origin; each last face contributes 0 along its axis.
		double expected = Math.sqrt(14) + Math.sqrt(13) + Math.sqrt(10) + Math.sqrt(5) + 3 + 2 + 1 + 0;
		assertEquals(expected, TotalVariation.of(v), 1e-6);
	}

	@Test
	void of_constantVolumeIsZero() {
		Volume v = Volume.zeros(new VolumeGeometry(5, 3, 4));
		java.util.Arrays.fill(v.data(), 2.5f);
		assertEquals(0, TotalVariation.of(v), 0);
	}

	@Test
	void of_isTheSameOnAnyNumberOfThreads() {
		Volume v = org.fusedtomo.simulate.SheppLogan.create(new VolumeGeometry(19, 11, 13));
		double serial = TotalVariation.of(v);
		assertEquals(serial, TotalVariation.of(v, null, new org.fusedtomo.parallel.Parallelism(3)), 0);
		assertEquals(serial, TotalVariation.of(v, null, new org.fusedtomo.parallel.Parallelism(2)), 0);
	}

	/** Sizes with a single row, column or plane, and rows that are no multiple of any SIMD width, or one vector plus one voxel. */
	private static final VolumeGeometry[] AWKWARD = { new VolumeGeometry(1, 1, 1), new VolumeGeometry(1, 5, 4), new VolumeGeometry(7, 1, 3),
		new VolumeGeometry(5, 6, 1), new VolumeGeometry(37, 5, 3), new VolumeGeometry(17, 4, 2), new VolumeGeometry(33, 3, 2), new VolumeGeometry(2, 2, 2) };

	private static Volume random(VolumeGeometry g, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		Volume v = Volume.zeros(g);
		for (int i = 0; i < v.data().length; i++)
			v.data()[i] = (float) (random.nextDouble() * 4 - 1);
		return v;
	}

	/** The definition voxel by voxel, with a test for each boundary, in double. */
	private static double definition(Volume x, TvGuide guide) {
		int nx = x.width(), ny = x.height(), nz = x.depth();
		double sum = 0;
		for (int z = 0; z < nz; z++)
			for (int y = 0; y < ny; y++)
				for (int i = 0; i < nx; i++) {
					double v = x.get(i, y, z);
					double gx = i < nx - 1 ? x.get(i + 1, y, z) - v : 0;
					double gy = y < ny - 1 ? x.get(i, y + 1, z) - v : 0;
					double gz = z < nz - 1 ? x.get(i, y, z + 1) - v : 0;
					sum += guide == null ? Math.sqrt(gx * gx + gy * gy + gz * gz) : guide.magnitude(gx, gy, gz, i + nx * (y + ny * z));
				}
		return sum;
	}

	@Test
	void of_plainKernelEqualsTheDefinitionOnAwkwardSizes() {
		for (VolumeGeometry g : AWKWARD) {
			Volume v = random(g, g.voxelCount());
			double expected = definition(v, null);
			assertEquals(expected, TotalVariation.of(v, null, Parallelism.SERIAL, ScalarTvRowKernel.INSTANCE), 1e-12 * expected, g.toString());
			assertEquals(expected, TotalVariation.of(v, null, new Parallelism(2), ScalarTvRowKernel.INSTANCE), 1e-12 * expected, g.toString());
		}
	}

	@Test
	void of_vectorKernelAgreesWithThePlainOneOnAwkwardSizes() {
		assumeTrue(VectorKernels.available(), "needs --add-modules jdk.incubator.vector");
		TvRowKernel vector = TvRowKernel.fastest();
		assertTrue(vector instanceof VectorTvRowKernel, vector.getClass().getName());
		for (VolumeGeometry g : AWKWARD) {
			Volume v = random(g, g.voxelCount() + 1);
			double plain = TotalVariation.of(v, null, Parallelism.SERIAL, ScalarTvRowKernel.INSTANCE);
			double simd = TotalVariation.of(v, null, Parallelism.SERIAL, vector);
			assertEquals(plain, simd, 1e-6 * plain, g.toString());
			assertEquals(simd, TotalVariation.of(v, null, new Parallelism(3), vector), 0, g.toString());
		}
		// Rows of many vectors, as in a reconstruction.
		Volume big = random(new VolumeGeometry(129, 31, 9), 5);
		double plain = TotalVariation.of(big, null, Parallelism.SERIAL, ScalarTvRowKernel.INSTANCE);
		assertEquals(plain, TotalVariation.of(big, null, Parallelism.SERIAL, vector), 1e-6 * plain);
	}

	@Test
	void of_guidedEqualsTheDefinitionOnAwkwardSizes() {
		for (VolumeGeometry g : AWKWARD) {
			TvGuide guide = TvGuide.of(random(g, 7), 0.8, 0.1);
			Volume v = random(g, 8);
			double expected = definition(v, guide);
			assertEquals(expected, TotalVariation.of(v, guide, new Parallelism(2), ScalarTvRowKernel.INSTANCE), 1e-12 * expected, g.toString());
			// The Vector API kernel (where the JVM has it) sums |P g| in float lanes.
			assertEquals(expected, TotalVariation.of(v, guide, new Parallelism(2)), 1e-6 * expected, g.toString());
		}
	}
}
