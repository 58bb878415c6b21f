package org.fusedtomo.io.npy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.fusedtomo.io.DecodedStack;
import org.fusedtomo.io.InvalidInputException;

/**
 * Reads numpy's {@code .npy} arrays and {@code .npz} archives (a zip of {@code .npy} entries, stored or
 * deflated), following numpy's format description ({@code numpy.lib.format}): the magic
 * {@code \x93NUMPY}, a version (1.0, 2.0 or 3.0), a little-endian header length (2 bytes in 1.0, 4
 * after), and a Python dict literal with {@code descr}, {@code fortran_order} and {@code shape}.
 * Numeric types only: floats ({@code f4}, {@code f8}), signed and unsigned integers of 1 to 8 bytes
 * and bool, either byte order; every value becomes a float (float64 is rounded to float32). Other types
 * (complex, strings, objects, structured arrays, pickles) are refused with an
 * {@link InvalidInputException} naming the file, the entry and the type.
 */
public final class NpyFiles {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };
	private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
	private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
	private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

	private NpyFiles() {}

	/** Whether {@code head} starts with the .npy magic. */
	public static boolean isNpy(byte[] head) {
		return head.length >= MAGIC.length && java.util.Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
	}

	/** The array in a {@code .npy} file, named after the file without ".npy". */
	public static NpyArray read(Path npy) {
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(npy);
		}
		catch (IOException e) {
			throw new InvalidInputException(npy, "cannot read the file: " + e.getMessage(), e);
		}
		return parse(npy, "", stripSuffix(npy.getFileName().toString()), bytes);
	}

	/** Every {@code .npy} entry of an {@code .npz} archive, by key (entry name without ".npy"), in archive order. */
	public static LinkedHashMap<String, NpyArray> readNpz(Path npz) {
		LinkedHashMap<String, NpyArray> out = new LinkedHashMap<>();
		try (ZipFile zip = new ZipFile(npz.toFile())) {
			Enumeration<? extends ZipEntry> entries = zip.entries();
			while (entries.hasMoreElements()) {
				ZipEntry e = entries.nextElement();
				if (e.isDirectory() || !e.getName().endsWith(".npy"))
					continue;
				byte[] bytes;
				if (e.getSize() > Integer.MAX_VALUE - 8)
					throw new InvalidInputException(npz, "entry '" + e.getName() + "' unpacks to " + e.getSize() + " bytes; arrays over 2 GiB are not supported");
				// NB: the entry's bytes and their floats live at once.
				DecodedStack.checkMemory(npz, "entry '" + e.getName() + "'", 3 * Math.max(0, e.getSize()));
				try (InputStream in = zip.getInputStream(e)) {
					bytes = in.readAllBytes();
				}
				String key = stripSuffix(e.getName());
				out.put(key, parse(npz, "entry '" + e.getName() + "': ", key, bytes));
			}
		}
		catch (ZipException e) {
			throw new InvalidInputException(npz, "is not a readable .npz (zip) archive, truncated or corrupt: " + e.getMessage(), e);
		}
		catch (IOException e) {
			throw new InvalidInputException(npz, "cannot read the archive: " + e.getMessage(), e);
		}
		if (out.isEmpty())
			throw new InvalidInputException(npz, "holds no .npy arrays");
		return out;
	}

	/**
	 * Decodes one .npy byte image.
	 *
	 * @param file named in errors
	 * @param where prefix of errors within the file (e.g. "entry 'HAADF.npy': "), or ""
	 */
	static NpyArray parse(Path file, String where, String name, byte[] bytes) {
		if (!isNpy(bytes))
			throw new InvalidInputException(file, where + "is not a .npy array (no \\x93NUMPY magic)");
		if (bytes.length < 10)
			throw new InvalidInputException(file, where + "is truncated inside the .npy preamble (" + bytes.length + " bytes)");
		int major = bytes[6];
		ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		long headerLength;
		int start;
		if (major == 1) {
			headerLength = Short.toUnsignedInt(b.getShort(8));
			start = 10;
		}
		else if (major == 2 || major == 3) {
			if (bytes.length < 12)
				throw new InvalidInputException(file, where + "is truncated inside the .npy preamble (" + bytes.length + " bytes)");
			headerLength = Integer.toUnsignedLong(b.getInt(8));
			start = 12;
		}
		else
			throw new InvalidInputException(file, where + "has .npy format version " + major + "." + bytes[7] + "; versions 1 to 3 are supported");
		if (start + headerLength > bytes.length)
			throw new InvalidInputException(file, where + "is truncated: the .npy header needs " + headerLength + " bytes but the data ends after " + (bytes.length - start));
		String header = new String(bytes, start, (int) headerLength, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
		Dtype dtype = Dtype.parse(file, where, field(file, where, header, DESCR, "descr"));
		boolean fortran = field(file, where, header, FORTRAN, "fortran_order").equals("True");
		int[] shape = shape(file, where, field(file, where, header, SHAPE, "shape"));
		long count = 1;
		for (int s : shape)
			count = count > Integer.MAX_VALUE ? (s == 0 ? 0 : count) : count * s; // NB: saturates above 2^31 instead of overflowing
		if (count > Integer.MAX_VALUE - 8)
			throw new InvalidInputException(file, where + "array of shape " + describe(shape) + " has more than 2^31 values");
		int offset = start + (int) headerLength;
		long need = count * dtype.size;
		if (bytes.length - offset < need)
			throw new InvalidInputException(file, where + "is truncated: shape " + describe(shape) + " of " + dtype.descr + " needs " + need + " data bytes but only "
				+ (bytes.length - offset) + " follow the header");
		ByteBuffer data = ByteBuffer.wrap(bytes, offset, (int) need).slice().order(dtype.order);
		float[] values = new float[(int) count];
		for (int i = 0; i < values.length; i++)
			values[i] = dtype.read(data, i * dtype.size);
		return new NpyArray(name, shape, fortran ? fortranToC(values, shape) : values, dtype.typeName());
	}

	private static String field(Path file, String where, String header, Pattern p, String key) {
		Matcher m = p.matcher(header);
		if (!m.find())
			throw new InvalidInputException(file, where + "the .npy header has no usable '" + key + "' (" + header.strip() + "); structured arrays are not supported");
		return m.group(1);
	}

	private static int[] shape(Path file, String where, String text) {
		String t = text.strip();
		if (t.isEmpty())
			return new int[0];
		String[] parts = t.split(",");
		int n = parts[parts.length - 1].isBlank() ? parts.length - 1 : parts.length;
		int[] shape = new int[n];
		for (int i = 0; i < n; i++) {
			try {
				shape[i] = Integer.parseInt(parts[i].strip().replace("L", ""));
			}
			catch (NumberFormatException e) {
				throw new InvalidInputException(file, where + "the .npy shape (" + text + ") is not a tuple of integers");
			}
			if (shape[i] < 0)
				throw new InvalidInputException(file, where + "the .npy shape (" + text + ") has a negative size");
		}
		return shape;
	}

	/** Reorders Fortran-order (first axis fastest) values into C order. */
	static float[] fortranToC(float[] f, int[] shape) {
		int d = shape.length;
		float[] c = new float[f.length];
		int[] index = new int[d];
		for (int i = 0; i < c.length; i++) {
			// index runs over C order (last axis fastest); its Fortran offset has the first axis fastest.
			int off = 0;
			for (int k = d - 1; k >= 0; k--)
				off = off * shape[k] + index[k];
			c[i] = f[off];
			for (int k = d - 1; k >= 0; k--) {
				if (++index[k] < shape[k])
					break;
				index[k] = 0;
			}
		}
		return c;
	}

	private static String describe(int[] shape) {
		return java.util.Arrays.toString(shape).replace('[', '(').replace(']', ')');
	}

	private static String stripSuffix(String name) {
		return name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
	}

	/** A numeric numpy type string such as "<f8", ">i2" or "|u1". */
	private record Dtype(String descr, char kind, int size, ByteOrder order) {

		static Dtype parse(Path file, String where, String descr) {
			if (descr.length() >= 3) {
				char o = descr.charAt(0), kind = descr.charAt(1);
				int size;
				try {
					size = Integer.parseInt(descr.substring(2));
				}
				catch (NumberFormatException e) {
					size = -1;
				}
				boolean orderOk = o == '<' || o == '>' || o == '|' || o == '=';
				boolean typeOk = switch (kind) {
					case 'f' -> size == 4 || size == 8;
					case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
					case 'b' -> size == 1;
					default -> false;
				};
				if (orderOk && typeOk)
					return new Dtype(descr, kind, size, o == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
			}
			throw new InvalidInputException(file, where + "has numpy dtype '" + descr + "'; supported are float32/64, (u)int8 to 64 and bool, e.g. '<f8'; convert with numpy's astype(float32)");
		}

		float read(ByteBuffer b, int at) {
			return switch (kind) {
				case 'f' -> size == 4 ? b.getFloat(at) : (float) b.getDouble(at);
				case 'i' -> switch (size) {
					case 1 -> b.get(at);
					case 2 -> b.getShort(at);
					case 4 -> b.getInt(at);
					default -> b.getLong(at);
				};
				case 'u' -> switch (size) {
					case 1 -> Byte.toUnsignedInt(b.get(at));
					case 2 -> Short.toUnsignedInt(b.getShort(at));
					case 4 -> Integer.toUnsignedLong(b.getInt(at));
					default -> unsignedLong(b.getLong(at));
				};
				default -> b.get(at) != 0 ? 1 : 0;
			};
		}

		private static float unsignedLong(long v) {
			return v >= 0 ? v : (float) (v >>> 1) * 2f;
		}

		String typeName() {
			return switch (kind) {
				case 'f' -> "float" + 8 * size;
				case 'i' -> "int" + 8 * size;
				case 'u' -> "uint" + 8 * size;
				default -> "bool";
			};
		}
	}
}
