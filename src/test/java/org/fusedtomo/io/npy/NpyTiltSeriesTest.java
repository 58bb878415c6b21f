package org.fusedtomo.io.npy;

import static org.fusedtomo.io.BadInput.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.fusedtomo.cli.FusedTomo;
import org.fusedtomo.io.TiltSeriesFile;
import org.fusedtomo.io.readers.SeriesReaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3D numpy array saved with {@code numpy.save} (tilts, y, x), the stack tifffile would write, is read as a tilt
 * series with its {@code .rawtlt} sidecar; before, every {@code .npy} was refused and pointed to {@code fused2d}, which
 * takes 2D images only. A 2D array still points to fused2d; an array whose tilts are not its first axis is named so.
 */
class NpyTiltSeriesTest {

	@TempDir
	Path tmp;

	static final int N = 3, H = 2, W = 4;

	/** Values v(z, y, x) = 100 z + 10 y + x + 1, in C order, as float64. */
	static double[] values() {
		double[] v = new double[N * H * W];
		for (int z = 0; z < N; z++)
			for (int y = 0; y < H; y++)
				for (int x = 0; x < W; x++)
					v[(z * H + y) * W + x] = 100 * z + 10 * y + x + 1;
		return v;
	}

	@Test
	void aThreeDimensionalArrayIsATiltSeriesWithItsSidecar() throws IOException {
		Path f = Files.write(tmp.resolve("stack.npy"), NpyFilesTest.npy("<f8", false, "(" + N + ", " + H + ", " + W + ")", NpyFilesTest.doubles(ByteOrder.LITTLE_ENDIAN, values())));
		assertRejected(f, "has no tilt angles", "stack.rawtlt");
		// angles out of order: projections are sorted with them
		Files.writeString(tmp.resolve("stack.rawtlt"), "30\n-30\n0\n");
		TiltSeriesFile read = SeriesReaders.read(f);
		assertArrayEquals(new double[] { -30, 0, 30 }, read.haadf().anglesDeg());
		assertEquals(W, read.haadf().width());
		assertEquals(H, read.haadf().height());
		double[] v = values();
		float[] expected = new float[v.length];
		int[] order = { 1, 2, 0 };
		for (int k = 0; k < N; k++)
			for (int i = 0; i < H * W; i++)
				expected[k * H * W + i] = (float) v[order[k] * H * W + i];
		assertArrayEquals(expected, read.haadf().data());
		assertEquals(0, FusedTomo.run(new String[] { "info", f.toString() }));
		// a sidecar of another length names the first axis as the tilts
		Files.writeString(tmp.resolve("stack.rawtlt"), "-60\n-30\n0\n30\n");
		assertRejected(f, "stack.npy", "3 projections", "4 tilt angles", "first axis");
	}

	@Test
	void aTwoDimensionalArrayStillPointsToFused2d() throws IOException {
		Path f = Files.write(tmp.resolve("map.npy"), NpyFilesTest.npy("<f8", false, "(" + H + ", " + W + ")", NpyFilesTest.doubles(ByteOrder.LITTLE_ENDIAN, new double[H * W])));
		assertRejected(f, "one 2D image", "fused2d");
		assertEquals(2, FusedTomo.run(new String[] { "info", f.toString() }));
	}
}
