package org.fusedtomo.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import ij.io.FileInfo;

/**
 * Checks of a classic TIFF's structure that ImageJ 1.x's codec does not make, run before handing the
 * file to it (TIFF 6.0 layout: an 8-byte header, then a chain of IFDs, each a 2-byte entry count, 12-byte
 * entries of tag, type, count and value or offset, and the 4-byte offset of the next IFD, 0 at the end).
 * <ul>
 * <li>{@link #checkIfdChain}: every IFD lies inside the file, holds 1 to {@value #MAX_ENTRIES} entries,
 * and no IFD is visited twice; ImageJ's {@code TiffDecoder} follows a chain that points back forever.
 * The values of the tags ImageJ reads must lie inside the file too.</li>
 * <li>{@link #checkDeflatedStrips}: every strip of a deflate-compressed image decodes completely;
 * ImageJ logs a damaged stream to stdout and returns damaged pixels, and loops forever on a stream cut
 * short inside its strip.</li>
 * <li>{@link #checkLzwStrips}: every strip of an LZW-compressed image holds only defined codes and
 * decodes to the bytes its rows need; ImageJ returns damaged pixels without a word.</li>
 * </ul>
 * Cost: one small read per IFD; for compressed images, one extra decompression of each strip.
 */
final class TiffStructure {

	/** Most entries accepted in one IFD (ImageJ itself gives up above 1000). */
	static final int MAX_ENTRIES = 4096;

	/** Tags whose values ImageJ's TiffDecoder reads (baseline image tags and ImageJ's own). */
	private static final Set<Integer> READ_TAGS = Set.of(256, 257, 258, 259, 262, 270, 273, 277, 278, 279, 282, 283, 284, 296, 317, 320, 322, 323, 324, 325, 339,
		43314, 50838, 50839);

	/** ImageJ's metadata tags: byte counts of the entries, and the entries themselves. */
	private static final int META_DATA_BYTE_COUNTS = 50838, META_DATA = 50839;

	/** TIFF tags BitsPerSample and SampleFormat, and SampleFormat's values (TIFF 6.0, section 19). */
	private static final int BITS_PER_SAMPLE = 258, TILE_WIDTH = 322, SAMPLE_FORMAT = 339, SAMPLE_SIGNED = 2, SAMPLE_FLOAT = 3, SAMPLE_COMPLEX_INT = 5, SAMPLE_COMPLEX_FLOAT = 6;
	/** Most ImageJ metadata entries accepted (one per slice label, ROI, overlay... of a stack). */
	private static final int MAX_META_ENTRIES = 1 << 22;

	private TiffStructure() {}

	/**
	 * Walks the IFD chain of {@code tiff}, a classic TIFF whose header was checked.
	 *
	 * @throws InvalidInputException for an IFD outside the file, a loop in the chain, an IFD with no or
	 *             too many entries, or a tag value outside the file, and for sample types ImageJ cannot read
	 *             ({@link #checkSamples})
	 * @return the sample type of the first IFD
	 */
	static Samples checkIfdChain(Path tiff) {
		Samples first = walkIfdChain(tiff);
		checkSamples(tiff, first);
		return first;
	}

	/** BitsPerSample, SampleFormat and whether the pages are tiled (TileWidth present), of a TIFF's first IFD. */
	record Samples(int bits, int format, boolean tiled) {

		/** Signed 8-bit samples, which ImageJ's codec reads as unsigned. */
		boolean signedBytes() {
			return bits == 8 && format == SAMPLE_SIGNED;
		}
	}

	/**
	 * Refuses tiled pages and the sample types of the first IFD that ImageJ's codec cannot read, naming the type and the fix: 64-bit
	 * float (numpy's default dtype, as tifffile writes it), 64-bit integers, complex values and 16-bit floats (it
	 * said "Unsupported BitsPerSample: 64").
	 */
	private static void checkSamples(Path tiff, Samples first) {
		int bits = first.bits(), format = first.format();
		if (first.tiled())
			throw new InvalidInputException(tiff, "is a tiled TIFF (TileWidth), which the TIFF reader (ImageJ's) cannot read; save the stack in strips (tifffile.imwrite without tile=), or as MRC");
		String type;
		if (format == SAMPLE_COMPLEX_INT || format == SAMPLE_COMPLEX_FLOAT)
			type = "complex (" + bits + "-bit)";
		else if (bits == 64)
			type = format == SAMPLE_FLOAT ? "64-bit float (float64)" : format == SAMPLE_SIGNED ? "64-bit integer (int64)" : "64-bit integer (uint64)";
		else if (bits == 16 && format == SAMPLE_FLOAT)
			type = "16-bit float (float16)";
		else
			return;
		throw new InvalidInputException(tiff, "holds " + type + " pixels, which the TIFF reader (ImageJ's) cannot read; save the stack as 32-bit float (numpy: tifffile.imwrite(path, a.astype(numpy.float32))), or as MRC");
	}

	/** Walks the chain as {@link #checkIfdChain} describes; the BitsPerSample and SampleFormat of the first IFD. */
	private static Samples walkIfdChain(Path tiff) {
		Samples first = null;
		try (FileChannel ch = FileChannel.open(tiff, StandardOpenOption.READ)) {
			long size = ch.size();
			ByteBuffer head = read(ch, 0, 8, ByteOrder.BIG_ENDIAN);
			ByteOrder order = head.get(0) == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
			long offset = Integer.toUnsignedLong(head.order(order).getInt(4));
			Set<Long> visited = new HashSet<>();
			for (int ifd = 1; offset != 0; ifd++) {
				if (offset < 8 || offset + 2 > size)
					throw new InvalidInputException(tiff, "is truncated or corrupt: TIFF IFD " + ifd + " is at byte " + offset + ", outside the " + size + "-byte file");
				if (!visited.add(offset))
					throw new InvalidInputException(tiff, "is corrupt: TIFF IFD " + ifd + " points back to byte " + offset + ", an IFD already read (a loop in the IFD chain)");
				int entries = Short.toUnsignedInt(read(ch, offset, 2, order).getShort(0));
				if (entries == 0 || entries > MAX_ENTRIES)
					throw new InvalidInputException(tiff, "is corrupt: TIFF IFD " + ifd + " at byte " + offset + " claims " + entries + " entries (1 to " + MAX_ENTRIES + " allowed)");
				long end = offset + 2 + 12L * entries + 4;
				if (end > size)
					throw new InvalidInputException(tiff, "is truncated: TIFF IFD " + ifd + " at byte " + offset + " needs " + end + " bytes but the file has only " + size);
				ByteBuffer b = read(ch, offset + 2, 12 * entries + 4, order);
				checkEntries(tiff, ch, ifd, b, entries, size, order);
				if (first == null)
					first = samples(ch, b, entries, order);
				offset = Integer.toUnsignedLong(b.getInt(12 * entries));
			}
			if (visited.isEmpty())
				throw new InvalidInputException(tiff, "contains no images (the TIFF header points to no IFD)");
			return first;
		}
		catch (IOException e) {
			throw new InvalidInputException(tiff, "cannot read the file: " + e.getMessage(), e);
		}
	}

	/**
	 * BitsPerSample (first sample; 1 when absent), SampleFormat (1, unsigned, when absent) and whether TileWidth is
	 * present, of an IFD whose entries are in {@code b}.
	 */
	private static Samples samples(FileChannel ch, ByteBuffer b, int entries, ByteOrder order) throws IOException {
		int bits = 1, format = 1;
		boolean tiled = false;
		for (int i = 0; i < entries; i++) {
			int at = 12 * i;
			int tag = Short.toUnsignedInt(b.getShort(at)), type = Short.toUnsignedInt(b.getShort(at + 2));
			long count = Integer.toUnsignedLong(b.getInt(at + 4));
			if (tag == TILE_WIDTH)
				tiled = true;
			if ((tag != BITS_PER_SAMPLE && tag != SAMPLE_FORMAT) || count == 0 || (type != 3 && type != 4))
				continue;
			long bytes = count * typeSize(type);
			ByteBuffer v = bytes <= 4 ? b.duplicate().order(order).position(at + 8).slice().order(order) : read(ch, Integer.toUnsignedLong(b.getInt(at + 8)), 4, order);
			int value = type == 3 ? Short.toUnsignedInt(v.getShort(0)) : v.getInt(0);
			if (tag == BITS_PER_SAMPLE)
				bits = value;
			else
				format = value;
		}
		return new Samples(bits, format, tiled);
	}

	private static void checkEntries(Path tiff, FileChannel ch, int ifd, ByteBuffer b, int entries, long size, ByteOrder order) throws IOException {
		long metaBytes = -1, metaCounted = 0;
		for (int i = 0; i < entries; i++) {
			int at = 12 * i;
			int tag = Short.toUnsignedInt(b.getShort(at)), type = Short.toUnsignedInt(b.getShort(at + 2));
			long count = Integer.toUnsignedLong(b.getInt(at + 4));
			if (!READ_TAGS.contains(tag))
				continue;
			long bytes = count * typeSize(type);
			long valueAt = bytes <= 4 ? -1 : Integer.toUnsignedLong(b.getInt(at + 8));
			if (valueAt >= 0 && valueAt + bytes > size)
				throw new InvalidInputException(tiff, "is truncated or corrupt: TIFF tag " + tag + " of IFD " + ifd + " has its " + bytes + " bytes at byte " + valueAt
					+ ", past the end of the " + size + "-byte file");
			if (tag == META_DATA)
				metaBytes = bytes;
			if (tag == META_DATA_BYTE_COUNTS && (type == 4 || type == 9)) {
				if (count > MAX_META_ENTRIES)
					throw new InvalidInputException(tiff, "is corrupt: the ImageJ metadata of TIFF IFD " + ifd + " claims " + count + " entries");
				// NB: ImageJ allocates each metadata entry at the size listed here.
				ByteBuffer counts = valueAt < 0 ? b.duplicate().order(order).position(at + 8).slice().order(order) : read(ch, valueAt, (int) bytes, order);
				for (int k = 0; k < count; k++)
					metaCounted += Integer.toUnsignedLong(counts.getInt(4 * k));
			}
		}
		if (metaCounted > Math.max(metaBytes, 0))
			throw new InvalidInputException(tiff, "is corrupt: the ImageJ metadata of TIFF IFD " + ifd + " lists " + metaCounted + " bytes of entries but holds " + Math.max(metaBytes, 0));
	}

	/** Bytes per value of a TIFF field type; 1 for types this reader does not know (their values are skipped). */
	private static int typeSize(int type) {
		return switch (type) {
			case 3, 8 -> 2;
			case 4, 9, 11, 13 -> 4;
			case 5, 10, 12, 16, 17, 18 -> 8;
			default -> 1;
		};
	}

	/**
	 * Decodes every strip of each deflate-compressed image in {@code info} (without keeping the pixels).
	 *
	 * @throws InvalidInputException when a strip is no valid deflate stream, ends before its stream
	 *             does, or the strips of an image decode to fewer bytes than its pixels need
	 */
	static void checkDeflatedStrips(Path tiff, FileInfo[] info) {
		try (FileChannel ch = FileChannel.open(tiff, StandardOpenOption.READ)) {
			byte[] out = new byte[1 << 16];
			for (int image = 0; image < info.length; image++) {
				FileInfo fi = info[image];
				if (fi.compression != FileInfo.ZIP && fi.compression != FileInfo.ZIP_WITH_DIFFERENCING || fi.stripOffsets == null || fi.stripLengths == null)
					continue;
				long decoded = 0, needed = (long) fi.width * fi.height * fi.getBytesPerPixel();
				for (int s = 0; s < fi.stripOffsets.length && s < fi.stripLengths.length; s++) {
					long at = Integer.toUnsignedLong(fi.stripOffsets[s]);
					int length = fi.stripLengths[s];
					if (length < 0 || at + length > ch.size())
						throw new InvalidInputException(tiff, "is truncated: strip " + (s + 1) + " of image " + (image + 1) + " runs past the end of the file");
					ByteBuffer strip = read(ch, at, length, ByteOrder.BIG_ENDIAN);
					Inflater inflater = new Inflater();
					try {
						inflater.setInput(strip);
						while (!inflater.finished()) {
							int n = inflater.inflate(out);
							if (n == 0 && (inflater.needsInput() || inflater.needsDictionary()))
								throw new InvalidInputException(tiff, "is corrupt: the compressed data of strip " + (s + 1) + " of image " + (image + 1) + " (byte " + at
									+ ") ends before its zlib stream does; re-export the file");
							decoded += n;
						}
					}
					catch (DataFormatException e) {
						throw new InvalidInputException(tiff, "is corrupt: the compressed data of strip " + (s + 1) + " of image " + (image + 1) + " (byte " + at
							+ ") cannot be decoded (" + e.getMessage() + "); re-export the file", e);
					}
					finally {
						inflater.end();
					}
				}
				if (decoded < needed)
					throw new InvalidInputException(tiff, "is corrupt: the compressed data of image " + (image + 1) + " decodes to " + decoded + " bytes but its "
						+ fi.width + " x " + fi.height + " pixels need " + needed);
			}
		}
		catch (IOException e) {
			throw new InvalidInputException(tiff, "cannot read the file: " + e.getMessage(), e);
		}
	}

	/**
	 * Decodes every strip of each LZW-compressed image in {@code info} (TIFF 6.0 section 13: codes of 9 to
	 * 12 bits, most significant bit first, the width growing one code early; only the lengths of the
	 * strings are kept, not the pixels).
	 *
	 * @throws InvalidInputException when a strip holds a code not yet defined, or decodes to fewer bytes
	 *             than its rows need (ImageJ would return the damaged pixels without a word)
	 */
	static void checkLzwStrips(Path tiff, FileInfo[] info) {
		try (FileChannel ch = FileChannel.open(tiff, StandardOpenOption.READ)) {
			int[] lengths = new int[4096];
			for (int image = 0; image < info.length; image++) {
				FileInfo fi = info[image];
				if (fi.compression != FileInfo.LZW && fi.compression != FileInfo.LZW_WITH_DIFFERENCING || fi.stripOffsets == null || fi.stripLengths == null)
					continue;
				long rowBytes = (long) fi.width * fi.getBytesPerPixel();
				int rowsPerStrip = fi.rowsPerStrip > 0 ? fi.rowsPerStrip : fi.height;
				for (int s = 0; s < fi.stripOffsets.length && s < fi.stripLengths.length; s++) {
					long at = Integer.toUnsignedLong(fi.stripOffsets[s]);
					int length = fi.stripLengths[s];
					if (length < 0 || at + length > ch.size())
						throw new InvalidInputException(tiff, "is truncated: strip " + (s + 1) + " of image " + (image + 1) + " runs past the end of the file");
					long rows = Math.max(0, Math.min(rowsPerStrip, fi.height - (long) s * rowsPerStrip));
					long decoded = lzwLength(read(ch, at, length, ByteOrder.BIG_ENDIAN), lengths);
					if (decoded < 0 || decoded < rows * rowBytes)
						throw new InvalidInputException(tiff, "is corrupt: the LZW data of strip " + (s + 1) + " of image " + (image + 1) + " (byte " + at + ") "
							+ (decoded < 0 ? "holds an undefined code" : "decodes to " + decoded + " bytes but its " + rows + " rows need " + rows * rowBytes) + "; re-export the file");
				}
			}
		}
		catch (IOException e) {
			throw new InvalidInputException(tiff, "cannot read the file: " + e.getMessage(), e);
		}
	}

	/** Bytes an LZW strip decodes to, or -1 when it holds an undefined code; {@code lengths} is scratch. */
	private static long lzwLength(ByteBuffer b, int[] lengths) {
		final int clear = 256, end = 257;
		long bits = 8L * b.remaining(), bit = 0, out = 0;
		int width = 9, next = 258, old = -1;
		while (bit + width <= bits) {
			int code = 0;
			for (int i = 0; i < width; i++, bit++)
				code = code << 1 | (b.get((int) (bit >>> 3)) >> (7 - (int) (bit & 7))) & 1;
			if (code == end)
				break;
			if (code == clear) {
				width = 9;
				next = 258;
				old = -1;
				continue;
			}
			int len;
			if (code < 256)
				len = 1;
			else if (code < next)
				len = lengths[code];
			else if (code == next && old >= 0)
				len = (old < 256 ? 1 : lengths[old]) + 1;
			else
				return -1;
			out += len;
			if (old >= 0 && next < 4096) {
				lengths[next++] = (old < 256 ? 1 : lengths[old]) + 1;
				if (next >= (1 << width) - 1 && width < 12)
					width++;
			}
			old = code;
		}
		return out;
	}

	/** {@code length} bytes at {@code position}, in {@code order}, or an EOF error. */
	private static ByteBuffer read(FileChannel ch, long position, int length, ByteOrder order) throws IOException {
		ByteBuffer b = ByteBuffer.allocate(length);
		FileChannels.readFully(ch, b, position);
		return b.flip().order(order);
	}
}
