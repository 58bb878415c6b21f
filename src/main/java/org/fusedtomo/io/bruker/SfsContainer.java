package org.fusedtomo.io.bruker;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fusedtomo.io.FileChannels;
import org.fusedtomo.io.InvalidInputException;

/**
 * Reader of AidAim's "single file system" (SFS), the container of Bruker {@code .bcf} files: a
 * virtual file system in fixed-size chunks. Layout (all little endian):
 * <ul>
 * <li>byte 0: magic {@code "AAMVHFSS"}; 0x124: format version (float32, 2.40 in version 1 bcf files,
 * 2.60 in version 2) and the chunk size in bytes (uint32); 0x140: chunk number of the file tree, the
 * number of tree entries and the number of chunks (uint32 each);</li>
 * <li>chunk {@code k} starts at byte {@code 0x118 + k·chunkSize} with a 32-byte header whose first
 * uint32 is the number of the next chunk of a chain; its payload, {@code chunkSize - 32} bytes,
 * follows at {@code 0x138 + k·chunkSize};</li>
 * <li>the file tree is a chain of chunks holding 512-byte entries: chunk of the pointer table
 * (int32), size (uint64), three times, permissions, parent entry index (int32, -1 at the root),
 * a directory flag at byte 220 and the UTF-8 name (256 bytes) at byte 224;</li>
 * <li>each file's pointer table is a chain of chunks listing, as uint32 chunk numbers, the chunks
 * that hold its bytes in order;</li>
 * <li>a zlib-compressed file starts with {@code "AACS"}, the uncompressed block size and the block
 * count; from byte 0x80 on, each block is a 16-byte header (compressed size first) and the deflate
 * stream.</li>
 * </ul>
 * Offsets are longs and reads go through a {@link FileChannel}, so files over 2 GiB work; a file's
 * bytes are streamed chunk by chunk, never held whole unless {@link #readAll} is asked for.
 * Opening reads only the header, the tree and the pointer tables, and refuses a truncated file.
 */
final class SfsContainer implements Closeable {

	static final byte[] MAGIC = "AAMVHFSS".getBytes(StandardCharsets.US_ASCII);

	private static final long CHUNK_HEADER = 0x118;
	private static final long CHUNK_PAYLOAD = 0x138;
	private static final int TREE_ENTRY = 0x200;
	private static final int AACS = 0x53434141;
	private static final int COMPRESSED_DATA_START = 0x80;

	private final Path path;
	private final FileChannel channel;
	private final long fileSize;
	private final int chunkSize;
	private final int usable;
	private final float version;
	private final Map<String, Entry> files;

	/** One file of the container: its path inside (with {@code /}), size and the chunks that hold it. */
	final class Entry {
		final String name;
		final long size;
		private final int[] chunks;

		private Entry(String name, long size, int[] chunks) {
			this.name = name;
			this.size = size;
			this.chunks = chunks;
		}

		private long chunkOffset(long index) {
			return CHUNK_PAYLOAD + Integer.toUnsignedLong(chunks[(int) index]) * chunkSize;
		}
	}

	private SfsContainer(Path path, FileChannel channel) throws IOException {
		this.path = path;
		this.channel = channel;
		this.fileSize = channel.size();
		if (!hasMagic(channel))
			throw new InvalidInputException(path, "is not a Bruker .bcf file (no SFS container signature \"AAMVHFSS\")");
		if (fileSize < 0x14c)
			throw new InvalidInputException(path, "is truncated: " + fileSize + " bytes, shorter than the SFS header");
		ByteBuffer head = read(0x124, 8);
		version = head.getFloat();
		chunkSize = head.getInt();
		if (chunkSize < TREE_ENTRY + 32 || chunkSize > (1 << 26))
			throw corrupt("the SFS chunk size " + Integer.toUnsignedString(chunkSize) + " bytes is not plausible");
		usable = chunkSize - 32;
		ByteBuffer tree = read(0x140, 12);
		int treeChunk = tree.getInt();
		int treeEntries = tree.getInt();
		long chunkCount = Integer.toUnsignedLong(tree.getInt());
		if (treeEntries <= 0 || treeEntries > 1_000_000)
			throw corrupt("the SFS file tree has " + Integer.toUnsignedString(treeEntries) + " entries");
		// NB: the last chunk's payload may be cut short, so the size check allows for one chunk less.
		long expected = CHUNK_HEADER + (chunkCount - 1) * chunkSize;
		if (fileSize < expected)
			throw new InvalidInputException(path, "is truncated: its SFS header says " + chunkCount + " chunks of " + chunkSize
					+ " bytes (at least " + expected + " bytes), the file has " + fileSize + " bytes");
		files = Collections.unmodifiableMap(readTree(treeChunk, treeEntries));
	}

	/**
	 * Opens {@code file} and reads its directory.
	 *
	 * @throws InvalidInputException when the file is not an SFS container, or is truncated or corrupt
	 * @throws IOException when the file cannot be read
	 */
	static SfsContainer open(Path file) throws IOException {
		FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
		try {
			return new SfsContainer(file, ch);
		}
		catch (IOException | RuntimeException e) {
			ch.close();
			throw e;
		}
	}

	/** Whether the file starts with the SFS magic bytes. */
	static boolean hasMagic(byte[] head) {
		if (head.length < MAGIC.length)
			return false;
		for (int i = 0; i < MAGIC.length; i++)
			if (head[i] != MAGIC[i])
				return false;
		return true;
	}

	private static boolean hasMagic(FileChannel ch) throws IOException {
		ByteBuffer b = ByteBuffer.allocate(MAGIC.length);
		while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
			// fill
		}
		return hasMagic(b.array());
	}

	Path path() {
		return path;
	}

	/** SFS format version: 2.40 in version 1 bcf files, 2.60 in version 2. */
	float version() {
		return version;
	}

	/** The files (not directories) by their full path inside, in tree order. */
	Map<String, Entry> files() {
		return files;
	}

	/** The file at {@code name} (e.g. {@code "EDSDatabase/HeaderData"}), or null. */
	Entry file(String name) {
		return files.get(name);
	}

	/**
	 * The uncompressed bytes of {@code entry}, whole: for the XML header only, which is small.
	 *
	 * @throws InvalidInputException when it is over 2 GiB, truncated or corrupt
	 */
	byte[] readAll(Entry entry) throws IOException {
		try (InputStream in = open(entry)) {
			return in.readAllBytes();
		}
		catch (OutOfMemoryError e) {
			throw corrupt(entry.name + " is too large to read whole");
		}
	}

	/**
	 * A stream of the uncompressed bytes of {@code entry}; zlib-compressed files are inflated block by
	 * block. A read past the end of the container ends in an {@link InvalidInputException} saying the
	 * file is truncated.
	 */
	InputStream open(Entry entry) throws IOException {
		InputStream raw = new ChunkStream(entry);
		if (entry.size < 16)
			return raw;
		ByteBuffer head = read(entry.chunkOffset(0), 16);
		if (head.getInt() != AACS)
			return raw;
		return new InflatingStream(raw, entry);
	}

	@Override
	public void close() throws IOException {
		channel.close();
	}

	InvalidInputException corrupt(String problem) {
		return new InvalidInputException(path, "is not a readable Bruker .bcf file: " + problem);
	}

	private InvalidInputException truncated(String what) {
		return new InvalidInputException(path, "is truncated: " + what + " lies past its end (" + fileSize + " bytes)");
	}

	/** {@code length} bytes at {@code offset}, little endian; a short file is reported as truncated. */
	private ByteBuffer read(long offset, int length) throws IOException {
		ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
		readFully(b, offset);
		return b.flip();
	}

	private void readFully(ByteBuffer b, long offset) throws IOException {
		if (offset + b.remaining() > fileSize)
			throw truncated("the chunk at byte " + offset);
		try {
			FileChannels.readFully(channel, b, offset);
		}
		catch (EOFException e) {
			throw truncated("the chunk at byte " + offset);
		}
	}

	/**
	 * The payloads of a chain of chunks from {@code first}, {@code bytes} in all, taking at most
	 * {@code perChunk} bytes from each.
	 */
	private ByteBuffer readChain(int first, long bytes, int perChunk) throws IOException {
		if (bytes > Integer.MAX_VALUE - 64)
			throw corrupt("an SFS table of " + bytes + " bytes");
		ByteBuffer out = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
		long chunk = Integer.toUnsignedLong(first);
		while (out.hasRemaining()) {
			long start = CHUNK_HEADER + chunk * chunkSize;
			long next = Integer.toUnsignedLong(read(start, 4).getInt());
			int n = Math.min(perChunk, out.remaining());
			ByteBuffer slice = out.slice(out.position(), n);
			readFully(slice, start + 32);
			out.position(out.position() + n);
			chunk = next;
		}
		return out.flip();
	}

	private Map<String, Entry> readTree(int treeChunk, int count) throws IOException {
		int perChunk = usable / TREE_ENTRY * TREE_ENTRY;
		ByteBuffer tree = readChain(treeChunk, (long) count * TREE_ENTRY, perChunk);
		String[] names = new String[count];
		int[] parents = new int[count];
		boolean[] dirs = new boolean[count];
		long[] sizes = new long[count];
		int[] tables = new int[count];
		for (int i = 0; i < count; i++) {
			int base = i * TREE_ENTRY;
			tables[i] = tree.getInt(base);
			sizes[i] = tree.getLong(base + 4);
			parents[i] = tree.getInt(base + 40);
			dirs[i] = tree.get(base + 220) != 0;
			byte[] name = new byte[256];
			tree.get(base + 224, name);
			int end = 0;
			while (end < name.length && name[end] != 0)
				end++;
			names[i] = new String(name, 0, end, StandardCharsets.UTF_8);
			if (sizes[i] < 0 || parents[i] < -1 || parents[i] >= count)
				throw corrupt("file tree entry " + i + " (\"" + names[i] + "\") is damaged");
		}
		Map<String, Entry> out = new LinkedHashMap<>();
		for (int i = 0; i < count; i++) {
			if (dirs[i])
				continue;
			String full = fullName(i, names, parents);
			out.put(full, new Entry(full, sizes[i], pointerTable(full, tables[i], sizes[i])));
		}
		return out;
	}

	private static String fullName(int i, String[] names, int[] parents) {
		List<String> parts = new ArrayList<>();
		int at = i;
		for (int depth = 0; at >= 0; depth++) {
			if (depth > names.length)
				throw new IllegalStateException("cycle in the SFS file tree");
			parts.add(names[at]);
			at = parents[at];
		}
		Collections.reverse(parts);
		return String.join("/", parts);
	}

	private int[] pointerTable(String name, int firstChunk, long size) throws IOException {
		long count = (size + usable - 1) / usable;
		if (count == 0)
			return new int[0];
		if (count > Integer.MAX_VALUE / 4)
			throw corrupt(name + " claims " + size + " bytes");
		// NB: the table is the concatenated payloads; an entry may straddle two chunks.
		ByteBuffer table = readChain(firstChunk, count * 4, usable);
		int[] chunks = new int[(int) count];
		table.asIntBuffer().get(chunks);
		// Refuse a truncated container now, with one clear line, rather than in the middle of a scan.
		for (int i = 0; i < chunks.length; i++) {
			long length = i < chunks.length - 1 ? usable : size - (long) i * usable;
			long end = CHUNK_PAYLOAD + Integer.toUnsignedLong(chunks[i]) * chunkSize + length;
			if (end > fileSize)
				throw truncated("part of " + name + " (byte " + end + ")");
		}
		return chunks;
	}

	/** The raw bytes of one file, chunk by chunk. */
	private final class ChunkStream extends InputStream {
		private final Entry entry;
		private long position;

		ChunkStream(Entry entry) {
			this.entry = entry;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (len == 0)
				return 0;
			if (position >= entry.size)
				return -1;
			long chunk = position / usable;
			int inChunk = (int) (position % usable);
			int n = (int) Math.min(Math.min(len, usable - inChunk), entry.size - position);
			readFully(ByteBuffer.wrap(b, off, n), entry.chunkOffset(chunk) + inChunk);
			position += n;
			return n;
		}

		@Override
		public long skip(long n) {
			long k = Math.max(0, Math.min(n, entry.size - position));
			position += k;
			return k;
		}
	}

	/** The inflated bytes of a zlib-compressed ("AACS") file, one block at a time. */
	private final class InflatingStream extends InputStream {
		private final InputStream raw;
		private final Entry entry;
		private final int blocks;
		private final java.util.zip.Inflater inflater = new java.util.zip.Inflater();
		private byte[] compressed = new byte[0];
		private byte[] block;
		private int blockIndex;
		private int pos;
		private int limit;

		InflatingStream(InputStream raw, Entry entry) throws IOException {
			this.raw = raw;
			this.entry = entry;
			byte[] head = raw.readNBytes(16);
			ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
			h.getInt();
			int blockSize = h.getInt();
			h.getInt();
			blocks = h.getInt();
			if (blockSize <= 0 || blockSize > (1 << 28) || blocks < 0)
				throw corrupt(entry.name + " has a damaged compression header");
			block = new byte[blockSize];
			raw.skipNBytes(COMPRESSED_DATA_START - 16);
		}

		@Override
		public int read() throws IOException {
			if (pos >= limit && !nextBlock())
				return -1;
			return block[pos++] & 0xff;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (len == 0)
				return 0;
			if (pos >= limit && !nextBlock())
				return -1;
			int n = Math.min(len, limit - pos);
			System.arraycopy(block, pos, b, off, n);
			pos += n;
			return n;
		}

		private boolean nextBlock() throws IOException {
			if (blockIndex >= blocks)
				return false;
			byte[] head = raw.readNBytes(16);
			if (head.length < 16)
				throw corrupt(entry.name + " ends inside compressed block " + blockIndex + " of " + blocks);
			ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
			int size = h.getInt();
			int unpacked = h.getInt();
			if (size <= 0 || size > (1 << 28) || unpacked < 0 || unpacked > (1 << 28))
				throw corrupt(entry.name + " has a damaged compressed block " + blockIndex);
			if (compressed.length < size)
				compressed = new byte[size];
			if (raw.readNBytes(compressed, 0, size) < size)
				throw corrupt(entry.name + " ends inside compressed block " + blockIndex + " of " + blocks);
			if (block.length < unpacked)
				block = new byte[unpacked];
			inflater.reset();
			inflater.setInput(compressed, 0, size);
			int n = 0;
			try {
				while (!inflater.finished() && n < block.length) {
					int k = inflater.inflate(block, n, block.length - n);
					if (k == 0 && (inflater.needsInput() || inflater.needsDictionary()))
						break;
					n += k;
				}
			}
			catch (java.util.zip.DataFormatException e) {
				throw corrupt(entry.name + " has a damaged compressed block " + blockIndex + ": " + e.getMessage());
			}
			blockIndex++;
			pos = 0;
			limit = n;
			return true;
		}

		@Override
		public void close() throws IOException {
			inflater.end();
			raw.close();
		}
	}
}
