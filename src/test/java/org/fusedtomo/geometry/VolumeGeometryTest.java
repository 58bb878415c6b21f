package org.fusedtomo.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VolumeGeometryTest {

	@Test
	void ofDepthOrWidth_takesTheWidthForAnOpenDepth() {
		TiltGeometry tilts = new TiltGeometry(12, 5, new double[] { -30, 0, 30 });
		assertEquals(new VolumeGeometry(12, 5, 7), VolumeGeometry.ofDepthOrWidth(tilts, 7));
		assertEquals(new VolumeGeometry(12, 5, 12), VolumeGeometry.ofDepthOrWidth(tilts, 0));
		assertEquals(new VolumeGeometry(12, 5, 12), VolumeGeometry.ofDepthOrWidth(tilts, -1));
	}
}
