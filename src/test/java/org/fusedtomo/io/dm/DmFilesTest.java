package org.fusedtomo.io.dm;

import static org.fusedtomo.io.BadInput.assertRejected;
import static org.fusedtomo.io.BadInput.truncated;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.io.RealData;
import org.fusedtomo.io.readers.SeriesReaders;
import org.fusedtomo.io.TiltAngles;
import org.fusedtomo.io.TiltSeriesFile;
import org.fusedtomo.io.dm.DmBuilder.Grp;
import org.fusedtomo.io.dm.DmBuilder.Num;
import org.fusedtomo.io.dm.DmBuilder.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DmFilesTest {

	@TempDir
	Path dir;

	/** 3 x 2 pixels per slice, value = 100 z + 10 y + x. */
	static double[] ramp(int depth) {
		double[] v = new double[6 * depth];
		for (int z = 0; z < depth; z++)
			for (int y = 0; y < 2; y++)
				for (int x = 0; x < 3; x++)
					v[x + 3 * (y + 2 * z)] = 100 * z + 10 * y + x;
		return v;
	}

	static Grp angleList(double... angles) {
		Tag[] data = new Tag[angles.length];
		for (int i = 0; i < angles.length; i++)
			data[i] = new Num(Integer.toString(i), DmTags.DOUBLE, angles[i]);
		return new Grp("Meta Data", new Grp("Dimension info", new Grp("2", new Grp("Data", data), DmBuilder.text("Label", "Tilt angle (deg)"))));
	}

	static Grp thumbnail() {
		return DmBuilder.image(23, DmTags.ULONG, new double[4], new int[] { 2, 2 }, 1, "");
	}

	Path stackFile(String name, int version, ByteOrder order, double[] pixels, int depth, int dataType, int arrayType, double... angles) throws IOException {
		Grp root = new Grp("", new Grp("ImageList", thumbnail(), DmBuilder.image(dataType, arrayType, pixels, new int[] { 3, 2, depth }, 0.5, "µm", angleList(angles))));
		Path f = dir.resolve(name);
		Files.write(f, new DmBuilder(version, order).build(root));
		return f;
	}

	@Test
	void read_dm3StackWithAngleListSkipsThumbnail() throws IOException {
		Path f = stackFile("s.dm3", 3, ByteOrder.LITTLE_ENDIAN, ramp(3), 3, 10, DmTags.USHORT, -20, 0, 20);
		TiltSeriesFile t = SeriesReaders.read(f);
		assertEquals("DM3", t.format());
		assertEquals("uint16", t.pixelType());
		assertArrayEquals(new double[] { -20, 0, 20 }, t.haadf().anglesDeg());
		assertEquals(3, t.haadf().width());
		assertEquals(2, t.haadf().height());
		assertEquals(111f, t.haadf().get(1, 1, 1));
		assertEquals(202f, t.haadf().get(2, 0, 2));
		assertEquals(new Calibration(500, "nm"), t.haadf().calibration());
	}

	@Test
	void read_dm4BigEndianFloat() throws IOException {
		double[] px = ramp(2);
		px[5] = -1.25;
		Path f = stackFile("s.dm4", 4, ByteOrder.BIG_ENDIAN, px, 2, 2, DmTags.FLOAT, 5, 10);
		TiltSeriesFile t = SeriesReaders.read(f);
		assertEquals("DM4", t.format());
		assertEquals("float32", t.pixelType());
		assertEquals(-1.25f, t.haadf().get(2, 1, 0));
		assertArrayEquals(new double[] { 5, 10 }, t.haadf().anglesDeg());
	}

	@Test
	void read_separateImagesUseStageAlphaAndSortByAngle() throws IOException {
		Tag[] images = new Tag[3];
		double[] alpha = { 30, -30, 0 };
		for (int i = 0; i < 3; i++)
			images[i] = DmBuilder.image(1, DmTags.SHORT, new double[] { i, i, i, i, i, i }, new int[] { 3, 2 }, 2, "nm",
				new Grp("Microscope Info", new Grp("Stage Position", new Num("Stage Alpha", DmTags.DOUBLE, alpha[i]))));
		Path f = dir.resolve("imgs.dm3");
		Files.write(f, new DmBuilder(3, ByteOrder.LITTLE_ENDIAN).build(new Grp("", new Grp("ImageList", images))));
		TiltSeriesFile t = SeriesReaders.read(f);
		assertArrayEquals(new double[] { -30, 0, 30 }, t.haadf().anglesDeg());
		// NB: projections move with their angles: image 1 (-30°) first, then image 2 (0°), then image 0.
		assertEquals(1f, t.haadf().get(0, 0, 0));
		assertEquals(2f, t.haadf().get(0, 0, 1));
		assertEquals(0f, t.haadf().get(0, 0, 2));
		assertEquals(new Calibration(2, "nm"), t.haadf().calibration());
	}

	@Test
	void read_sidecarOverridesTags() throws IOException {
		Path f = stackFile("side.dm3", 3, ByteOrder.LITTLE_ENDIAN, ramp(2), 2, 10, DmTags.USHORT, 1, 2);
		Files.writeString(dir.resolve("side.rawtlt"), "-1\n1\n");
		assertArrayEquals(new double[] { -1, 1 }, SeriesReaders.read(f).haadf().anglesDeg());
	}

	@Test
	void read_realNeedleDm3() {
		Path f = RealData.require("needle-dm3/HAADF.dm3");
		TiltSeriesFile t = SeriesReaders.read(f);
		assertEquals(91, t.haadf().angleCount());
		assertEquals(64, t.haadf().width());
		assertEquals(64, t.haadf().height());
		assertEquals("uint16", t.pixelType());
		assertEquals("DM tags (Meta Data/Dimension info)", t.anglesFrom());
		assertArrayEquals(TiltAngles.read(f.resolveSibling("HAADF_tilt_angles_deg.txt")), t.haadf().anglesDeg(), 1e-9);
		assertEquals("nm", t.haadf().calibration().unit());
		assertEquals(17.995, t.haadf().calibration().pixelSize(), 1e-3);
	}

	@Test
	void read_badInputIsOneClearError() throws IOException {
		Path good = stackFile("good.dm3", 3, ByteOrder.LITTLE_ENDIAN, ramp(3), 3, 10, DmTags.USHORT, -20, 0, 20);
		assertRejected(truncated(good, "cut.dm3", Files.size(good) / 2), "truncated");
		byte[] b = Files.readAllBytes(good);
		b[3] = 7;
		Path magic = dir.resolve("magic.dm3");
		Files.write(magic, b);
		assertRejected(magic, "not a DM3/DM4 file");
		assertRejected(stackFile("count.dm3", 3, ByteOrder.LITTLE_ENDIAN, ramp(3), 3, 10, DmTags.USHORT, -20, 0), "3 projections", "2 tilt angles");
		// NB: repeated tilts are data, not an error.
		assertArrayEquals(new double[] { -20, 20, 20 }, SeriesReaders.read(stackFile("dup.dm3", 3, ByteOrder.LITTLE_ENDIAN, ramp(3), 3, 10, DmTags.USHORT, -20, 20, 20)).haadf().anglesDeg());
		double[] nan = ramp(3);
		nan[7] = Double.NaN;
		assertRejected(stackFile("nan.dm3", 3, ByteOrder.LITTLE_ENDIAN, nan, 3, 2, DmTags.FLOAT, -20, 0, 20), "NaN", "projection 2");
		Path empty = dir.resolve("empty.dm3");
		Files.write(empty, new DmBuilder(3, ByteOrder.LITTLE_ENDIAN).build(new Grp("", new Grp("ImageList", thumbnail()))));
		assertRejected(empty, "no greyscale image");
		Path zero = stackFile("zero.dm3", 3, ByteOrder.LITTLE_ENDIAN, new double[0], 0, 10, DmTags.USHORT);
		assertRejected(zero, "empty");
	}
}
