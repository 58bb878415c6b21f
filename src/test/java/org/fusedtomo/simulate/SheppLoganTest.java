package org.fusedtomo.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.junit.jupiter.api.Test;

class SheppLoganTest {

	private static final VolumeGeometry ODD = new VolumeGeometry(65, 33, 65);

	@Test
	void create_hasBrainValueAtCentreAndZeroOutside() {
		Volume v = SheppLogan.create(ODD);
		// Centre: skull (1) + brain (-0.8), no small feature there.
		assertEquals(0.2, v.get(32, 16, 32), 1e-6);
		assertEquals(0, v.get(0, 0, 0), 0);
		assertEquals(0, v.get(64, 16, 32), 0); // beyond the skull's x semi-axis 0.69
		// Skull ring along x at |X| in (0.6624, 0.69]: voxel 54 covers X in [0.662, 0.692], nearly all skull.
		assertTrue(v.get(54, 16, 32) > 0.8, "skull voxel " + v.get(54, 16, 32));
		// Inside the right ventricle (centre X = 0.22): 0.2 - 0.2.
		assertEquals(0, v.get(39, 16, 32), 1e-6);
	}

	@Test
	void create_withKakSlaneyContrastHasBrainValue102() {
		Volume v = SheppLogan.create(ODD, SheppLogan.Contrast.KAK_SLANEY);
		assertEquals(1.02, v.get(32, 16, 32), 1e-6);
		assertEquals(0, v.get(0, 0, 0), 0);
	}

	@Test
	void create_valuesLieInUnitInterval() {
		Volume v = SheppLogan.create(ODD);
		float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
		for (float f : v.data()) {
			min = Math.min(min, f);
			max = Math.max(max, f);
		}
		assertTrue(min >= -1e-6, "min " + min);
		assertTrue(max <= 1 + 1e-6 && max > 0.9, "max " + max);
	}

	@Test
	void create_isDeterministic() {
		assertArrayEquals(SheppLogan.create(ODD).data(), SheppLogan.create(ODD).data());
	}
}
