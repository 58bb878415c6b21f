package org.fusedtomo.io.dm;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.fusedtomo.io.dm.DmBuilder.Grp;

/** Small DM3 files for tests outside this package, built by {@link DmBuilder}. */
public final class DmTestFiles {

	private DmTestFiles() {}

	/**
	 * Writes a little-endian DM3 float32 stack of {@code width x height x depth} pixels (x fastest) with
	 * its tilt angles in the tags, as Gatan's tomography plug-in stores them, and returns {@code file}.
	 */
	public static Path floatStack(Path file, int width, int height, int depth, double[] pixels, double... anglesDeg) throws IOException {
		Grp root = new Grp("", new Grp("ImageList", DmFilesTest.thumbnail(),
			DmBuilder.image(2, DmTags.FLOAT, pixels, new int[] { width, height, depth }, 1, "nm", DmFilesTest.angleList(anglesDeg))));
		Files.write(file, new DmBuilder(3, ByteOrder.LITTLE_ENDIAN).build(root));
		return file;
	}
}
