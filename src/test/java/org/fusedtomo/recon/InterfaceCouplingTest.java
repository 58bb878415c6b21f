package org.fusedtomo.recon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.junit.jupiter.api.Test;

class InterfaceCouplingTest {

	private static final VolumeGeometry G = VolumeGeometry.cube(24);

	/** value where r0 ≤ |p − c| &lt; r1 (a ball for r0 = 0, a shell otherwise), 0 elsewhere, plus Gaussian noise of {@code sigma}. */
	private static Volume region(double cx, double cy, double cz, double r0, double r1, double value, double sigma, long seed) {
		Volume v = Volume.zeros(G);
		Random random = new Random(seed);
		for (int z = 0, at = 0; z < G.depth(); z++)
			for (int y = 0; y < G.height(); y++)
				for (int x = 0; x < G.width(); x++, at++) {
					double r = Math.sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz));
					v.data()[at] = (float) ((r >= r0 && r < r1 ? value : 0) + sigma * random.nextGaussian());
				}
		return v;
	}

	@Test
	void opposition_isOneForAMapAndItsComplement_minusOneForAMapAndItsMultiple_zeroForAFlatMap() {
		Volume a = region(12, 12, 12, 0, 6, 1, 0, 1);
		Volume complement = a.copy(), twice = a.copy();
		for (int i = 0; i < a.data().length; i++) {
			complement.data()[i] = 3 - a.data()[i];
			twice.data()[i] = 2 * a.data()[i];
		}
		assertEquals(1, InterfaceCoupling.opposition(a, complement), 1e-9);
		assertEquals(-1, InterfaceCoupling.opposition(a, twice), 1e-9);
		assertEquals(0, InterfaceCoupling.opposition(a, Volume.zeros(G)), 0);
		assertThrows(IllegalArgumentException.class, () -> InterfaceCoupling.opposition(a, Volume.zeros(VolumeGeometry.cube(8))));
	}

	@Test
	void coreAndShellAreCoupled_aSeparateParticleIsNot() {
		// A core of element 0 inside a shell of element 1 (they meet at r = 5), and a particle of element 2 elsewhere.
		List<Volume> x = List.of(region(9, 12, 12, 0, 5, 1, 0.15, 1), region(9, 12, 12, 5, 8, 0.8, 0.15, 2), region(19, 5, 18, 0, 4, 1.2, 0.15, 3));
		double[][] o = InterfaceCoupling.oppositions(x, null, Parallelism.SERIAL);
		assertTrue(o[0][1] > InterfaceCoupling.THRESHOLD, "core and shell score " + o[0][1]);
		assertTrue(o[0][2] < InterfaceCoupling.THRESHOLD && o[1][2] < InterfaceCoupling.THRESHOLD, "separate particle scores " + o[0][2] + ", " + o[1][2]);
		int[][] groups = InterfaceCoupling.groups(x, null, Parallelism.SERIAL);
		assertEquals(2, groups.length);
		assertArrayEquals(new int[] { 0, 1 }, groups[0]);
		assertArrayEquals(new int[] { 2 }, groups[1]);
	}

	@Test
	void noPairIsCoupled_whenNoneMeet_orWhenTheyOverlapAndRiseTogether() {
		List<Volume> apart = List.of(region(6, 6, 6, 0, 4, 1, 0.15, 4), region(17, 17, 6, 0, 4, 1, 0.15, 5), region(12, 12, 18, 0, 4, 1, 0.15, 6));
		assertEquals(3, InterfaceCoupling.groups(apart, null, Parallelism.SERIAL).length);
		// A metal and its oxide over the same particle: shared edges of the same sign (ghost edges if coupled, docs/fused-study.md).
		List<Volume> overlapping = List.of(region(12, 12, 12, 0, 7, 1, 0.15, 7), region(12, 12, 12, 0, 7, 0.5, 0.15, 8));
		double[][] o = InterfaceCoupling.oppositions(overlapping, null, Parallelism.SERIAL);
		assertTrue(o[0][1] < -0.5, "overlap scores " + o[0][1]);
		assertEquals(2, InterfaceCoupling.groups(overlapping, null, Parallelism.SERIAL).length);
	}

	@Test
	void groups_areTheConnectedComponentsOfThePairsAboveTheThreshold() {
		double[][] chain = { { 0, 0.5, 0 }, { 0.5, 0, 0.3 }, { 0, 0.3, 0 } };
		assertArrayEquals(new int[][] { { 0, 1, 2 } }, InterfaceCoupling.groups(chain, 0.1));
		assertArrayEquals(new int[][] { { 0, 1 }, { 2 } }, InterfaceCoupling.groups(chain, 0.4));
		double[][] ends = { { 0, 0, 0.5 }, { 0, 0, 0 }, { 0.5, 0, 0 } };
		assertArrayEquals(new int[][] { { 0, 2 }, { 1 } }, InterfaceCoupling.groups(ends, 0.1));
	}
}
