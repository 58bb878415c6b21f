package org.fusedtomo.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A volume written plane by plane is the same file as the volume written whole. */
class TiffPlanesTest {

	@TempDir
	Path tmp;

	@Test
	void planeByPlaneWritesTheSameBytesAsTheWholeVolume() throws IOException {
		int w = 7, h = 5, d = 4;
		for (Calibration c : new Calibration[] { Calibration.PIXEL, new Calibration(0.5, "nm") }) {
			Volume v = new Volume(new VolumeGeometry(w, h, d), c);
			Random random = new Random(3);
			float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
			for (int i = 0; i < v.data().length; i++) {
				v.data()[i] = random.nextFloat() * 10 - 3;
				min = Math.min(min, v.data()[i]);
				max = Math.max(max, v.data()[i]);
			}
			v.data()[11] = Float.NaN;
			Path whole = tmp.resolve("whole-" + c.unit() + ".tif"), planes = tmp.resolve("planes-" + c.unit() + ".tif");
			TiffSeries.writeVolume(v, whole, AtomicFiles.protecting());
			TiffSeries.writeVolume(w, h, d, c, z -> java.util.Arrays.copyOfRange(v.data(), z * w * h, (z + 1) * w * h), min, max, planes, AtomicFiles.protecting());
			assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(planes), c.toString());
		}
	}
}
