package org.fusedtomo.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VolumeGeometryTest {

	@Test
	void ofDepthOrWidth_takesTheWidthForAnOpenDepth() {
		TiltGeometry tilts = new TiltGeometry(12, 5, new double[] { -30, 0, 30 });
		assertEquals(new VolumeGeometry(12, 5, 7), VolumeGeometry.ofDepthOrWidth(tilts, 7));
		assertEquals(new VolumeGeometry(12, 5, 12), VolumeGeometry.ofDepthOrWidth(tilts, 0));
		assertEquals(new VolumeGeometry(12, 5, 12), VolumeGeometry.ofDepthOrWidth(tilts, -1));
	}

	@Test
	void marginBeyond_undoesWidenedAndRefusesAViewThatIsNotCentred() {
		VolumeGeometry view = new VolumeGeometry(12, 5, 7);
		assertEquals(new VolumeGeometry(20, 5, 7), view.widened(4));
		assertEquals(4, view.widened(4).marginBeyond(12));
		assertEquals(0, view.marginBeyond(12));
		assertThrows(IllegalArgumentException.class, () -> view.widened(4).marginBeyond(11));
		assertThrows(IllegalArgumentException.class, () -> view.marginBeyond(14));
	}
}
