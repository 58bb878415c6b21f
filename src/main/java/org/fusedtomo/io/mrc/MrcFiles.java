package org.fusedtomo.io.mrc;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.fusedtomo.io.FileChannels;
import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.DecodedStack;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.LengthUnits;
import org.fusedtomo.io.TiltAngles;
import org.fusedtomo.io.TiltSeriesFile;

/**
 * MRC2014 files ({@code .mrc .st .ali .rec}): tilt series and volumes.
 * <p>
 * <b>Reading</b> accepts modes 0 (int8 or uint8, as IMOD decides: {@link MrcHeader#signedBytes()}), 1 (int16),
 * 2 (float32), 6 (uint16) and 12 (float16), in either byte order (machine stamp), with any extended
 * header. The pixel size is cella/mx (Å), returned in nm. Tilt angles come from, in this order: the
 * explicit angle file; a {@code .rawtlt}/{@code .tlt} sidecar; the extended header, FEI1/FEI2 (the
 * double "Alpha tilt" at byte 100 of each record, record size from the record's first int), the
 * legacy FEI/Agard layout ({@code AGAR}, or no type and 128-byte records: float a_tilt at byte 0) or
 * SerialEM ({@code SERI}, or nreal bit 0: tilt x 100 as a short at byte 0 of each nint-byte
 * section); an IMOD/SerialEM {@code .mdoc} ({@code TiltAngle = } per {@code [ZValue = n]}).
 * <p>
 * <b>Writing</b> produces a standard 1024-byte MRC2014 header, mode 2, little-endian, cella from the
 * calibration when its unit is a length (else 0: no pixel size), with the angles in a {@code .rawtlt}
 * sidecar and optionally an FEI1 extended header (768-byte records), all through {@link AtomicFiles}.
 * Cost: one pass over the file; the pixels are held once as floats.
 */
public final class MrcFiles {

	/** Size of one FEI1 metadata record written here (as Thermo Fisher's EPU/Velox write it). */
	static final int FEI1_RECORD = 768;
	/** Byte offset of the "Alpha tilt" double (degrees) in an FEI1/FEI2 record. */
	static final int FEI_ALPHA_OFFSET = 100;
	/** Legacy FEI/Agard extended header: 1024 records of 128 bytes, a_tilt float at 0. */
	static final int LEGACY_RECORD = 128;

	private MrcFiles() {}

	/**
	 * The tilt series (x, y, section) in {@code mrc}; angles as the class comment says.
	 *
	 * @throws InvalidInputException naming the file and the problem
	 */
	public static TiltSeriesFile read(Path mrc, Path angleFile) {
		Contents c = readContents(mrc);
		TiltSeriesFile f = read(mrc, angleFile, c);
		return c.note == null ? f : f.withNote(c.note);
	}

	private static TiltSeriesFile read(Path mrc, Path angleFile, Contents c) {
		String format = "MRC" + (c.header.exttyp().isEmpty() ? "" : " (" + c.header.exttyp() + ")") + (c.header.order() == ByteOrder.BIG_ENDIAN ? ", big-endian" : "");
		Path sidecar = angleFile != null ? angleFile : TiltAngles.findSidecar(mrc).orElse(null);
		if (sidecar != null) {
			String from = sidecar.getFileName().toString();
			return TiltSeriesFile.single(mrc, format, c.header.pixelType(), from, c.stack.toSorted(TiltAngles.read(sidecar), from));
		}
		Optional<double[]> ext = extendedHeaderAngles(mrc, c.header, c.extended);
		if (ext.isPresent())
			return TiltSeriesFile.single(mrc, format, c.header.pixelType(), "the extended header", c.stack.toSorted(ext.get(), "the extended header"));
		Optional<Path> mdoc = Mdoc.find(mrc);
		if (mdoc.isPresent()) {
			String from = mdoc.get().getFileName().toString();
			return TiltSeriesFile.single(mrc, format, c.header.pixelType(), from, c.stack.toSorted(Mdoc.tiltAngles(mdoc.get(), c.header.nz()), from));
		}
		throw new InvalidInputException(mrc, "has no tilt angles: its extended header holds none (type '" + c.header.exttyp() + "'); put " + TiltAngles.sidecarFor(mrc).getFileName()
			+ " (one angle in degrees per line) or an .mdoc next to it" + TiltAngles.ANGLE_FILE_HINT);
	}

	/**
	 * The volume (x, y, z = section) in {@code mrc}.
	 *
	 * @throws InvalidInputException naming the file and the problem
	 */
	public static Volume readVolume(Path mrc) {
		return readContents(mrc).stack.toVolume();
	}

	/** Writes {@code series} as mode-2 MRC at {@code mrc} and its {@code .rawtlt} beside it, atomically together. */
	public static void writeTiltSeries(TiltSeries series, Path mrc, boolean feiExtendedHeader, AtomicFiles files) {
		writeTiltSeries(series, mrc, feiExtendedHeader, ByteOrder.LITTLE_ENDIAN, files);
	}

	/** As {@link #writeTiltSeries(TiltSeries, Path, boolean, AtomicFiles)} in a chosen byte order (tests of both orders). */
	static void writeTiltSeries(TiltSeries series, Path mrc, boolean feiExtendedHeader, ByteOrder order, AtomicFiles files) {
		double[] angles = series.anglesDeg();
		byte[] ext = feiExtendedHeader ? fei1Header(angles, order) : new byte[0];
		Map<Path, AtomicFiles.Content> out = new LinkedHashMap<>();
		out.put(mrc, stream -> write(stream, series.data(), series.width(), series.height(), series.angleCount(), series.calibration(), 0, ext, feiExtendedHeader ? "FEI1" : "", order));
		out.put(TiltAngles.sidecarFor(mrc), stream -> stream.write(TiltAngles.format(angles).getBytes(StandardCharsets.US_ASCII)));
		files.writeAll(out);
	}

	/** Writes {@code volume} as a mode-2 MRC volume (space group 1), atomically. */
	public static void writeVolume(Volume volume, Path mrc, AtomicFiles files) {
		files.write(mrc, stream -> write(stream, volume.data(), volume.width(), volume.height(), volume.depth(), volume.calibration(), 1, new byte[0], "", ByteOrder.LITTLE_ENDIAN));
	}

	/**
	 * The header, extended header and decoded pixels of one file, and a note when mode-0 bytes above 127
	 * were read as unsigned without the header saying so (null when not).
	 */
	private record Contents(MrcHeader header, byte[] extended, DecodedStack stack, String note) {}

	private static Contents readContents(Path mrc) {
		try (FileChannel ch = FileChannel.open(mrc, StandardOpenOption.READ)) {
			long size = ch.size();
			ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, MrcHeader.SIZE));
			readFully(ch, head, 0);
			MrcHeader h = MrcHeader.parse(mrc, head.array());
			DecodedStack.checkSize(mrc, "", h.nx(), h.ny(), h.nz());
			if (MrcHeader.SIZE + (long) h.nsymbt() > size)
				throw new InvalidInputException(mrc, "MRC header says the extended header is " + h.nsymbt() + " bytes, but the file has only " + (size - MrcHeader.SIZE)
					+ " bytes after the header (corrupt or truncated)");
			long needed = h.sectionOffset(h.nz());
			if (needed > size)
				throw new InvalidInputException(mrc, "is truncated: its header (" + h.nx() + " x " + h.ny() + " x " + h.nz() + ", mode " + h.mode() + ") needs " + needed
					+ " bytes but the file has only " + size + " (an interrupted copy or download?)");
			checkNoExtraSections(mrc, h, size);
			DecodedStack.checkAllocatable(mrc, "", h.nx(), h.ny(), h.nz());
			ByteBuffer ext = ByteBuffer.allocate(h.nsymbt());
			readFully(ch, ext, MrcHeader.SIZE);
			float[] data = new float[h.nx() * h.ny() * h.nz()];
			ByteBuffer section = ByteBuffer.allocate((int) h.sectionBytes()).order(h.order());
			int plane = h.nx() * h.ny();
			long highBytes = 0;
			for (int z = 0; z < h.nz(); z++) {
				section.clear();
				readFully(ch, section, h.sectionOffset(z));
				if (h.mode() == 0 && !h.signKnown())
					for (int i = 0; i < plane; i++)
						if (section.get(i) < 0)
							highBytes++;
				decode(section, h, data, z * plane, plane);
			}
			double pixelA = h.pixelSizeAngstrom();
			Calibration cal = Double.isNaN(pixelA) ? Calibration.PIXEL : LengthUnits.calibration(pixelA, "Å");
			String note = highBytes == 0 ? null
				: mrc.getFileName() + ": mode 0 (8-bit) without IMOD's stamp, and its header's min/max do not say whether the bytes are signed; read as unsigned (0 to 255), as IMOD does. "
					+ highBytes + " pixels are above 127; if the writer meant signed bytes (MRC2014), those are -128 to -1: set the header's min/max (a negative min says signed) or save as mode 1 or 2";
			return new Contents(h, ext.array(), new DecodedStack(mrc, "", data, h.nx(), h.ny(), h.nz(), cal, h.pixelType()), note);
		}
		catch (IOException e) {
			throw new InvalidInputException(mrc, "cannot read the file: " + e.getMessage(), e);
		}
	}

	/**
	 * Throws when the file holds at least one whole section more than the header describes: the mode
	 * (bytes per pixel) or the size in the header is then wrong, and reading would give scrambled pixels.
	 * Shorter trailing bytes (padding of some writers) are ignored.
	 */
	private static void checkNoExtraSections(Path mrc, MrcHeader h, long size) {
		long data = size - MrcHeader.SIZE - h.nsymbt(), needed = h.sectionBytes() * h.nz();
		if (data - needed < h.sectionBytes())
			return;
		String fits = "";
		for (int mode : new int[] { 0, 1, 2, 6, 12 }) {
			long bytes = (long) h.nx() * h.ny() * h.nz() * MrcHeader.bytesPerPixel(mode);
			if (bytes == data && MrcHeader.bytesPerPixel(mode) != MrcHeader.bytesPerPixel(h.mode()))
				fits += (fits.isEmpty() ? "" : " or ") + "mode " + mode + " (" + MrcHeader.bytesPerPixel(mode) + " bytes per pixel)";
		}
		throw new InvalidInputException(mrc, "MRC header says " + h.nx() + " x " + h.ny() + " x " + h.nz() + " pixels of mode " + h.mode() + " (" + h.pixelType() + "), " + needed
			+ " bytes of data, but the file holds " + data + (fits.isEmpty() ? "" : ", exactly what " + fits + " needs")
			+ "; the mode or the size in the header is wrong: fix the header (e.g. IMOD alterheader) or re-export the file");
	}

	private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
		FileChannels.readFully(ch, b, position);
		b.flip();
	}

	private static void decode(ByteBuffer b, MrcHeader h, float[] out, int offset, int n) {
		switch (h.mode()) {
			case 0 -> {
				for (int i = 0; i < n; i++)
					out[offset + i] = h.signedBytes() ? b.get() : b.get() & 0xff;
			}
			case 1 -> {
				for (int i = 0; i < n; i++)
					out[offset + i] = b.getShort();
			}
			case 6 -> {
				for (int i = 0; i < n; i++)
					out[offset + i] = b.getShort() & 0xffff;
			}
			case 12 -> {
				for (int i = 0; i < n; i++)
					out[offset + i] = halfToFloat(b.getShort());
			}
			default -> b.asFloatBuffer().get(out, offset, n);
		}
	}

	/** IEEE 754 binary16 to float (exact: every half is a float). */
	static float halfToFloat(short half) {
		int h = half & 0xffff;
		int sign = (h & 0x8000) << 16, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
		if (exp == 0x1f)
			return Float.intBitsToFloat(sign | 0x7f800000 | mant << 13);
		if (exp == 0) {
			float v = mant * 0x1p-24f; // subnormal (or zero)
			return sign == 0 ? v : -v;
		}
		return Float.intBitsToFloat(sign | (exp + 112) << 23 | mant << 13);
	}

	/** Angles from a FEI1/FEI2, legacy FEI or SerialEM extended header, if it holds them. */
	static Optional<double[]> extendedHeaderAngles(Path mrc, MrcHeader h, byte[] ext) {
		ByteBuffer b = ByteBuffer.wrap(ext).order(h.order());
		int nz = h.nz();
		String type = h.exttyp();
		if (type.equals("FEI1") || type.equals("FEI2")) {
			int record = ext.length >= 4 ? b.getInt(0) : 0;
			if (record < FEI_ALPHA_OFFSET + 8 || (long) record * nz > ext.length)
				throw new InvalidInputException(mrc, "its " + type + " extended header of " + ext.length + " bytes cannot hold " + nz + " records of " + record
					+ " bytes (record size at byte 0); the header does not fit the file");
			double[] a = new double[nz];
			for (int z = 0; z < nz; z++)
				a[z] = b.getDouble(z * record + FEI_ALPHA_OFFSET);
			return Optional.of(a);
		}
		boolean legacy = type.equals("AGAR") || type.isEmpty() && h.nint() == 0 && ext.length >= (long) LEGACY_RECORD * nz && ext.length % LEGACY_RECORD == 0 && ext.length > 0;
		if (legacy) {
			if ((long) LEGACY_RECORD * nz > ext.length)
				throw new InvalidInputException(mrc, "its FEI extended header of " + ext.length + " bytes cannot hold " + nz + " records of 128 bytes");
			double[] a = new double[nz];
			for (int z = 0; z < nz; z++)
				a[z] = b.getFloat(z * LEGACY_RECORD);
			return Optional.of(a);
		}
		boolean serialEm = (type.equals("SERI") || type.isEmpty()) && h.nint() > 0 && (h.nreal() & 1) != 0;
		if (serialEm) {
			if ((long) h.nint() * nz > ext.length)
				throw new InvalidInputException(mrc, "its SerialEM extended header of " + ext.length + " bytes cannot hold " + nz + " sections of " + h.nint() + " bytes");
			double[] a = new double[nz];
			for (int z = 0; z < nz; z++)
				a[z] = b.getShort(z * h.nint()) / 100.0;
			return Optional.of(a);
		}
		return Optional.empty();
	}

	/** One FEI1 record per section: its size at 0, the alpha tilt (degrees) at 100. */
	private static byte[] fei1Header(double[] angles, ByteOrder order) {
		ByteBuffer b = ByteBuffer.allocate(FEI1_RECORD * angles.length).order(order);
		for (int z = 0; z < angles.length; z++) {
			b.putInt(z * FEI1_RECORD, FEI1_RECORD);
			b.putDouble(z * FEI1_RECORD + FEI_ALPHA_OFFSET, angles[z]);
		}
		return b.array();
	}

	private static void write(OutputStream out, float[] data, int nx, int ny, int nz, Calibration cal, int ispg, byte[] ext, String exttyp, ByteOrder order) throws IOException {
		double pixelA = LengthUnits.angstrom(cal);
		boolean calibrated = Double.isFinite(pixelA) && pixelA > 0;
		double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0, sum2 = 0;
		for (float v : data) {
			min = Math.min(min, v);
			max = Math.max(max, v);
			sum += v;
			sum2 += (double) v * v;
		}
		double mean = sum / data.length;
		ByteBuffer h = ByteBuffer.allocate(MrcHeader.SIZE).order(order);
		h.putInt(0, nx).putInt(4, ny).putInt(8, nz).putInt(12, 2);
		h.putInt(28, nx).putInt(32, ny).putInt(36, nz);
		h.putFloat(40, calibrated ? (float) (nx * pixelA) : 0).putFloat(44, calibrated ? (float) (ny * pixelA) : 0).putFloat(48, calibrated ? (float) (nz * pixelA) : 0);
		h.putFloat(52, 90).putFloat(56, 90).putFloat(60, 90);
		h.putInt(64, 1).putInt(68, 2).putInt(72, 3);
		h.putFloat(76, (float) min).putFloat(80, (float) max).putFloat(84, (float) mean);
		h.putInt(88, ispg).putInt(92, ext.length);
		byte[] type = (exttyp + "    ").substring(0, 4).getBytes(StandardCharsets.US_ASCII);
		h.put(104, type).putInt(108, 20140);
		h.put(208, "MAP ".getBytes(StandardCharsets.US_ASCII));
		h.put(212, order == ByteOrder.LITTLE_ENDIAN ? new byte[] { 0x44, 0x44, 0, 0 } : new byte[] { 0x11, 0x11, 0, 0 });
		h.putFloat(216, (float) Math.sqrt(Math.max(0, sum2 / data.length - mean * mean)));
		h.putInt(220, 1);
		h.put(224, "fusedtomo".getBytes(StandardCharsets.US_ASCII));
		out.write(h.array());
		out.write(ext);
		ByteBuffer chunk = ByteBuffer.allocate(4 * Math.min(data.length, 1 << 16)).order(order);
		for (int i = 0; i < data.length;) {
			int n = Math.min(chunk.capacity() / 4, data.length - i);
			chunk.clear();
			chunk.asFloatBuffer().put(data, i, n);
			out.write(chunk.array(), 0, 4 * n);
			i += n;
		}
	}
}
