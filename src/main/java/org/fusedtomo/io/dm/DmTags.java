package org.fusedtomo.io.dm;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.fusedtomo.io.FileChannels;
import org.fusedtomo.io.InvalidInputException;

/**
 * The tag tree of a Gatan DigitalMicrograph DM3/DM4 file, parsed by hand from the published layout:
 * a big-endian header (version 3 or 4, root length, byte order of the data: 1 = little-endian), then
 * the root tag group. A group is (sorted, open, tag count); a tag is (type 20 = group or 21 = data,
 * label length, label, [DM4: tag size]) and a data tag is ("%%%%", info count, info words, values).
 * Counts and info words are 4 bytes in DM3 and 8 in DM4, big-endian; values use the header byte order.
 * Arrays are not copied: an {@link ArrayRef} points into the file's bytes; short uint16 arrays (DM's
 * strings) are also decoded as text. The tree is parsed from the file's bytes in memory, or from the
 * file itself through a small read window ({@link #parse(Path)}), which skips the arrays and so works
 * for files of any size.
 * <p>
 * Every count is checked against the bytes left in the file before it is used (lengths of strings and
 * arrays, numbers of struct fields and tags), groups nest at most {@value #MAX_DEPTH} deep and a file
 * holds at most {@value #MAX_TAGS} tags, so a corrupt or crafted tree is refused at once.
 */
final class DmTags {

	/** Encoded value types of the info words. */
	static final int SHORT = 2, LONG = 3, USHORT = 4, ULONG = 5, FLOAT = 6, DOUBLE = 7, BOOL = 8, CHAR = 9, OCTET = 10, LONGLONG = 11, ULONGLONG = 12, STRUCT = 15,
		STRING = 18, ARRAY = 20;

	/** A labelled entry of a group (DM allows empty and repeated labels). */
	record Entry(String label, Object value) {}

	/** A tag group: its entries in file order. */
	record Group(List<Entry> entries) {

		/** The value at a '/'-separated path of labels, if every step exists. */
		Optional<Object> get(String path) {
			Object cur = this;
			for (String step : path.split("/")) {
				if (!(cur instanceof Group g))
					return Optional.empty();
				cur = g.entries.stream().filter(e -> e.label.equals(step)).map(Entry::value).findFirst().orElse(null);
				if (cur == null)
					return Optional.empty();
			}
			return Optional.of(cur);
		}

		Optional<Group> group(String path) {
			return get(path).filter(Group.class::isInstance).map(Group.class::cast);
		}

		Optional<Double> number(String path) {
			return get(path).filter(Number.class::isInstance).map(v -> ((Number) v).doubleValue());
		}

		/** The entries that are groups, in order (e.g. the images of ImageList). */
		List<Group> groups() {
			return entries.stream().map(Entry::value).filter(Group.class::isInstance).map(Group.class::cast).toList();
		}
	}

	/** An array value: element type, element count and byte offset of the first element. */
	record ArrayRef(int type, long count, long offset) {}

	/**
	 * A parsed file: version, value byte order, root group, the file's bytes (null when parsed from the
	 * file) and the text of its short uint16 arrays by offset.
	 */
	record Tree(int version, ByteOrder order, Group root, byte[] bytes, Map<Long, String> strings) {

		/** A uint16 array (DM's strings) as text; other values as their string form. */
		String text(Object value) {
			if (value instanceof ArrayRef a && a.type == USHORT) {
				String known = strings.get(a.offset);
				if (known != null || bytes == null)
					return known == null ? "" : known;
				ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
				StringBuilder s = new StringBuilder();
				for (long i = 0; i < a.count; i++)
					s.append((char) b.getShort((int) (a.offset + 2 * i)));
				return s.toString();
			}
			return String.valueOf(value);
		}
	}

	/** Longest uint16 array decoded as text while parsing. */
	private static final int MAX_STRING = 4096;

	/** Deepest nesting of tag groups accepted (real files nest about 10 deep). */
	static final int MAX_DEPTH = 64;
	/** Most tags accepted in one file (real files hold a few thousand). */
	static final int MAX_TAGS = 1_000_000;

	private final Path file;
	private final Input b;
	private int tags;
	private final boolean dm4;
	private ByteOrder valueOrder;
	private final Map<Long, String> strings = new HashMap<>();

	private DmTags(Path file, Input in, boolean dm4) {
		this.file = file;
		this.b = in;
		this.dm4 = dm4;
	}

	/**
	 * Parses the whole tag tree from the file's bytes.
	 *
	 * @throws InvalidInputException on a wrong version (magic), a truncated or corrupt tree
	 */
	static Tree parse(Path file, byte[] bytes) {
		return parse(file, new Input(bytes));
	}

	/**
	 * Parses the whole tag tree reading the file through a window; array values are not read (the tree
	 * holds no bytes), so the file may be of any size.
	 *
	 * @throws InvalidInputException on a wrong version (magic), a truncated or corrupt tree, an unreadable file
	 */
	static Tree parse(Path file) {
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			return parse(file, new Input(ch));
		}
		catch (IOException | UncheckedIOException e) {
			throw new InvalidInputException(file, "cannot read the file: " + e.getMessage(), e);
		}
	}

	private static Tree parse(Path file, Input in) {
		if (in.size < 16)
			throw new InvalidInputException(file, "is not a DM3/DM4 file: only " + in.size + " bytes");
		int version = in.getInt(ByteOrder.BIG_ENDIAN);
		if (version != 3 && version != 4)
			throw new InvalidInputException(file, "is not a DM3/DM4 file: version field is " + version + " (expected 3 or 4; wrong magic bytes)");
		DmTags p = new DmTags(file, in, version == 4);
		try {
			long rootLength = p.dm4 ? in.getLong(ByteOrder.BIG_ENDIAN) : Integer.toUnsignedLong(in.getInt(ByteOrder.BIG_ENDIAN));
			int order = in.getInt(ByteOrder.BIG_ENDIAN);
			if (order != 0 && order != 1)
				throw new InvalidInputException(file, "is not a DM" + version + " file: byte-order field is " + order + " (expected 0 or 1)");
			p.valueOrder = order == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
			if (rootLength > in.size)
				throw new InvalidInputException(file, "is truncated: the DM header says its tags need " + rootLength + " bytes but the file has only " + in.size);
			Group root = p.group(0);
			return new Tree(version, p.valueOrder, root, in.bytes, Map.copyOf(p.strings));
		}
		catch (BufferUnderflowException | IndexOutOfBoundsException e) {
			throw new InvalidInputException(file, "is truncated or corrupt: the DM tag tree runs past the end of the file (" + in.size + " bytes)", e);
		}
	}

	private long count() {
		return dm4 ? b.getLong(ByteOrder.BIG_ENDIAN) : b.getInt(ByteOrder.BIG_ENDIAN);
	}

	private Group group(int depth) {
		if (depth > MAX_DEPTH)
			throw new InvalidInputException(file, "is corrupt: DM tag groups nested deeper than " + MAX_DEPTH);
		b.get(); // sorted
		b.get(); // open
		long n = count();
		if (n < 0 || n > b.size - b.pos)
			throw new InvalidInputException(file, "is corrupt: a DM tag group claims " + n + " tags at byte " + b.pos);
		List<Entry> entries = new ArrayList<>();
		for (long i = 0; i < n; i++) {
			if (++tags > MAX_TAGS)
				throw new InvalidInputException(file, "is corrupt: more than " + MAX_TAGS + " DM tags");
			int type = b.get();
			int len = Short.toUnsignedInt(b.getShort(ByteOrder.BIG_ENDIAN));
			byte[] label = new byte[len];
			b.get(label);
			if (dm4)
				b.getLong(ByteOrder.BIG_ENDIAN); // tag size
			String name = new String(label, StandardCharsets.ISO_8859_1);
			if (type == 20)
				entries.add(new Entry(name, group(depth + 1)));
			else if (type == 21)
				entries.add(new Entry(name, data(name)));
			else if (type == 0 && i == n - 1)
				break; // end-of-file marker of some writers
			else
				throw new InvalidInputException(file, "is corrupt: unknown DM tag type " + type + " at byte " + (b.pos - len - 3));
		}
		return new Group(entries);
	}

	private Object data(String label) {
		byte[] magic = new byte[4];
		b.get(magic);
		if (magic[0] != '%' || magic[1] != '%' || magic[2] != '%' || magic[3] != '%')
			throw new InvalidInputException(file, "is corrupt: DM tag '" + label + "' lacks its %%%% marker at byte " + (b.pos - 4));
		long n = count();
		if (n < 1 || n > 1024)
			throw new InvalidInputException(file, "is corrupt: DM tag '" + label + "' has " + n + " type words");
		long[] info = new long[(int) n];
		for (int i = 0; i < n; i++)
			info[i] = count();
		int type = (int) info[0];
		if (type == ARRAY) {
			// (ARRAY, element type, [struct: name length, field count, (name length, type) per field], length)
			if (n < 3)
				throw new InvalidInputException(file, "is corrupt: DM array '" + label + "' has only " + n + " type words");
			int elem = (int) info[1];
			long len = info[info.length - 1];
			long size = elem == STRUCT ? structSize(label, info, 1, n - 1) : size(elem);
			long offset = b.pos;
			if (len < 0 || size == 0 && len > 0 || size > 0 && len > (b.size - offset) / size)
				throw new InvalidInputException(file, "is truncated or corrupt: DM array '" + label + "' of " + len + " elements of " + size + " bytes does not fit in the "
					+ (b.size - offset) + " bytes left in the file");
			if (elem == USHORT && len <= MAX_STRING) {
				StringBuilder text = new StringBuilder();
				for (long i = 0; i < len; i++)
					text.append((char) b.getShort(valueOrder));
				strings.put(offset, text.toString());
			}
			b.pos = offset + len * size;
			return elem == STRUCT ? new ArrayRef(STRUCT, len, offset) : new ArrayRef(elem, len, offset);
		}
		if (type == STRUCT) {
			// (STRUCT, name length, field count, (name length, type) per field)
			structSize(label, info, 0, n);
			double[] v = new double[(int) info[2]];
			for (int f = 0; f < v.length; f++)
				v[f] = value((int) info[4 + 2 * f]).doubleValue();
			return v;
		}
		if (type == STRING) {
			long len = n < 2 ? -1 : info[1];
			if (len < 0 || len > b.size - b.pos)
				throw new InvalidInputException(file, "is truncated or corrupt: DM string '" + label + "' claims " + len + " bytes but " + (b.size - b.pos) + " are left in the file");
			byte[] s = new byte[(int) len];
			b.get(s);
			return new String(s, StandardCharsets.ISO_8859_1);
		}
		return value(type);
	}

	/**
	 * Bytes of a struct whose type word is info[at]: field count at info[at+2], then (name length, type)
	 * pairs, all within the first {@code end} type words.
	 */
	private long structSize(String label, long[] info, int at, long end) {
		long fields = at + 2 < end ? info[at + 2] : -1;
		if (fields < 0 || at + 3 + 2 * fields > end)
			throw new InvalidInputException(file, "is corrupt: DM struct '" + label + "' claims " + fields + " fields but its " + info.length + " type words hold "
				+ Math.max(0, (end - at - 3) / 2));
		long s = 0;
		for (int f = 0; f < fields; f++)
			s += size((int) info[at + 4 + 2 * f]);
		return s;
	}

	private long size(int type) {
		return switch (type) {
			case SHORT, USHORT -> 2;
			case LONG, ULONG, FLOAT -> 4;
			case DOUBLE, LONGLONG, ULONGLONG -> 8;
			case BOOL, CHAR, OCTET -> 1;
			default -> throw new InvalidInputException(file, "is corrupt: unknown DM value type " + type + " at byte " + b.pos);
		};
	}

	private Number value(int type) {
		ByteOrder o = valueOrder;
		return switch (type) {
			case SHORT -> b.getShort(o);
			case USHORT -> Short.toUnsignedInt(b.getShort(o));
			case LONG -> b.getInt(o);
			case ULONG -> Integer.toUnsignedLong(b.getInt(o));
			case FLOAT -> Float.intBitsToFloat(b.getInt(o));
			case DOUBLE -> Double.longBitsToDouble(b.getLong(o));
			case BOOL, OCTET -> b.get() & 0xff;
			case CHAR -> b.get();
			case LONGLONG, ULONGLONG -> b.getLong(o);
			default -> throw new InvalidInputException(file, "is corrupt: unknown DM value type " + type + " at byte " + b.pos);
		};
	}

	/**
	 * The bytes being parsed at a long position: the whole file in memory, or a window of it read from
	 * a channel on demand. Reading past the end throws {@link BufferUnderflowException}.
	 */
	private static final class Input {
		private static final int WINDOW = 1 << 16;
		final long size;
		final byte[] bytes;
		private final FileChannel channel;
		private ByteBuffer window;
		private long windowStart;
		long pos;

		Input(byte[] bytes) {
			this.bytes = bytes;
			this.channel = null;
			this.size = bytes.length;
			this.window = ByteBuffer.wrap(bytes);
		}

		Input(FileChannel channel) throws IOException {
			this.bytes = null;
			this.channel = channel;
			this.size = channel.size();
			this.window = ByteBuffer.allocate(0);
		}

		/** The window, positioned at {@code pos}, holding at least {@code n} bytes from it. */
		private ByteBuffer at(int n, ByteOrder order) {
			if (pos < 0 || pos + n > size)
				throw new BufferUnderflowException();
			if (pos < windowStart || pos + n > windowStart + window.limit()) {
				ByteBuffer w = ByteBuffer.allocate((int) Math.min(Math.max(WINDOW, n), size - pos));
				try {
					FileChannels.readFully(channel, w, pos);
				}
				catch (EOFException e) {
					throw new BufferUnderflowException();
				}
				catch (IOException e) {
					throw new UncheckedIOException(e);
				}
				w.flip();
				window = w;
				windowStart = pos;
			}
			window.order(order).position((int) (pos - windowStart));
			pos += n;
			return window;
		}

		byte get() {
			return at(1, ByteOrder.BIG_ENDIAN).get();
		}

		void get(byte[] dst) {
			at(dst.length, ByteOrder.BIG_ENDIAN).get(dst);
		}

		short getShort(ByteOrder o) {
			return at(2, o).getShort();
		}

		int getInt(ByteOrder o) {
			return at(4, o).getInt();
		}

		long getLong(ByteOrder o) {
			return at(8, o).getLong();
		}
	}
}
