package org.fusedtomo.io.dm;

import java.nio.ByteOrder;

import org.fusedtomo.io.dm.DmBuilder.Grp;

/** Small valid DM3/DM4 files for tests outside this package (the truncation property test). */
public final class DmSamples {

	private DmSamples() {}

	/**
	 * A 3 x 2 x 3 uint16 tilt series at -20, 0 and 20 degrees (angle list in the tags), pixel value
	 * 100 z + 10 y + x, behind a thumbnail, as DM version 3 or 4.
	 */
	public static byte[] tiltStack(int version) {
		Grp root = new Grp("", new Grp("ImageList", DmFilesTest.thumbnail(),
			DmBuilder.image(10, DmTags.USHORT, DmFilesTest.ramp(3), new int[] { 3, 2, 3 }, 0.5, "nm", DmFilesTest.angleList(-20, 0, 20))));
		return new DmBuilder(version, ByteOrder.LITTLE_ENDIAN).build(root);
	}
}
