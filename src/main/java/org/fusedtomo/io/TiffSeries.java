package org.fusedtomo.io;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

import ij.ImagePlus;
import ij.ImageStack;
import ij.VirtualStack;
import ij.io.FileInfo;
import ij.io.FileOpener;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.io.TiffDecoder;
import ij.io.TiffEncoder;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.Elements;
import org.fusedtomo.data.MissingData;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;

/**
 * Tilt series and volumes as TIFF stacks, through ImageJ 1.x's TIFF codec (no GUI; works headless).
 * <ul>
 * <li>Reading accepts any greyscale TIFF ImageJ reads: 8, 16 (with its calibration function, e.g.
 * signed) or 32-bit, compressed or not, one IFD per slice or an ImageJ stack; pixels become 32-bit
 * floats. The pixel size and unit come from the TIFF's ImageJ calibration (the x pixel width; a
 * TIFF without one is in pixels). A tilt series takes its angles from an explicit angle file or
 * from the sidecar next to it ({@link TiltAngles#findSidecar}).</li>
 * <li>Writing produces a calibrated 32-bit ImageJ TIFF stack, bit-exact on reading back, atomically
 * through {@link AtomicFiles}; a tilt series also gets its {@code .rawtlt} sidecar in the same
 * transaction, and each slice is labelled with its angle.</li>
 * </ul>
 * Every problem with an input file is an {@link InvalidInputException} whose one-line message names
 * the file. Cost: one pass over the file; the image is held once as ImageJ slices and once as floats.
 */
public final class TiffSeries {

	/** Line of the ImageJ "Info" text holding the exact pixel size. */
	private static final String PIXEL_SIZE_KEY = "fusedtomo.pixelSize=";

	/**
	 * Line of the ImageJ "Info" text of a tilt series whose NaN pixels were not measured ({@link MissingData}, as
	 * align writes them): only such a file is read with NaN; elsewhere a NaN is refused, as nothing says what it means.
	 */
	static final String MISSING_LINE = "fusedtomo.missing=NaN";

	/**
	 * Line of the ImageJ "Info" text of a tilt series whose every value sums or averages b × b recorded pixels, written
	 * {@code fusedtomo.binning=b} when b > 1 by the commands that bin and write ({@code align --bin}, {@code maps --bin}), so
	 * that reading it back tells the count reader as {@code --bin} does ({@link TiltSeriesFile#binning}); a file
	 * without it reads as recorded.
	 */
	public static final String BINNING_KEY = "fusedtomo.binning=";

	private TiffSeries() {}

	/**
	 * A tilt series (x, y, angle) from a TIFF stack with angles from its sidecar.
	 *
	 * @throws InvalidInputException when the file or its angles cannot be used (see class comment)
	 */
	public static TiltSeries readTiltSeries(Path tiff) {
		return readTiltSeries(tiff, null);
	}

	/**
	 * A tilt series (x, y, angle) from a TIFF stack, with angles from {@code angleFile}, or from the
	 * sidecar when it is null. The angle count must equal the number of slices.
	 */
	public static TiltSeries readTiltSeries(Path tiff, Path angleFile) {
		return readFile(tiff, angleFile).haadf();
	}

	/**
	 * {@link #readTiltSeries(Path, Path)} with what {@code info} reports: pixel type and angle source.
	 * Projections are sorted stably by angle, repeated angles kept, as {@link DecodedStack} says. An
	 * ImageJ hyperstack whose only axis longer than one is channels or frames (as Python's tifffile
	 * writes a 3D array with {@code imagej=True}) is read as the series, with a note.
	 */
	public static TiltSeriesFile readFile(Path tiff, Path angleFile) {
		Decoded d = decode(tiff);
		DecodedStack s = d.stack();
		Path anglePath = angleFile;
		if (anglePath == null)
			anglePath = TiltAngles.findSidecar(tiff).orElseThrow(() -> new InvalidInputException(tiff, "has no tilt angles: put "
				+ TiltAngles.sidecarFor(tiff).getFileName() + " (one angle in degrees per line) next to it" + TiltAngles.ANGLE_FILE_HINT));
		String from = anglePath.getFileName().toString();
		TiltSeriesFile f = TiltSeriesFile.single(tiff, "TIFF", s.pixelType(), from, s.toSorted(TiltAngles.read(anglePath), from, d.missingMarked()))
			.withBinning(d.binning());
		return d.note() == null ? f : f.withNote(d.note());
	}

	/** A volume (x, y, z) from a TIFF stack (z = slices). */
	public static Volume readVolume(Path tiff) {
		return readStack(tiff).toVolume();
	}

	/**
	 * Writes {@code series} as a calibrated 32-bit TIFF stack at {@code tiff} and its angles to the
	 * {@code .rawtlt} beside it, both atomically.
	 */
	public static void writeTiltSeries(TiltSeries series, Path tiff, AtomicFiles files) {
		writeTiltSeries(series, tiff, 1, files);
	}

	/**
	 * {@link #writeTiltSeries(TiltSeries, Path, AtomicFiles)} of a series whose every value sums or averages
	 * {@code binning} × {@code binning} recorded pixels, which the file then says ({@link #BINNING_KEY}).
	 */
	public static void writeTiltSeries(TiltSeries series, Path tiff, int binning, AtomicFiles files) {
		String[] labels = new String[series.angleCount()];
		for (int i = 0; i < labels.length; i++)
			labels[i] = "tilt " + series.angleDeg(i) + " deg";
		ImagePlus imp = toImagePlus(tiff, series.data(), series.width(), series.height(), series.angleCount(), series.calibration(), labels);
		if (MissingData.any(series))
			markMissing(imp);
		markBinning(imp, binning);
		Map<Path, AtomicFiles.Content> out = new LinkedHashMap<>();
		out.put(tiff, stream -> new TiffEncoder(fileInfo(imp)).write(stream));
		out.put(TiltAngles.sidecarFor(tiff), stream -> stream.write(TiltAngles.format(series.anglesDeg()).getBytes(StandardCharsets.US_ASCII)));
		files.writeAll(out);
	}

	/**
	 * Marks the NaN pixels of the tilt series {@code imp} as not measured in its "Info" text ({@link #MISSING_LINE}), which
	 * ImageJ keeps in the TIFFs it saves: such a file reads back with them ({@link #readTiltSeries}).
	 */
	public static void markMissing(ImagePlus imp) {
		imp.setProperty("Info", (imp.getInfoProperty() == null ? "" : imp.getInfoProperty()) + MISSING_LINE + "\n");
	}

	/**
	 * Says in the "Info" text of the tilt series {@code imp} that each value sums or averages {@code binning} ×
	 * {@code binning} recorded pixels ({@link #BINNING_KEY}; nothing for 1), which ImageJ keeps in the TIFFs it saves.
	 */
	public static void markBinning(ImagePlus imp, int binning) {
		if (binning < 1)
			throw new IllegalArgumentException("Binning must be at least 1, got " + binning);
		if (binning > 1)
			imp.setProperty("Info", (imp.getInfoProperty() == null ? "" : imp.getInfoProperty()) + BINNING_KEY + binning + "\n");
	}

	/**
	 * The binning an "Info" text says ({@link #BINNING_KEY}), 1 when it says none.
	 *
	 * @throws IllegalArgumentException when the line holds no whole number of at least 1
	 */
	public static int binningOf(String info) {
		if (info == null)
			return 1;
		for (String line : info.split("\\R"))
			if (line.startsWith(BINNING_KEY)) {
				String v = line.substring(BINNING_KEY.length()).strip();
				try {
					int b = Integer.parseInt(v);
					if (b >= 1)
						return b;
				}
				catch (NumberFormatException e) {
					// NB: refused below with the value.
				}
				throw new IllegalArgumentException("says " + BINNING_KEY + v + " in its ImageJ Info text; the binning must be a whole number of at least 1");
			}
		return 1;
	}

	/** Writes {@code volume} as a calibrated 32-bit TIFF stack (slices = z) at {@code tiff}, atomically. */
	public static void writeVolume(Volume volume, Path tiff, AtomicFiles files) {
		float[] data = volume.data();
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		for (float v : data)
			if (Float.isFinite(v)) {
				min = Math.min(min, v);
				max = Math.max(max, v);
			}
		int plane = volume.width() * volume.height();
		// NB: the plane writer holds one plane at a time instead of a second copy of the volume.
		writeVolume(volume.width(), volume.height(), volume.depth(), volume.calibration(), z -> Arrays.copyOfRange(data, z * plane, (z + 1) * plane), min, max, tiff,
			files);
	}

	/**
	 * Writes a {@code w x h x depth} volume given plane by plane, the same file as {@link #writeVolume(Volume, Path, AtomicFiles)}
	 * writes for the same voxels, holding one plane at a time: for volumes that are never whole in memory
	 * (assembled from slabs written by separate tasks). {@code planeZ} gives plane z (0-based; w x h floats, x
	 * fastest) and may be called more than once for a plane; {@code min} and {@code max} are the finite voxels'
	 * range (the display range stored in the file; none when min > max).
	 */
	public static void writeVolume(int w, int h, int depth, Calibration calibration, IntFunction<float[]> planeZ, float min, float max, Path tiff, AtomicFiles files) {
		VirtualStack stack = new VirtualStack(w, h, depth) {

			@Override
			public ImageProcessor getProcessor(int n) {
				return new FloatProcessor(w, h, planeZ.apply(n - 1));
			}

			@Override
			public Object getPixels(int n) {
				return planeZ.apply(n - 1);
			}

			@Override
			public int getSize() {
				return depth;
			}

			@Override
			public String getSliceLabel(int n) {
				return null;
			}
		};
		ImagePlus imp = new ImagePlus(tiff.getFileName().toString(), stack);
		calibrate(imp, depth, min, max, calibration);
		FileInfo fi = fileInfo(imp);
		// NB: ImageWriter then asks the stack for one plane at a time instead of reading fi.pixels.
		fi.virtualStack = stack;
		files.write(tiff, stream -> new TiffEncoder(fi).write(stream));
	}

	/** Writes each volume as {@code <dir>/<El>.tif} (the ground-truth layout of {@code --truth DIR}). */
	public static void writeElementVolumes(Map<String, Volume> volumes, Path dir, AtomicFiles files) {
		for (Map.Entry<String, Volume> e : volumes.entrySet())
			writeVolume(e.getValue(), dir.resolve(e.getKey() + ".tif"), files);
	}

	/**
	 * The volumes {@code <dir>/<El>.tif} (or {@code .tiff}) whose base name is an element symbol or HAADF, by
	 * symbol in alphabetical order; other files are ignored.
	 *
	 * @throws InvalidInputException when {@code dir} is no directory, holds none, or one is unusable
	 */
	public static Map<String, Volume> readElementVolumes(Path dir) {
		if (!Files.isDirectory(dir))
			throw new InvalidInputException(dir, "is not a directory of <Element>.tif volumes");
		Map<String, Path> found = new TreeMap<>();
		try (DirectoryStream<Path> list = Files.newDirectoryStream(dir, "*.{tif,tiff}")) {
			for (Path p : list) {
				String name = p.getFileName().toString();
				String base = name.substring(0, name.lastIndexOf('.'));
				// NB: HAADF.tif is the truth of the HAADF signal Σ Z^γ ρ, written by the simulator.
				if (Elements.isElement(base) || base.equals("HAADF"))
					found.put(base, p);
			}
		}
		catch (IOException e) {
			throw new InvalidInputException(dir, "cannot list the directory: " + e.getMessage(), e);
		}
		if (found.isEmpty())
			throw new InvalidInputException(dir, "holds no <Element>.tif volumes (e.g. Fe.tif)");
		Map<String, Volume> volumes = new LinkedHashMap<>();
		for (Map.Entry<String, Path> e : found.entrySet())
			volumes.put(e.getKey(), readVolume(e.getValue()));
		return volumes;
	}

	private static DecodedStack readStack(Path tiff) {
		return decode(tiff).stack();
	}

	/**
	 * The pixels of a TIFF, for a hyperstack read as a plain stack a note saying so (else null), and whether the
	 * file marks its NaN pixels as not measured ({@link #MISSING_LINE}).
	 */
	private record Decoded(DecodedStack stack, String note, boolean missingMarked, int binning) {}

	private static Decoded decode(Path tiff) {
		checkTiffHeader(tiff);
		boolean signedBytes = TiffStructure.checkIfdChain(tiff).signedBytes();
		Path abs = tiff.toAbsolutePath();
		FileInfo[] info;
		try {
			info = new TiffDecoder(abs.getParent().toString() + File.separator, abs.getFileName().toString()).getTiffInfo();
		}
		catch (IOException | RuntimeException e) {
			throw new InvalidInputException(tiff, "unreadable TIFF: " + e.getMessage(), e);
		}
		if (info == null || info.length == 0)
			throw new InvalidInputException(tiff, "contains no images (empty TIFF stack)");
		for (FileInfo fi : info)
			if (isColour(fi))
				throw new InvalidInputException(tiff, "is a colour (RGB) image; tilt series and volumes must be greyscale 8, 16 or 32-bit: split the channels first");
		checkComplete(tiff, info);
		checkMemory(tiff, info);
		TiffStructure.checkDeflatedStrips(tiff, info);
		TiffStructure.checkLzwStrips(tiff, info);
		ImagePlus imp;
		try {
			imp = info.length > 1 ? new Opener().openTiffStack(info) : new FileOpener(info[0]).openImage();
		}
		catch (RuntimeException e) {
			throw new InvalidInputException(tiff, "unreadable TIFF: " + e, e);
		}
		if (imp == null || imp.getStackSize() == 0)
			throw new InvalidInputException(tiff, "unreadable TIFF: ImageJ could not decode its pixels");
		if (imp.getType() == ImagePlus.COLOR_RGB)
			throw new InvalidInputException(tiff, "is a colour (RGB) image; tilt series and volumes must be greyscale 8, 16 or 32-bit: split the channels first");
		String text = imp.getInfoProperty();
		int binning;
		try {
			binning = binningOf(text);
		}
		catch (IllegalArgumentException e) {
			throw new InvalidInputException(tiff, e.getMessage(), e);
		}
		return new Decoded(toStack(tiff, imp, signedBytes), hyperstackNote(tiff, imp), text != null && text.lines().anyMatch(MISSING_LINE::equals), binning);
	}

	/**
	 * Null for a plain stack; for a hyperstack with one axis longer than one, a note naming that axis.
	 *
	 * @throws InvalidInputException for a hyperstack with two or more axes longer than one
	 */
	private static String hyperstackNote(Path tiff, ImagePlus imp) {
		int c = imp.getNChannels(), z = imp.getNSlices(), t = imp.getNFrames();
		int longer = (c > 1 ? 1 : 0) + (z > 1 ? 1 : 0) + (t > 1 ? 1 : 0);
		if (longer > 1)
			throw new InvalidInputException(tiff, "is a hyperstack of " + c + " channels x " + z + " slices x " + t
				+ " frames; a tilt series or volume has one axis of images: save each channel (or time point) as its own stack");
		if (c > 1)
			return tiff.getFileName() + " is an ImageJ hyperstack with " + c + " channels and no other axis: read its channels as the " + c + " images";
		if (t > 1)
			return tiff.getFileName() + " is an ImageJ hyperstack with " + t + " frames and no other axis: read its frames as the " + t + " images";
		return null;
	}

	private static void checkTiffHeader(Path tiff) {
		if (Files.isDirectory(tiff))
			throw new InvalidInputException(tiff, "is a directory, expected a TIFF file");
		if (!Files.isRegularFile(tiff))
			throw new InvalidInputException(tiff, "file not found");
		byte[] h = new byte[4];
		int n;
		try (InputStream in = Files.newInputStream(tiff)) {
			n = in.readNBytes(h, 0, 4);
		}
		catch (IOException e) {
			throw new InvalidInputException(tiff, "cannot read the file: " + e.getMessage(), e);
		}
		if (n < 4)
			throw new InvalidInputException(tiff, "is not a TIFF file (only " + n + " bytes long)");
		boolean intel = h[0] == 'I' && h[1] == 'I', motorola = h[0] == 'M' && h[1] == 'M';
		int magic = intel ? (h[2] & 0xff) | (h[3] & 0xff) << 8 : (h[2] & 0xff) << 8 | (h[3] & 0xff);
		if ((intel || motorola) && magic == 43)
			throw new InvalidInputException(tiff, "is a BigTIFF, which ImageJ 1.x cannot read; save it as a standard TIFF");
		if (!(intel || motorola) || magic != 42)
			throw new InvalidInputException(tiff, "is not a TIFF file (no TIFF header)");
	}

	private static boolean isColour(FileInfo fi) {
		return switch (fi.fileType) {
			case FileInfo.RGB, FileInfo.BGR, FileInfo.ARGB, FileInfo.ABGR, FileInfo.BARG, FileInfo.RGB_PLANAR, FileInfo.RGB48, FileInfo.RGB48_PLANAR, FileInfo.CMYK -> true;
			default -> false;
		};
	}

	/** Throws when the pixel data the IFDs point to runs past the end of the file. */
	private static void checkComplete(Path tiff, FileInfo[] info) {
		long length;
		try {
			length = Files.size(tiff);
		}
		catch (IOException e) {
			throw new InvalidInputException(tiff, "cannot read the file size: " + e.getMessage(), e);
		}
		long needed = 0;
		for (FileInfo fi : info) {
			long end;
			long imageBytes = (long) fi.width * fi.height * fi.getBytesPerPixel();
			if (fi.nImages > 1) {
				// An ImageJ stack: one IFD describes nImages contiguous images.
				end = fi.getOffset() + fi.nImages * imageBytes + (fi.nImages - 1) * fi.getGap();
			}
			else if (fi.stripOffsets != null && fi.stripLengths != null && fi.stripOffsets.length > 0) {
				end = 0;
				for (int i = 0; i < fi.stripOffsets.length && i < fi.stripLengths.length; i++)
					end = Math.max(end, Integer.toUnsignedLong(fi.stripOffsets[i]) + Integer.toUnsignedLong(fi.stripLengths[i]));
			}
			else
				end = fi.getOffset() + imageBytes;
			needed = Math.max(needed, end);
		}
		if (needed > length)
			throw new InvalidInputException(tiff, "is truncated: its images need " + needed + " bytes but the file has only " + length + " (an interrupted copy or download?)");
	}

	/** Throws when ImageJ's pixels and their float copy would not fit in the heap. */
	private static void checkMemory(Path tiff, FileInfo[] info) {
		long n = 0, bytes = 0;
		for (FileInfo fi : info) {
			long images = Math.max(1, fi.nImages);
			n += images;
			bytes += images * fi.width * fi.height * (4L + fi.getBytesPerPixel());
		}
		DecodedStack.checkSize(tiff, "", info[0].width, info[0].height, n);
		DecodedStack.checkMemory(tiff, "stack " + info[0].width + " x " + info[0].height + " x " + n, bytes);
	}

	/**
	 * The pixels of {@code imp} as floats; {@code signedBytes}: the file's 8-bit samples are signed (TIFF SampleFormat
	 * 2, numpy's int8 as tifffile writes it), which ImageJ reads as unsigned.
	 */
	private static DecodedStack toStack(Path tiff, ImagePlus imp, boolean signedBytes) {
		int w = imp.getWidth(), h = imp.getHeight();
		ImageStack stack = imp.getStack();
		int n = stack.getSize();
		if ((long) w * h * n > Integer.MAX_VALUE - 8)
			throw new IllegalArgumentException("Stack " + w + " x " + h + " x " + n + " has more than 2^31 pixels; bin it first");
		float[] data = new float[w * h * n];
		ij.measure.Calibration cal = imp.getCalibration();
		// NB: 8/16-bit values go through the calibration table, e.g. signed 16-bit is stored with an offset.
		boolean signed = signedBytes && imp.getBitDepth() == 8;
		float[] table = imp.getBitDepth() == 32 || signed ? null : cal.getCTable();
		for (int z = 0; z < n; z++) {
			ImageProcessor ip = stack.getProcessor(z + 1);
			int off = z * w * h;
			for (int i = 0; i < w * h; i++) {
				float v = ip.getf(i);
				data[off + i] = signed ? (byte) (int) v : table == null ? v : table[(int) v];
			}
		}
		String type = switch (imp.getBitDepth()) {
			case 8 -> signed ? "int8" : "uint8";
			case 16 -> table != null && table.length > 0 && table[0] < 0 ? "int16" : "uint16";
			default -> "float32";
		};
		return new DecodedStack(tiff, "", data, w, h, n, calibration(cal, imp.getInfoProperty()), type);
	}

	/**
	 * The calibration of a TIFF. The TIFF resolution tags are rationals that ImageJ rounds (0.75 reads back
	 * as 0.7500002), so our writer also records the exact size in the ImageJ "Info" text; that value wins
	 * when it agrees with the tags to 1e-5, i.e. when nobody recalibrated the image since.
	 */
	private static Calibration calibration(ij.measure.Calibration cal, String info) {
		if (!cal.scaled() || !(cal.pixelWidth > 0) || !Double.isFinite(cal.pixelWidth))
			return Calibration.PIXEL;
		String unit = cal.getUnit();
		double size = cal.pixelWidth;
		double exact = exactPixelSize(info);
		if (Math.abs(exact - size) <= 1e-5 * size)
			size = exact;
		return new Calibration(size, unit == null || unit.isBlank() ? "pixel" : unit);
	}

	private static double exactPixelSize(String info) {
		if (info == null)
			return Double.NaN;
		for (String line : info.split("\\R"))
			if (line.startsWith(PIXEL_SIZE_KEY)) {
				try {
					return Double.parseDouble(line.substring(PIXEL_SIZE_KEY.length()).strip());
				}
				catch (NumberFormatException e) {
					return Double.NaN;
				}
			}
		return Double.NaN;
	}

	private static ImagePlus toImagePlus(Path file, float[] data, int w, int h, int n, Calibration calibration, String[] labels) {
		ImageStack stack = new ImageStack(w, h);
		float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
		for (int z = 0; z < n; z++) {
			float[] slice = new float[w * h];
			System.arraycopy(data, z * w * h, slice, 0, w * h);
			for (float v : slice)
				if (Float.isFinite(v)) {
					min = Math.min(min, v);
					max = Math.max(max, v);
				}
			stack.addSlice(labels == null ? null : labels[z], new FloatProcessor(w, h, slice));
		}
		ImagePlus imp = new ImagePlus(file.getFileName().toString(), stack);
		calibrate(imp, n, min, max, calibration);
		return imp;
	}

	/** One stack of n slices, its display range (when min <= max) and its calibration, as the files store them. */
	private static void calibrate(ImagePlus imp, int n, float min, float max, Calibration calibration) {
		imp.setDimensions(1, n, 1);
		if (min <= max)
			imp.setDisplayRange(min, max);
		if (!calibration.equals(Calibration.PIXEL)) {
			ij.measure.Calibration cal = new ij.measure.Calibration();
			cal.pixelWidth = cal.pixelHeight = cal.pixelDepth = calibration.pixelSize();
			cal.setUnit(calibration.unit());
			imp.setCalibration(cal);
			imp.setProperty("Info", PIXEL_SIZE_KEY + calibration.pixelSize() + "\n");
		}
	}

	/** What ImageJ's FileSaver would encode for a stack, without its dialogs and error pop-ups. */
	private static FileInfo fileInfo(ImagePlus imp) {
		FileInfo fi = imp.getFileInfo();
		fi.info = imp.getInfoProperty();
		fi.description = new FileSaver(imp).getDescriptionString();
		fi.sliceLabels = imp.getStack().getSliceLabels();
		if (imp.getStackSize() == 1) {
			fi.nImages = 1;
			String label = imp.getStack().getSliceLabel(1);
			fi.sliceLabels = label == null ? null : new String[] { label };
		}
		return fi;
	}
}
