package org.fusedtomo.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.io.TiffSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImagePlusConverter#toImagePlus}: a tilt series' NaN pixels (not measured) survive the TIFF ImageJ saves, for the command line's reader. */
class ImagePlusConverterTest {

	@TempDir
	Path dir;

	@Test
	void toImagePlus_marksMissingPixelsSoThatTheSavedTiffReadsBackWithThem() throws IOException {
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(4, 3, new double[] { -30, 0, 30 }));
		for (int i = 0; i < s.data().length; i++)
			s.data()[i] = i;
		s.data()[5] = Float.NaN;
		Path tiff = dir.resolve("aligned.tif"), angles = dir.resolve("aligned.tlt");
		assertTrue(IJ.saveAsTiff(ImagePlusConverter.toImagePlus("aligned", s.img(), s.anglesDeg(), null), tiff.toString()));
		Files.writeString(angles, "-30\n0\n30\n");
		assertArrayEquals(s.data(), TiffSeries.readTiltSeries(tiff, angles).data());
		s.data()[5] = 5;
		assertNull(ImagePlusConverter.toImagePlus("raw", s.img(), s.anglesDeg(), null).getInfoProperty(), "nothing to mark");
	}

	/** A 2D image (Fuse 2D Maps' outputs) becomes one 32-bit slice with its pixels; it was refused ("must have 3 dimensions"), so ImageJ showed no result. */
	@Test
	void toImagePlus_showsA2dImageAsOneSlice() {
		float[] d = { 1, 2, 3, 4, 5, 6 };
		ImagePlus imp = ImagePlusConverter.toImagePlus("model", net.imglib2.img.array.ArrayImgs.floats(d, 3, 2), null, null);
		assertEquals(3, imp.getWidth());
		assertEquals(2, imp.getHeight());
		assertEquals(1, imp.getStackSize());
		assertArrayEquals(d, (float[]) imp.getProcessor().getPixels());
	}
	/**
	 * A stack opened from a file with a .rawtlt (or .tlt) beside it, and no angles of its own (a TIFF written by
	 * tifffile), takes the sidecar's angles, as the command line reads it: Reconstruct SIRT stopped with "'angles' is
	 * required but unset". A sidecar of another length, or none, gives none.
	 */
	@Test
	void anglesOf_takesTheSidecarOfTheFileTheImageWasOpenedFrom() throws IOException {
		ij.ImageStack stack = new ij.ImageStack(4, 3);
		for (int k = 0; k < 3; k++)
			stack.addSlice(null, new ij.process.FloatProcessor(4, 3));
		ImagePlus plain = new ImagePlus("plain", stack);
		Path tiff = dir.resolve("plain.tif");
		assertTrue(IJ.saveAsTiff(plain, tiff.toString()));
		assertNull(ImagePlusConverter.anglesOf(IJ.openImage(tiff.toString())), "no sidecar, no angles");
		Files.writeString(dir.resolve("plain.rawtlt"), "-30\n0\n30\n");
		assertEquals("-30,0,30", ImagePlusConverter.anglesOf(IJ.openImage(tiff.toString())));
		Files.writeString(dir.resolve("plain.rawtlt"), "-30\n30\n");
		assertNull(ImagePlusConverter.anglesOf(IJ.openImage(tiff.toString())), "a sidecar of another length");
	}
}
