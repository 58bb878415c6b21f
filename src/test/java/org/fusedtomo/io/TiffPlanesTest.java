package org.fusedtomo.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Random;

import ij.IJ;
import ij.ImagePlus;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A volume written plane by plane, as slabs written by separate tasks are assembled (and as every volume is
 * written), reads back in ImageJ's own opener with its voxels, NaN included, its finite display range and its
 * pixel size.
 */
class TiffPlanesTest {

	@TempDir
	Path tmp;

	@Test
	void planeByPlaneWrittenVolumeReadsBackInImageJ() {
		int w = 7, h = 5, d = 4;
		for (Calibration c : new Calibration[] { Calibration.PIXEL, new Calibration(0.5, "nm") }) {
			Volume v = new Volume(new VolumeGeometry(w, h, d), c);
			Random random = new Random(3);
			for (int i = 0; i < v.data().length; i++)
				v.data()[i] = random.nextFloat() * 10 - 3;
			v.data()[11] = Float.NaN;
			v.data()[20] = -5f;
			v.data()[30] = 9f;
			Path tiff = tmp.resolve("planes-" + c.unit() + ".tif");
			TiffSeries.writeVolume(v, tiff, AtomicFiles.protecting());
			ImagePlus imp = IJ.openImage(tiff.toString());
			assertEquals(w, imp.getWidth());
			assertEquals(h, imp.getHeight());
			assertEquals(d, imp.getStackSize());
			for (int z = 0; z < d; z++)
				assertArrayEquals(java.util.Arrays.copyOfRange(v.data(), z * w * h, (z + 1) * w * h), (float[]) imp.getStack().getPixels(z + 1), "plane " + z);
			assertEquals(-5, imp.getDisplayRangeMin(), 1e-6, "finite minimum");
			assertEquals(9, imp.getDisplayRangeMax(), 1e-6, "finite maximum");
			double pixel = c.equals(Calibration.PIXEL) ? 1 : 0.5;
			assertEquals(pixel, imp.getCalibration().pixelWidth, 1e-12);
			assertEquals(pixel, imp.getCalibration().pixelDepth, 1e-12);
		}
	}
}
