package org.fusedtomo.recon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
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
}
