package org.fusedtomo.io;

import static org.fusedtomo.io.BadInput.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.fusedtomo.cli.FusedTomo;
import org.fusedtomo.data.TiltSeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged TIFF structure (issue 19): loops and out-of-range offsets in the IFD chain, and damaged
 * deflate data, are refused before ImageJ's codec sees the file (it would loop forever or log the
 * error and return damaged pixels).
 */
class TiffStructureTest {

	@TempDir
	Path dir;

	/** A 16-bit multi-page TIFF (Java's writer: one IFD per page) with a .rawtlt of 0, 1, 2 ... */
	Path pages(String name, int pages, String compression) throws IOException {
		Path f = dir.resolve(name);
		TiffSeriesTest.writeMultiPage16(f, pages, 40, 30, compression);
		StringBuilder angles = new StringBuilder();
		for (int z = 0; z < pages; z++)
			angles.append(z).append('\n');
		Files.writeString(TiltAngles.sidecarFor(f), angles);
		return f;
	}

	/** The byte offsets of the IFDs of a little- or big-endian TIFF, in chain order. */
	static long[] ifds(byte[] b) {
		ByteBuffer buf = ByteBuffer.wrap(b).order(b[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
		long[] out = new long[0];
		for (long at = buf.getInt(4); at != 0; at = buf.getInt((int) at + 2 + 12 * Short.toUnsignedInt(buf.getShort((int) at)))) {
			out = java.util.Arrays.copyOf(out, out.length + 1);
			out[out.length - 1] = at;
		}
		return out;
	}

	/** The buffer of {@code b} in its TIFF byte order. */
	static ByteBuffer tiff(byte[] b) {
		return ByteBuffer.wrap(b).order(b[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
	}

	/** Byte offset of the 12-byte entry of {@code tag} in the IFD at {@code ifd}. */
	static int entry(byte[] b, long ifd, int tag) {
		ByteBuffer buf = tiff(b);
		int n = Short.toUnsignedInt(buf.getShort((int) ifd));
		for (int i = 0; i < n; i++) {
			int at = (int) ifd + 2 + 12 * i;
			if (Short.toUnsignedInt(buf.getShort(at)) == tag)
				return at;
		}
		throw new AssertionError("no tag " + tag);
	}

	/** Where the next-IFD offset of the IFD at {@code ifd} is stored. */
	static int next(byte[] b, long ifd) {
		return (int) ifd + 2 + 12 * Short.toUnsignedInt(tiff(b).getShort((int) ifd));
	}

	@Test
	void read_refusesAnIfdChainThatLoopsBack() throws IOException {
		Path f = pages("loop.tif", 2, null);
		byte[] b = Files.readAllBytes(f);
		long[] ifd = ifds(b);
		assertEquals(2, ifd.length);
		tiff(b).putInt(next(b, ifd[1]), (int) ifd[0]);
		Files.write(f, b);
		assertRejected(f, "IFD 3", "loop");
		// The command line ends too, with the exit code of bad input.
		assertEquals(2, FusedTomo.run(new String[] { "info", f.toString() }));
		// A page pointing to itself.
		tiff(b).putInt(next(b, ifd[0]), (int) ifd[0]);
		Files.write(f, b);
		assertRejected(f, "IFD 2", "loop");
	}

	@Test
	void read_refusesIfdsAndTagValuesOutsideTheFile() throws IOException {
		Path f = pages("out.tif", 2, null);
		byte[] good = Files.readAllBytes(f);
		long[] ifd = ifds(good);
		byte[] b = good.clone();
		tiff(b).putInt(next(b, ifd[0]), b.length + 100);
		Files.write(f, b);
		assertRejected(f, "IFD 2", "outside");
		b = good.clone();
		tiff(b).putInt(4, 3);
		Files.write(f, b);
		assertRejected(f, "IFD 1", "outside");
		b = good.clone();
		tiff(b).putShort((int) ifd[1], (short) 0);
		Files.write(f, b);
		assertRejected(f, "IFD 2", "0 entries");
		b = good.clone();
		// XResolution (a rational, stored apart from the IFD) pointing past the end.
		int e = entry(b, ifd[0], 282);
		tiff(b).putInt(e + 8, b.length - 4);
		Files.write(f, b);
		assertRejected(f, "tag 282", "past the end");
	}

	@Test
	void read_refusesDamagedDeflateData() throws IOException {
		Path f = pages("zip.tif", 2, "Deflate");
		byte[] good = Files.readAllBytes(f);
		TiltSeries s = TiffSeries.readTiltSeries(f);
		assertEquals(TiffSeriesTest.page16(1, 5, 7, 40), s.get(5, 7, 1), 0);
		long ifd2 = ifds(good)[1];
		ByteBuffer buf = tiff(good);
		long strip = Integer.toUnsignedLong(buf.getInt(entry(good, ifd2, 273) + 8));
		int stripBytes = buf.getShort(entry(good, ifd2, 279) + 2) == 3 ? Short.toUnsignedInt(buf.getShort(entry(good, ifd2, 279) + 8)) : buf.getInt(entry(good, ifd2, 279) + 8);
		// Bytes overwritten inside the stream: a DataFormatException, which ImageJ only logs.
		byte[] b = good.clone();
		for (int i = 10; i < 40; i++)
			b[(int) strip + i] ^= (byte) 0x5a;
		Files.write(f, b);
		assertRejected(f, "strip 1 of image 2", "cannot be decoded");
		// A strip shorter than its stream, on which ImageJ's inflate loop never ends.
		b = good.clone();
		int counts = entry(b, ifd2, 279);
		if (tiff(b).getShort(counts + 2) == 3)
			tiff(b).putShort(counts + 8, (short) (stripBytes / 2));
		else
			tiff(b).putInt(counts + 8, stripBytes / 2);
		Files.write(f, b);
		assertRejected(f, "strip 1 of image 2", "ends before its zlib stream");
		assertEquals(2, FusedTomo.run(new String[] { "info", f.toString() }));
	}

	@Test
	void read_refusesDamagedLzwData() throws IOException {
		Path f = pages("lzw.tif", 2, "LZW");
		byte[] good = Files.readAllBytes(f);
		assertEquals(TiffSeriesTest.page16(1, 5, 7, 40), TiffSeries.readTiltSeries(f).get(5, 7, 1), 0);
		long ifd2 = ifds(good)[1];
		long strip = Integer.toUnsignedLong(tiff(good).getInt(entry(good, ifd2, 273) + 8));
		// ImageJ's LZW decoder returned wrong pixels for both, without a word.
		for (int damage = 0; damage < 2; damage++) {
			byte[] b = good.clone();
			for (int i = 10; i < 40; i++)
				b[(int) strip + i] = damage == 0 ? (byte) (b[(int) strip + i] ^ 0x5a) : (byte) 0xff;
			Files.write(f, b);
			assertRejected(f, "LZW data of strip 1 of image 2");
		}
	}
}
