package org.fusedtomo.io.mrc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.fusedtomo.io.InvalidInputException;

/**
 * The fields of a 1024-byte MRC2014 header that a tilt-series reader needs (CCP-EM MRC2014; IMOD's
 * extensions {@code nint}/{@code nreal} and the IMOD stamp). Byte offsets: nx, ny, nz at 0, 4, 8; mode
 * 12; mx 28; cella x 40 (Å); nsymbt 92; exttyp 104; nint 128, nreal 130 (shorts); imodStamp 152,
 * imodFlags 156; amin, amax 76, 80; "MAP " 208; machine stamp 212.
 *
 * @param order byte order of the file, from the machine stamp (0x44 little-, 0x11 big-endian)
 * @param nsymbt size of the extended header in bytes
 * @param exttyp the extended-header type, e.g. "FEI1", "FEI2", "SERI", "AGAR", or "" when unset
 * @param signedBytes whether mode 0 is signed (MRC2014) rather than unsigned (older files), decided as IMOD
 *        decides it: IMOD's stamp and flags where the stamp is there, else the header's min/max (amin 76,
 *        amax 80): min &lt; 0 and max &lt; 128 signed; min &ge; 0 and max &ge; 128 unsigned; both out of range
 *        signed when min lies further below 0 than max above 127; else (e.g. both 0, unset) unsigned
 * @param signKnown whether the stamp or the min/max said so, rather than the last, default case
 */
public record MrcHeader(ByteOrder order, int nx, int ny, int nz, int mode, int mx, float cellX, int nsymbt, String exttyp, int nint, int nreal,
	boolean signedBytes, boolean signKnown) {

	public static final int SIZE = 1024;

	/** IMOD's stamp at byte 152; with it, bit 0 of the flags at 156 says bytes are signed. */
	private static final int IMOD_STAMP = 1146047817;

	public MrcHeader {
		if (bytesPerPixel(mode) == 0)
			throw new IllegalArgumentException("Unsupported MRC mode " + mode + "; supported: 0 (int8), 1 (int16), 2 (float32), 6 (uint16), 12 (float16)");
		if (nsymbt < 0)
			throw new IllegalArgumentException("Extended header size must be >= 0, got " + nsymbt);
	}

	/** Bytes per pixel of a supported mode, 0 for any other. */
	public static int bytesPerPixel(int mode) {
		return switch (mode) {
			case 0 -> 1;
			case 1, 6, 12 -> 2;
			case 2 -> 4;
			default -> 0;
		};
	}

	/** The stored pixel type, e.g. "int16". */
	public String pixelType() {
		return switch (mode) {
			case 0 -> signedBytes ? "int8" : "uint8";
			case 1 -> "int16";
			case 2 -> "float32";
			case 6 -> "uint16";
			default -> "float16";
		};
	}

	/**
	 * Byte offset of section (slice) {@code z} in the file: 1024 + nsymbt + z·nx·ny·bytes, in long
	 * arithmetic so files over 2 GiB are addressed correctly.
	 */
	public long sectionOffset(int z) {
		return SIZE + (long) nsymbt + (long) z * nx * ny * bytesPerPixel(mode);
	}

	/** Bytes of one section. */
	public long sectionBytes() {
		return (long) nx * ny * bytesPerPixel(mode);
	}

	/** Pixel size in Å from cella/mx, or NaN when the header has none. */
	public double pixelSizeAngstrom() {
		return mx > 0 && cellX > 0 && Float.isFinite(cellX) ? (double) cellX / mx : Double.NaN;
	}

	/**
	 * Parses the first 1024 bytes of {@code file}; the byte order is taken from the machine stamp, or,
	 * when that is unset, from whichever order gives a plausible mode and size.
	 *
	 * @throws InvalidInputException when the bytes are no MRC header
	 */
	static MrcHeader parse(Path file, byte[] bytes) {
		if (bytes.length < SIZE)
			throw new InvalidInputException(file, "is not an MRC file: only " + bytes.length + " bytes, shorter than the 1024-byte MRC header");
		ByteBuffer b = ByteBuffer.wrap(bytes);
		ByteOrder order = switch (bytes[212]) {
			case 0x44 -> ByteOrder.LITTLE_ENDIAN;
			case 0x11 -> ByteOrder.BIG_ENDIAN;
			default -> plausible(b.order(ByteOrder.LITTLE_ENDIAN)) ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
		};
		b.order(order);
		boolean map = bytes[208] == 'M' && bytes[209] == 'A' && bytes[210] == 'P' && bytes[211] == ' ';
		int mode = b.getInt(12);
		if (!map && !plausible(b))
			throw new InvalidInputException(file, "is not an MRC file: no \"MAP \" at byte 208 and no valid mode/size in the header (wrong magic bytes)");
		if (bytesPerPixel(mode) == 0)
			throw new InvalidInputException(file, "MRC mode " + mode + " is not supported; use 0 (int8), 1 (int16), 2 (float32), 6 (uint16) or 12 (float16)");
		int nsymbt = b.getInt(92);
		if (nsymbt < 0)
			throw new InvalidInputException(file, "MRC header gives a negative extended-header size (" + nsymbt + " bytes)");
		String exttyp = new String(bytes, 104, 4, StandardCharsets.US_ASCII).replace('\0', ' ').strip();
		boolean imod = b.getInt(152) == IMOD_STAMP;
		float min = b.getFloat(76), max = b.getFloat(80);
		boolean signedBytes, signKnown = true;
		if (imod)
			signedBytes = (b.getInt(156) & 1) != 0;
		else if (min < 0 && max < 128)
			signedBytes = true;
		else if (min >= 0 && max >= 128)
			signedBytes = false;
		else if (min < 0 && max >= 128)
			signedBytes = -min > max - 128;
		else {
			signedBytes = false;
			signKnown = false;
		}
		return new MrcHeader(order, b.getInt(0), b.getInt(4), b.getInt(8), mode, b.getInt(28), b.getFloat(40), nsymbt, exttyp, b.getShort(128), b.getShort(130), signedBytes,
			signKnown);
	}

	private static boolean plausible(ByteBuffer b) {
		return bytesPerPixel(b.getInt(12)) > 0 && b.getInt(0) > 0 && b.getInt(4) > 0 && b.getInt(8) > 0 && b.getInt(92) >= 0;
	}
}
