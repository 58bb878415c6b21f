package org.fusedtomo.io;

import static org.fusedtomo.io.BadInput.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.fusedtomo.cli.FusedTomo;
import org.fusedtomo.io.readers.SeriesReaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TIFF sample formats that Python's tifffile writes from numpy arrays (SampleFormat tag 339): signed 8-bit pixels
 * are read as signed (ImageJ's codec read them as unsigned: -30 became 226, without a word); 64-bit float
 * (numpy's default dtype), 64-bit integer, complex and 16-bit float pixels are refused naming the type and the fix
 * (they were "unreadable TIFF: Unsupported BitsPerSample: 64"); so are tiled pages.
 */
class TiffSampleFormatTest {

	@TempDir
	Path dir;

	static final int W = 4, H = 3, PAGES = 2;

	/**
	 * A little-endian TIFF of {@link #PAGES} uncompressed {@code W x H} pages of {@code bits}-bit samples of TIFF
	 * sample format {@code format} (1 unsigned, 2 signed, 3 float, 6 complex float), each page's bytes
	 * {@code page[p]}, as tifffile writes them (one strip per page), with a .rawtlt of -10, 10.
	 */
	static Path tiff(Path f, int bits, int format, byte[][] page) throws IOException {
		return tiff(f, bits, format, page, false);
	}

	/** As {@link #tiff(Path, int, int, byte[][])}; {@code tiled} adds TileWidth and TileLength 16 (tags 322, 323). */
	static Path tiff(Path f, int bits, int format, byte[][] page, boolean tiled) throws IOException {
		int entries = tiled ? 12 : 10, ifdBytes = 2 + 12 * entries + 4;
		int pageBytes = W * H * bits / 8;
		ByteBuffer b = ByteBuffer.allocate(8 + PAGES * (pageBytes + ifdBytes)).order(ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8 + pageBytes);
		for (int p = 0; p < PAGES; p++) {
			int data = 8 + p * (pageBytes + ifdBytes), ifd = data + pageBytes;
			b.position(data);
			b.put(page[p]);
			b.putShort((short) entries);
			int[][] tags = tiled
				? new int[][] { { 256, 3, W }, { 257, 3, H }, { 258, 3, bits }, { 259, 3, 1 }, { 262, 3, 1 }, { 273, 4, data }, { 277, 3, 1 }, { 278, 3, H },
					{ 279, 4, pageBytes }, { 322, 3, 16 }, { 323, 3, 16 }, { 339, 3, format } }
				: new int[][] { { 256, 3, W }, { 257, 3, H }, { 258, 3, bits }, { 259, 3, 1 }, { 262, 3, 1 }, { 273, 4, data }, { 277, 3, 1 }, { 278, 3, H },
					{ 279, 4, pageBytes }, { 339, 3, format } };
			for (int[] t : tags) {
				b.putShort((short) t[0]).putShort((short) t[1]).putInt(1);
				if (t[1] == 3)
					b.putShort((short) t[2]).putShort((short) 0);
				else
					b.putInt(t[2]);
			}
			b.putInt(p == PAGES - 1 ? 0 : ifd + ifdBytes + pageBytes);
		}
		Files.write(f, b.array());
		Files.writeString(TiltAngles.sidecarFor(f), "-10\n10\n");
		return f;
	}

	@Test
	void signedBytesAreReadAsSigned() throws IOException {
		byte[][] page = new byte[PAGES][W * H];
		float[] expected = new float[PAGES * W * H];
		for (int p = 0; p < PAGES; p++)
			for (int i = 0; i < W * H; i++) {
				page[p][i] = (byte) (i * 11 - 60 + p);
				expected[p * W * H + i] = page[p][i];
			}
		Path f = tiff(dir.resolve("int8.tif"), 8, 2, page);
		TiltSeriesFile read = SeriesReaders.read(f);
		assertArrayEquals(expected, read.haadf().data());
		assertEquals("int8", read.pixelType());
		// unsigned bytes as before
		Path u = tiff(dir.resolve("uint8.tif"), 8, 1, page);
		float[] unsigned = new float[expected.length];
		for (int i = 0; i < unsigned.length; i++)
			unsigned[i] = Byte.toUnsignedInt((byte) expected[i]);
		assertArrayEquals(unsigned, SeriesReaders.read(u).haadf().data());
	}

	@Test
	void sixtyFourBitComplexAndHalfFloatPixelsAreRefusedNamingTheFix() throws IOException {
		assertRejected(tiff(dir.resolve("f64.tif"), 64, 3, new byte[PAGES][W * H * 8]), "64-bit float (float64)", "float32");
		assertEquals(2, FusedTomo.run(new String[] { "info", dir.resolve("f64.tif").toString() }));
		assertRejected(tiff(dir.resolve("i64.tif"), 64, 2, new byte[PAGES][W * H * 8]), "64-bit integer (int64)", "float32");
		assertRejected(tiff(dir.resolve("c64.tif"), 64, 6, new byte[PAGES][W * H * 8]), "complex", "float32");
		assertRejected(tiff(dir.resolve("f16.tif"), 16, 3, new byte[PAGES][W * H * 2]), "16-bit float (float16)", "float32");
	}

	/** A tiled TIFF (tifffile's tile=, Bio-Formats' pyramids) is refused with the fix; it was ImageJ's "Try using the Bio-Formats plugin". */
	@Test
	void tiledPagesAreRefusedNamingTheFix() throws IOException {
		assertRejected(tiff(dir.resolve("tiled.tif"), 32, 3, new byte[PAGES][W * H * 4], true), "tiled", "in strips");
	}
}
