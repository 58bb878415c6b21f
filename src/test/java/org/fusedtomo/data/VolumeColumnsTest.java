package org.fusedtomo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fusedtomo.geometry.VolumeGeometry;
import org.junit.jupiter.api.Test;

/** {@link Volume#centralColumns}: the field of view of a volume widened beyond it. */
class VolumeColumnsTest {

	@Test
	void centralColumnsKeepEveryVoxelOfTheViewAtItsPlace() {
		Volume v = Volume.zeros(new VolumeGeometry(10, 3, 4));
		for (int z = 0; z < 4; z++)
			for (int y = 0; y < 3; y++)
				for (int x = 0; x < 10; x++)
					v.set(x, y, z, 1000 * z + 100 * y + x);
		Volume c = v.centralColumns(6);
		assertEquals(new VolumeGeometry(6, 3, 4), c.geometry());
		for (int z = 0; z < 4; z++)
			for (int y = 0; y < 3; y++)
				for (int x = 0; x < 6; x++)
					assertEquals(1000 * z + 100 * y + x + 2, c.get(x, y, z));
		assertEquals(v.calibration(), c.calibration());
	}

	@Test
	void theWholeWidthIsACopyAndAnUnevenCutIsRefused() {
		Volume v = Volume.zeros(new VolumeGeometry(8, 2, 2));
		v.set(3, 1, 1, 5);
		Volume c = v.centralColumns(8);
		c.set(3, 1, 1, 7);
		assertEquals(5, v.get(3, 1, 1));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.centralColumns(5));
		// one check of the view, VolumeGeometry's, with its message
		assertEquals(assertThrows(IllegalArgumentException.class, () -> v.geometry().marginBeyond(5)).getMessage(), e.getMessage());
		assertTrue(e.getMessage().contains("view 5 wide") && e.getMessage().contains("volume 8 wide"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> v.centralColumns(10));
	}
}
