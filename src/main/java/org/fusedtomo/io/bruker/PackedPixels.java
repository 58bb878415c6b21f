package org.fusedtomo.io.bruker;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;

import org.fusedtomo.spectra.SpectrumImage.PixelVisitor;

/**
 * Decoder of a {@code .bcf} file's {@code SpectrumData<i>} stream, the spectrum image as Bruker's
 * Delphi software packs it (the same in version 1 and 2 files). All little endian:
 * <ul>
 * <li>height and width (uint32 each), then, from byte 0x1A0, one record per line: the number of
 * pixels it holds (uint32) and that many pixels;</li>
 * <li>each pixel: a 22-byte header (x (uint32), channels of the map (uint16), channels of this
 * pixel (uint16), 4 unknown bytes, flag (uint16), a size (uint16), number of pulses (uint16),
 * data size (uint32)) and its data:
 * <ul>
 * <li>flag 0: the pulses as uint16 channel numbers;</li>
 * <li>flag 1: the pulses as channel numbers packed 12 bits each, 4 in 6 bytes, nibbles shuffled;</li>
 * <li>other flags, "instructively packed": data size − 4 bytes of runs, each a size byte and a
 * channel count byte: size 0 is a run of empty channels; size 1, 2, 4 or 8 is a gain of that many
 * bytes followed by one value per channel of 4 bits (low nibble first), 8, 16 or 32 bits, each count
 * being value + gain; then a uint32 byte count of additional pulses, and, when the pixel has pulses,
 * that many bytes of uint16 channel numbers, one count each.</li>
 * </ul>
 * </li>
 * </ul>
 * Decoding works on a reused byte window over the stream: one pixel row at a time, no allocation per
 * pixel, never the whole cube. Pixels a line does not list (an interrupted map) are visited with
 * zero spectra; counts in channels past the map's channel count are dropped.
 */
final class PackedPixels {

	private static final int DATA_START = 0x1A0;
	private static final int PIXEL_HEADER = 22;

	private final InputStream in;
	private final SfsContainer container;
	private final String name;
	private byte[] buf = new byte[1 << 16];
	private int pos;
	private int limit;
	private long consumed;

	PackedPixels(SfsContainer container, SfsContainer.Entry entry) throws IOException {
		this.container = container;
		this.name = entry.name;
		this.in = container.open(entry);
	}

	/** Reads the stream's height and width (uint32 each) and moves to the first line. */
	int[] heightWidth() throws IOException {
		need(DATA_START);
		int h = i32(pos);
		int w = i32(pos + 4);
		pos += DATA_START;
		return new int[] { h, w };
	}

	/**
	 * Visits all {@code width · height} pixels in row order with {@code channels}-channel spectra,
	 * checking the thread's interrupt flag between rows.
	 */
	void scan(int width, int height, int channels, PixelVisitor visitor) throws IOException {
		float[] spectrum = new float[channels];
		for (int y = 0; y < height; y++) {
			if (Thread.currentThread().isInterrupted())
				throw new InterruptedIOException(container.path() + ": reading cancelled");
			need(4);
			long pixels = u32(pos);
			pos += 4;
			if (pixels > width)
				throw corrupt("line " + y + " claims " + pixels + " pixels, the map is " + width + " wide");
			int nextX = 0;
			for (int p = 0; p < pixels; p++) {
				need(PIXEL_HEADER);
				long x = u32(pos);
				int flag = u16(pos + 12);
				int pulses = u16(pos + 16);
				long dataSize = u32(pos + 18);
				pos += PIXEL_HEADER;
				if (x < nextX || x >= width)
					throw corrupt("pixel x " + x + " on line " + y + " is out of order or outside the map (width " + width + ")");
				if (dataSize > Integer.MAX_VALUE - 16)
					throw corrupt("pixel (" + x + ", " + y + ") claims " + dataSize + " bytes");
				for (; nextX < x; nextX++) {
					Arrays.fill(spectrum, 0);
					visitor.pixel(nextX, y, spectrum);
				}
				Arrays.fill(spectrum, 0);
				need((int) dataSize);
				switch (flag) {
					case 0 -> pulses16(spectrum, pulses, (int) dataSize);
					case 1 -> pulses12(spectrum, pulses, (int) dataSize);
					default -> instructed(spectrum, pulses, (int) dataSize);
				}
				visitor.pixel(nextX, y, spectrum);
				nextX++;
			}
			for (; nextX < width; nextX++) {
				Arrays.fill(spectrum, 0);
				visitor.pixel(nextX, y, spectrum);
			}
		}
	}

	private void pulses16(float[] s, int pulses, int size) {
		if (size < 2 * pulses)
			throw corrupt(pulses + " 16-bit pulses in " + size + " bytes");
		int c = s.length;
		for (int i = 0, p = pos; i < pulses; i++, p += 2) {
			int ch = u16(p);
			if (ch < c)
				s[ch]++;
		}
		pos += size;
	}

	private void pulses12(float[] s, int pulses, int size) {
		int rest = pulses & 3;
		long needed = 6L * (pulses >> 2) + (rest == 0 ? 0 : rest == 1 ? 2 : rest == 2 ? 4 : 6);
		if (size < needed)
			throw corrupt(pulses + " 12-bit pulses in " + size + " bytes");
		byte[] b = buf;
		int c = s.length;
		for (int i = 0; i < pulses; i++) {
			int g = pos + 6 * (i >> 2);
			int ch = switch (i & 3) {
				case 0 -> (b[g] & 0xff) >> 4 | (b[g + 1] & 0xff) << 4;
				case 1 -> ((b[g] & 0xff) << 8 | b[g + 3] & 0xff) & 0xfff;
				case 2 -> (b[g + 2] & 0xff) << 4 | (b[g + 5] & 0xff) >> 4;
				default -> ((b[g + 5] & 0xff) << 8 | b[g + 4] & 0xff) & 0xfff;
			};
			if (ch < c)
				s[ch]++;
		}
		pos += size;
	}

	private void instructed(float[] s, int pulses, int size) throws IOException {
		if (size < 4)
			throw corrupt("a packed pixel of " + size + " bytes");
		byte[] b = buf;
		int c = s.length;
		int p = pos;
		int end = pos + size - 4;
		int channel = 0;
		while (p < end) {
			if (p + 2 > end)
				throw corrupt("a packed run header past its pixel's end");
			int width = b[p] & 0xff;
			int count = b[p + 1] & 0xff;
			p += 2;
			if (width == 0) {
				channel += count;
				continue;
			}
			long length = switch (width) {
				case 1 -> (count + 1) / 2;
				case 2 -> count;
				case 4 -> 2L * count;
				case 8 -> 4L * count;
				default -> throw corrupt("a packed run of " + width + "-byte gain");
			};
			if (p + width + length > end)
				throw corrupt("a packed run past its pixel's end");
			double gain = switch (width) {
				case 1 -> b[p] & 0xff;
				case 2 -> u16(p);
				case 4 -> u32(p);
				default -> u32(p) + 4294967296.0 * u32(p + 4);
			};
			p += width;
			int n = Math.max(0, Math.min(count, c - channel));
			switch (width) {
				case 1 -> {
					float g = (float) gain;
					for (int i = 0; i < n; i++) {
						int v = b[p + (i >> 1)] & 0xff;
						s[channel + i] += ((i & 1) == 0 ? v & 0x0f : v >> 4) + g;
					}
				}
				case 2 -> {
					float g = (float) gain;
					for (int i = 0; i < n; i++)
						s[channel + i] += (b[p + i] & 0xff) + g;
				}
				case 4 -> {
					float g = (float) gain;
					for (int i = 0; i < n; i++)
						s[channel + i] += u16(p + 2 * i) + g;
				}
				default -> {
					for (int i = 0; i < n; i++)
						s[channel + i] += (float) (u32(p + 4 * i) + gain);
				}
			}
			p += (int) length;
			channel += count;
		}
		pos += size - 4;
		need(4);
		long extra = u32(pos);
		pos += 4;
		if (pulses > 0) {
			if (extra < 2L * pulses || extra > Integer.MAX_VALUE - 16)
				throw corrupt(pulses + " additional pulses in " + extra + " bytes");
			need((int) extra);
			for (int i = 0, q = pos; i < pulses; i++, q += 2) {
				int ch = u16(q);
				if (ch < c)
					s[ch]++;
			}
			pos += (int) extra;
		}
	}

	/** Makes at least {@code n} bytes available from {@link #pos}, reading more of the stream. */
	private void need(int n) throws IOException {
		if (limit - pos >= n)
			return;
		int keep = limit - pos;
		if (n > buf.length) {
			byte[] bigger = new byte[Math.max(n, 2 * buf.length)];
			System.arraycopy(buf, pos, bigger, 0, keep);
			buf = bigger;
		}
		else
			System.arraycopy(buf, pos, buf, 0, keep);
		consumed += pos;
		pos = 0;
		limit = keep;
		while (limit < n) {
			int k = in.read(buf, limit, buf.length - limit);
			if (k < 0)
				throw new org.fusedtomo.io.InvalidInputException(container.path(),
						"is truncated: " + name + " ends at byte " + (consumed + limit) + " in the middle of the spectrum image");
			limit += k;
		}
	}

	private int u16(int p) {
		return (buf[p] & 0xff) | (buf[p + 1] & 0xff) << 8;
	}

	private long u32(int p) {
		return i32(p) & 0xffffffffL;
	}

	private int i32(int p) {
		return (buf[p] & 0xff) | (buf[p + 1] & 0xff) << 8 | (buf[p + 2] & 0xff) << 16 | buf[p + 3] << 24;
	}

	private RuntimeException corrupt(String problem) {
		return container.corrupt(name + " holds " + problem);
	}

	void close() throws IOException {
		in.close();
	}
}
