package org.fusedtomo.io.bruker;

import java.io.IOException;
import java.nio.file.Path;

/** Small synthetic {@code .bcf} files ({@link BcfBuilder}, filled as in {@link BcfFilesTest}) for tests in other packages. */
public final class BcfSamples {

	private BcfSamples() {}

	/**
	 * Writes an {@code width x height} EDS map of {@code channels} channels with every pixel packing, a HAADF
	 * image and small chunks (so the data spans chunk chains), zlib-compressed when {@code compress}.
	 */
	public static Path write(Path file, int width, int height, int channels, boolean compress, long seed) throws IOException {
		BcfBuilder b = BcfFilesTest.synthetic(width, height, channels, seed);
		b.compress = compress;
		return b.write(file);
	}
}
