package org.fusedtomo.io.mrc;

import static org.fusedtomo.io.BadInput.assertRejected;
import static org.fusedtomo.io.BadInput.truncated;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.readers.SeriesReaders;
import org.fusedtomo.io.TestSeries;
import org.fusedtomo.io.TiltSeriesFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MrcFilesTest {

	@TempDir
	Path dir;

	static TiltSeries series(int w, int h, double[] angles, Calibration c, long seed) {
		return TestSeries.random(w, h, angles, c, seed);
	}

	/** A raw MRC file: header fields as given, then {@code ext} and {@code pixels}. */
	static byte[] raw(ByteOrder order, int nx, int ny, int nz, int mode, String exttyp, int nint, int nreal, byte[] ext, byte[] pixels) {
		ByteBuffer b = ByteBuffer.allocate(1024 + ext.length + pixels.length).order(order);
		b.putInt(0, nx).putInt(4, ny).putInt(8, nz).putInt(12, mode).putInt(28, nx).putFloat(40, nx * 2.5f).putInt(92, ext.length);
		b.put(104, (exttyp + "    ").substring(0, 4).getBytes());
		b.putShort(128, (short) nint).putShort(130, (short) nreal);
		b.put(208, "MAP ".getBytes());
		b.put(212, order == ByteOrder.LITTLE_ENDIAN ? (byte) 0x44 : (byte) 0x11);
		b.put(1024, ext);
		b.put(1024 + ext.length, pixels);
		return b.array();
	}

	/** Sets the header's amin/amax (bytes 76, 80) of a little-endian {@link #raw} file. */
	static void minMax(byte[] mrc, float min, float max) {
		ByteBuffer.wrap(mrc).order(ByteOrder.LITTLE_ENDIAN).putFloat(76, min).putFloat(80, max);
	}

	/** Sets IMOD's stamp (byte 152) and flags (156) of a little-endian {@link #raw} file. */
	static void imodStamp(byte[] mrc, int flags) {
		ByteBuffer.wrap(mrc).order(ByteOrder.LITTLE_ENDIAN).putInt(152, 1146047817).putInt(156, flags);
	}

	Path file(String name, byte[] bytes) throws IOException {
		Path p = dir.resolve(name);
		Files.write(p, bytes);
		return p;
	}

	@Test
	void writeTiltSeries_roundTripIsBitExactInBothByteOrders() {
		for (ByteOrder order : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN }) {
			TiltSeries s = series(7, 5, new double[] { -60, -0.1, 12.345678901234567, 59 }, new Calibration(0.75, "nm"), 3);
			Path f = dir.resolve(order + ".mrc");
			MrcFiles.writeTiltSeries(s, f, false, order, AtomicFiles.protecting());
			TiltSeriesFile back = SeriesReaders.read(f);
			assertArrayEquals(s.data(), back.haadf().data(), order.toString());
			assertArrayEquals(s.anglesDeg(), back.haadf().anglesDeg());
			assertEquals(0.75, back.haadf().calibration().pixelSize(), 1e-6);
			assertEquals("nm", back.haadf().calibration().unit());
			assertEquals(order == ByteOrder.BIG_ENDIAN, back.format().contains("big-endian"), back.format());
		}
	}

	@Test
	void writeTiltSeries_feiExtendedHeaderHoldsTheAngles() throws IOException {
		TiltSeries s = series(4, 3, new double[] { -30, 0.5, 30 }, Calibration.PIXEL, 4);
		Path f = dir.resolve("fei.mrc");
		MrcFiles.writeTiltSeries(s, f, true, AtomicFiles.protecting());
		Files.delete(dir.resolve("fei.rawtlt"));
		TiltSeriesFile back = SeriesReaders.read(f);
		assertEquals("the extended header", back.anglesFrom());
		assertTrue(back.format().contains("FEI1"), back.format());
		assertArrayEquals(s.anglesDeg(), back.haadf().anglesDeg());
		assertArrayEquals(s.data(), back.haadf().data());
		assertEquals(Calibration.PIXEL, back.haadf().calibration());
	}

	@Test
	void writeVolume_roundTripIsBitExact() {
		Volume v = new Volume(new VolumeGeometry(5, 4, 3), new Calibration(1.5, "nm"));
		for (int i = 0; i < v.data().length; i++)
			v.data()[i] = i * 0.37f - 3;
		Path f = dir.resolve("vol.rec");
		MrcFiles.writeVolume(v, f, AtomicFiles.protecting());
		Volume back = SeriesReaders.readVolume(f);
		assertArrayEquals(v.data(), back.data());
		assertEquals(1.5, back.calibration().pixelSize(), 1e-6);
	}

	@Test
	void read_integerAndHalfModes() throws IOException {
		// 2 x 1 x 1 sections; angles from a .rawtlt.
		Files.writeString(dir.resolve("m0.rawtlt"), "0\n");
		byte[] m0 = raw(ByteOrder.LITTLE_ENDIAN, 2, 1, 1, 0, "", 0, 0, new byte[0], new byte[] { -2, 127 });
		minMax(m0, -2, 127); // what an MRC2014 writer (mrcfile) puts in the header: signed bytes
		assertArrayEquals(new float[] { -2, 127 }, SeriesReaders.read(file("m0.mrc", m0)).haadf().data());
		Files.writeString(dir.resolve("m1.rawtlt"), "0\n");
		byte[] s16 = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putShort((short) -300).putShort((short) 300).array();
		TiltSeriesFile m1 = SeriesReaders.read(file("m1.mrc", raw(ByteOrder.BIG_ENDIAN, 2, 1, 1, 1, "", 0, 0, new byte[0], s16)));
		assertArrayEquals(new float[] { -300, 300 }, m1.haadf().data());
		assertEquals("int16", m1.pixelType());
		Files.writeString(dir.resolve("m6.rawtlt"), "0\n");
		byte[] u16 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 65535).putShort((short) 1).array();
		assertArrayEquals(new float[] { 65535, 1 }, SeriesReaders.read(file("m6.mrc", raw(ByteOrder.LITTLE_ENDIAN, 2, 1, 1, 6, "", 0, 0, new byte[0], u16))).haadf().data());
		Files.writeString(dir.resolve("m12.rawtlt"), "0\n");
		// 0x3C00 = 1.0, 0xC000 = -2.0 in binary16.
		byte[] f16 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3C00).putShort((short) 0xC000).array();
		TiltSeriesFile m12 = SeriesReaders.read(file("m12.mrc", raw(ByteOrder.LITTLE_ENDIAN, 2, 1, 1, 12, "", 0, 0, new byte[0], f16)));
		assertArrayEquals(new float[] { 1, -2 }, m12.haadf().data());
		assertEquals(0.25, m12.haadf().calibration().pixelSize(), 1e-9); // cella 5 Å / mx 2 = 2.5 Å
	}

	/**
	 * Mode 0 is signed in MRC2014 but unsigned in older files; IMOD (b3dutil readBytesSigned) takes its
	 * stamp's flag when there is one, else the header's min/max: min < 0 with max < 128 signed, min >= 0
	 * with max >= 128 unsigned, else unsigned, and so does this reader. Where the header says nothing and
	 * bytes above 127 are there, the choice is a guess and the file's notes say so.
	 */
	@Test
	void read_modeZeroSignednessFollowsImod() throws IOException {
		byte[] pixels = { -56, 100 }; // 200 unsigned, -56 signed
		for (String name : new String[] { "u", "s", "stampU", "stampS", "bare", "bareLow" })
			Files.writeString(dir.resolve(name + ".rawtlt"), "0\n");
		byte[] u = raw(ByteOrder.LITTLE_ENDIAN, 2, 1, 1, 0, "", 0, 0, new byte[0], pixels);
		minMax(u, 100, 200);
		TiltSeriesFile fu = SeriesReaders.read(file("u.mrc", u));
		assertArrayEquals(new float[] { 200, 100 }, fu.haadf().data());
		assertEquals("uint8", fu.pixelType());
		assertTrue(fu.notes().isEmpty(), fu.notes().toString());
		byte[] s = raw(ByteOrder.LITTLE_ENDIAN, 2, 1, 1, 0, "", 0, 0, new byte[0], pixels);
		minMax(s, -56, 100);
		TiltSeriesFile fs = SeriesReaders.read(file("s.mrc", s));
		assertArrayEquals(new float[] { -56, 100 }, fs.haadf().data());
		assertEquals("int8", fs.pixelType());
		assertTrue(fs.notes().isEmpty(), fs.notes().toString());
		// IMOD's stamp decides over the min/max.
		byte[] stampU = raw(ByteOrder.LITTLE_ENDIAN, 2, 1, 1, 0, "", 0, 0, new byte[0], pixels);
		minMax(stampU, -56, 100);
		imodStamp(stampU, 0);
		assertArrayEquals(new float[] { 200, 100 }, SeriesReaders.read(file("stampU.mrc", stampU)).haadf().data());
		byte[] stampS = raw(ByteOrder.LITTLE_ENDIAN, 2, 1, 1, 0, "", 0, 0, new byte[0], pixels);
		minMax(stampS, 100, 200);
		imodStamp(stampS, 1);
		assertArrayEquals(new float[] { -56, 100 }, SeriesReaders.read(file("stampS.mrc", stampS)).haadf().data());
		// No stamp, min/max unset: unsigned as IMOD reads it, with a note naming the other reading.
		TiltSeriesFile bare = SeriesReaders.read(file("bare.mrc", raw(ByteOrder.LITTLE_ENDIAN, 2, 1, 1, 0, "", 0, 0, new byte[0], pixels)));
		assertArrayEquals(new float[] { 200, 100 }, bare.haadf().data());
		assertEquals(1, bare.notes().size(), bare.notes().toString());
		String note = bare.notes().get(0);
		assertTrue(note.contains("unsigned") && note.contains("signed") && note.contains("IMOD"), note);
		// ... and none where no byte is above 127 (both readings agree).
		TiltSeriesFile low = SeriesReaders.read(file("bareLow.mrc", raw(ByteOrder.LITTLE_ENDIAN, 2, 1, 1, 0, "", 0, 0, new byte[0], new byte[] { 3, 100 })));
		assertArrayEquals(new float[] { 3, 100 }, low.haadf().data());
		assertTrue(low.notes().isEmpty(), low.notes().toString());
	}

	@Test
	void halfToFloat_specialValues() {
		assertEquals(65504f, MrcFiles.halfToFloat((short) 0x7BFF));
		assertEquals(0x1p-24f, MrcFiles.halfToFloat((short) 0x0001));
		assertEquals(Float.NEGATIVE_INFINITY, MrcFiles.halfToFloat((short) 0xFC00));
		assertTrue(Float.isNaN(MrcFiles.halfToFloat((short) 0x7E00)));
		assertEquals(-0f, MrcFiles.halfToFloat((short) 0x8000));
	}

	@Test
	void read_serialEmAndLegacyFeiHeaders() throws IOException {
		ByteBuffer seri = ByteBuffer.allocate(3 * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (int z = 0; z < 3; z++)
			seri.putShort(z * 4, (short) (z * 1500 - 1500)); // -15, 0, 15 degrees, 4 bytes per section
		TiltSeriesFile s = SeriesReaders.read(file("seri.st", raw(ByteOrder.LITTLE_ENDIAN, 1, 1, 3, 2, "SERI", 4, 1, seri.array(), new byte[12])));
		assertArrayEquals(new double[] { -15, 0, 15 }, s.haadf().anglesDeg());
		ByteBuffer agar = ByteBuffer.allocate(2 * 128).order(ByteOrder.BIG_ENDIAN).putFloat(0, 10.5f).putFloat(128, 20.5f);
		TiltSeriesFile a = SeriesReaders.read(file("agar.mrc", raw(ByteOrder.BIG_ENDIAN, 1, 1, 2, 2, "AGAR", 0, 0, agar.array(), new byte[8])));
		assertArrayEquals(new double[] { 10.5, 20.5 }, a.haadf().anglesDeg());
	}

	@Test
	void read_mdocSidecar() throws IOException {
		Path f = file("ts.st", raw(ByteOrder.LITTLE_ENDIAN, 1, 1, 2, 2, "", 0, 0, new byte[0], new byte[8]));
		Files.writeString(dir.resolve("ts.st.mdoc"), "PixelSpacing = 2\n\n[ZValue = 0]\nTiltAngle = -3.5\nMagnification = 1\n\n[ZValue = 1]\nTiltAngle = 4.25\n");
		TiltSeriesFile t = SeriesReaders.read(f);
		assertArrayEquals(new double[] { -3.5, 4.25 }, t.haadf().anglesDeg());
		assertEquals("ts.st.mdoc", t.anglesFrom());
	}

	@Test
	void sectionOffset_usesLongArithmeticBeyond2GiB() {
		MrcHeader h = new MrcHeader(ByteOrder.LITTLE_ENDIAN, 8192, 8192, 100, 2, 8192, 0, 131072, "FEI1", 0, 0, true, true);
		assertEquals(1024L + 131072 + 20L * 8192 * 8192 * 4, h.sectionOffset(20));
		assertTrue(h.sectionOffset(99) > 10L * Integer.MAX_VALUE);
		assertEquals(1024L + 3L * 8192 * 8192 * 2, new MrcHeader(ByteOrder.BIG_ENDIAN, 8192, 8192, 100, 6, 0, 0, 0, "", 0, 0, true, true).sectionOffset(3));
	}

	@Test
	void read_badInputIsOneClearError() throws IOException {
		TiltSeries s = series(4, 3, new double[] { -30, 0, 30 }, Calibration.PIXEL, 5);
		Path good = dir.resolve("good.mrc");
		MrcFiles.writeTiltSeries(s, good, true, AtomicFiles.protecting());
		assertRejected(truncated(good, "cut.mrc", Files.size(good) - 5), "truncated");
		assertRejected(truncated(good, "short.mrc", 600), "1024-byte");
		byte[] b = Files.readAllBytes(good);
		byte[] garbage = b.clone();
		for (int i = 0; i < 1024; i++)
			garbage[i] = (byte) 0xA5;
		assertRejected(file("magic.mrc", garbage), "not an MRC file");
		ByteBuffer ext = ByteBuffer.wrap(b.clone()).order(ByteOrder.LITTLE_ENDIAN).putInt(92, 1 << 30);
		assertRejected(file("ext.mrc", ext.array()), "extended header");
		ByteBuffer dims = ByteBuffer.wrap(b.clone()).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 4000);
		assertRejected(file("dims.mrc", dims.array()), "truncated", "4000");
		assertRejected(file("empty.mrc", raw(ByteOrder.LITTLE_ENDIAN, 4, 3, 0, 2, "", 0, 0, new byte[0], new byte[0])), "empty");
		Files.writeString(dir.resolve("count.rawtlt"), "1\n2\n");
		assertRejected(file("count.mrc", b), "3 projections", "2 tilt angles");
		Files.writeString(dir.resolve("dup.rawtlt"), "1\n2\n1\n");
		// NB: repeated tilts are data, not an error: both exposures at 1° are kept, in file order.
		var repeated = SeriesReaders.read(file("dup.mrc", b));
		assertArrayEquals(new double[] { 1, 1, 2 }, repeated.haadf().anglesDeg());
		assertArrayEquals(new int[] { 0, 2, 1 }, repeated.fileIndex());
		byte[] nan = b.clone();
		ByteBuffer.wrap(nan).order(ByteOrder.LITTLE_ENDIAN).putFloat(nan.length - 4, Float.POSITIVE_INFINITY);
		assertRejected(file("inf.mrc", nan), "Infinity", "projection 3");
		assertRejected(file("mode.mrc", ByteBuffer.wrap(b.clone()).order(ByteOrder.LITTLE_ENDIAN).putInt(12, 4).array()), "mode 4");
		Path noAngles = file("none.mrc", raw(ByteOrder.LITTLE_ENDIAN, 1, 1, 1, 2, "", 0, 0, new byte[0], new byte[4]));
		assertRejected(noAngles, "no tilt angles");
		Files.writeString(dir.resolve("gap.mdoc"), "[ZValue = 0]\nTiltAngle = 1\n");
		assertRejected(file("gap.mrc", raw(ByteOrder.LITTLE_ENDIAN, 1, 1, 2, 2, "", 0, 0, new byte[0], new byte[8])), "ZValue = 1");
	}

	@Test
	void read_unorderedAnglesSortProjections() throws IOException {
		TiltSeries s = series(2, 1, new double[] { 0, 1, 2 }, Calibration.PIXEL, 6);
		Path f = dir.resolve("order.mrc");
		MrcFiles.writeTiltSeries(s, f, false, AtomicFiles.protecting());
		Files.writeString(dir.resolve("order.rawtlt"), "10\n-10\n0\n");
		TiltSeries back = SeriesReaders.read(f).haadf();
		assertArrayEquals(new double[] { -10, 0, 10 }, back.anglesDeg());
		assertEquals(s.get(1, 0, 1), back.get(1, 0, 0));
		assertEquals(s.get(1, 0, 2), back.get(1, 0, 1));
		assertEquals(s.get(1, 0, 0), back.get(1, 0, 2));
	}

	@Test
	void writeTiltSeries_refusesToOverwriteItsInputAndLeavesNoPartialFile() throws IOException {
		TiltSeries s = series(2, 2, new double[] { 0 }, Calibration.PIXEL, 7);
		Path f = dir.resolve("in.mrc");
		MrcFiles.writeTiltSeries(s, f, false, AtomicFiles.protecting());
		byte[] before = Files.readAllBytes(f);
		org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> MrcFiles.writeTiltSeries(s, f, false, AtomicFiles.protecting(f)));
		assertArrayEquals(before, Files.readAllBytes(f));
		try (var list = Files.list(dir)) {
			assertFalse(list.anyMatch(p -> p.getFileName().toString().endsWith(".part")));
		}
	}
}
