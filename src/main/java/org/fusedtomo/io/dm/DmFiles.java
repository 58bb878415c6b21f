package org.fusedtomo.io.dm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.io.DecodedStack;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.LengthUnits;
import org.fusedtomo.io.TiltAngles;
import org.fusedtomo.io.TiltSeriesFile;
import org.fusedtomo.io.dm.DmTags.ArrayRef;
import org.fusedtomo.io.dm.DmTags.Group;

/**
 * Gatan DigitalMicrograph DM3 and DM4 tilt series, read from the tag tree ({@link DmTags}).
 * <p>
 * The images are the entries of {@code ImageList} with {@code ImageData/Data}; thumbnails and colour
 * or complex images are skipped. A 3D image (x, y, tilt) is one series; otherwise every 2D image of
 * the largest size is one projection, in file order. The pixel size is {@code
 * ImageData/Calibrations/Dimension/[0]} Scale and Units (returned in nm when a length).
 * <p>
 * Tilt angles, in this order: the explicit angle file; a {@code .rawtlt}/{@code .tlt} sidecar; for a
 * 3D image the per-slice list {@code ImageTags/Meta Data/Dimension info/2/Data/<i>} (its Label
 * mentions tilt), else the third dimension's calibration when its unit is degrees (angle =
 * (i - Origin) x Scale); for separate images each one's {@code ImageTags/Microscope Info/Stage
 * Position/Stage Alpha}. The tilt axis is left as recorded (alignment finds it).
 * Cost: the whole file is read into memory once (files up to 2 GiB).
 */
public final class DmFiles {

	private DmFiles() {}

	/** One image of ImageList. */
	private record Image(Group tags, ArrayRef data, int[] dims) {

		/** The product of the dimensions, or Long.MAX_VALUE when it overflows. */
		long pixels() {
			long n = 1;
			for (int d : dims)
				n = Math.multiplyHigh(n, d) != 0 || n * d < 0 ? Long.MAX_VALUE : n * d;
			return n;
		}
	}

	/**
	 * The tilt series in {@code dm}; angles as the class comment says.
	 *
	 * @throws InvalidInputException naming the file and the problem
	 */
	public static TiltSeriesFile read(Path dm, Path angleFile) {
		byte[] bytes = readAll(dm);
		DmTags.Tree tree = DmTags.parse(dm, bytes);
		List<Image> images = images(dm, tree);
		String format = "DM" + tree.version();
		Image stack = images.stream().filter(i -> i.dims.length >= 3 && i.dims[2] > 1).findFirst().orElse(null);
		List<Image> projections;
		if (stack != null)
			projections = List.of(stack);
		else {
			Image largest = images.stream().max((a, c) -> Long.compare(a.pixels(), c.pixels())).get();
			projections = images.stream().filter(i -> i.dims[0] == largest.dims[0] && i.dims[1] == largest.dims[1]).toList();
		}
		Image first = projections.get(0);
		int w = first.dims[0], h = first.dims[1];
		int depth = stack != null ? stack.dims[2] : projections.size();
		DecodedStack.checkAllocatable(dm, "", w, h, depth);
		float[] data = new float[w * h * depth];
		int at = 0;
		for (Image im : projections)
			at = decode(dm, tree, im, data, at);
		DecodedStack s = new DecodedStack(dm, "", data, w, h, depth, calibration(tree, first.tags), typeName(first.data.type()));
		Path sidecar = angleFile != null ? angleFile : TiltAngles.findSidecar(dm).orElse(null);
		if (sidecar != null) {
			String from = sidecar.getFileName().toString();
			return TiltSeriesFile.single(dm, format, s.pixelType(), from, s.toSorted(TiltAngles.read(sidecar), from));
		}
		if (stack != null) {
			Optional<double[]> listed = dimensionInfoAngles(tree, stack.tags);
			if (listed.isPresent())
				return TiltSeriesFile.single(dm, format, s.pixelType(), "DM tags (Meta Data/Dimension info)", s.toSorted(listed.get(), "the DM tags"));
			Optional<double[]> calibrated = calibrationAngles(tree, stack.tags, depth);
			if (calibrated.isPresent())
				return TiltSeriesFile.single(dm, format, s.pixelType(), "DM tags (calibration of dimension 3)", s.toSorted(calibrated.get(), "the DM tags"));
			throw noAngles(dm);
		}
		double[] alpha = new double[projections.size()];
		for (int i = 0; i < alpha.length; i++)
			alpha[i] = projections.get(i).tags.number("ImageTags/Microscope Info/Stage Position/Stage Alpha").orElseThrow(() -> noAngles(dm));
		return TiltSeriesFile.single(dm, format, s.pixelType(), "DM tags (Stage Alpha of each image)", s.toSorted(alpha, "the DM tags"));
	}

	private static InvalidInputException noAngles(Path dm) {
		return new InvalidInputException(dm, "has no tilt angles in its DM tags (no Meta Data/Dimension info, degree calibration or Stage Alpha); put "
			+ TiltAngles.sidecarFor(dm).getFileName() + " next to it" + TiltAngles.ANGLE_FILE_HINT);
	}

	private static byte[] readAll(Path dm) {
		try {
			if (Files.size(dm) > Integer.MAX_VALUE - 8)
				throw new InvalidInputException(dm, "DM files over 2 GiB are not supported; export the series as MRC or TIFF");
			return Files.readAllBytes(dm);
		}
		catch (IOException e) {
			throw new InvalidInputException(dm, "cannot read the file: " + e.getMessage(), e);
		}
	}

	/** Greyscale images of ImageList with their dimensions; thumbnails of other types skipped. */
	private static List<Image> images(Path dm, DmTags.Tree tree) {
		Group list = tree.root().group("ImageList").orElseThrow(() -> new InvalidInputException(dm, "holds no ImageList tag group: not a DM image file"));
		List<Image> out = new ArrayList<>();
		List<String> skipped = new ArrayList<>();
		for (Group g : list.groups()) {
			Optional<Object> data = g.get("ImageData/Data");
			Optional<Group> dims = g.group("ImageData/Dimensions");
			int dataType = g.number("ImageData/DataType").orElse(-1.0).intValue();
			if (data.isEmpty() || dims.isEmpty() || !(data.get() instanceof ArrayRef ref))
				continue;
			if (!greyscale(dataType)) {
				skipped.add("data type " + dataType);
				continue;
			}
			int[] d = dimensions(dm, dims.get());
			if (d.length < 2)
				continue;
			if (Arrays.stream(d).anyMatch(v -> v <= 0))
				throw new InvalidInputException(dm, "holds an empty image stack (dimensions " + Arrays.toString(d) + ")");
			Image im = new Image(g, ref, d);
			// NB: before allocating, so a header claiming more pixels than the file holds fails at once.
			if (ref.count() != im.pixels())
				throw new InvalidInputException(dm, "DM image data holds " + ref.count() + " values but its dimensions " + Arrays.toString(d) + " need " + im.pixels()
					+ " (corrupt tags; save the image again from DigitalMicrograph)");
			out.add(im);
		}
		if (out.isEmpty())
			throw new InvalidInputException(dm, "holds no greyscale image" + (skipped.isEmpty() ? " (an empty stack)" : " (only " + String.join(", ", skipped) + ")"));
		return out;
	}

	/** The entries of ImageData/Dimensions, each a whole number from 0 to 2^31 - 1. */
	private static int[] dimensions(Path dm, Group dims) {
		if (dims.entries().size() > 16)
			throw new InvalidInputException(dm, "DM ImageData/Dimensions has " + dims.entries().size() + " entries (corrupt tags; images have 2 to 4)");
		int[] d = new int[dims.entries().size()];
		for (int i = 0; i < d.length; i++) {
			Object v = dims.entries().get(i).value();
			if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 0 || n.doubleValue() > Integer.MAX_VALUE)
				throw new InvalidInputException(dm, "DM ImageData/Dimensions entry " + i + " is " + (v instanceof Number ? v : "not a number") + " (corrupt tags; save the image again from DigitalMicrograph)");
			d[i] = n.intValue();
		}
		return d;
	}

	/** DM ImageData/DataType codes of real-valued greyscale images. */
	static boolean greyscale(int dataType) {
		return switch (dataType) {
			case 1, 2, 6, 7, 9, 10, 11, 12, 14 -> true;
			default -> false;
		};
	}

	/** Decodes one image's pixels into {@code out} from {@code at}; returns the next free index. */
	private static int decode(Path dm, DmTags.Tree tree, Image im, float[] out, int at) {
		long n = im.pixels();
		if (im.data.count() != n)
			throw new InvalidInputException(dm, "DM image data holds " + im.data.count() + " values but its dimensions " + Arrays.toString(im.dims) + " need " + n);
		if (at + n > out.length)
			throw new InvalidInputException(dm, "DM images differ in size; cannot stack them");
		ByteBuffer b = ByteBuffer.wrap(tree.bytes()).order(tree.order());
		int p = (int) im.data.offset();
		for (int i = 0; i < n; i++) {
			out[at + i] = switch (im.data.type()) {
				case DmTags.SHORT -> b.getShort(p + 2 * i);
				case DmTags.USHORT -> Short.toUnsignedInt(b.getShort(p + 2 * i));
				case DmTags.LONG -> b.getInt(p + 4 * i);
				case DmTags.ULONG -> Integer.toUnsignedLong(b.getInt(p + 4 * i));
				case DmTags.FLOAT -> b.getFloat(p + 4 * i);
				case DmTags.DOUBLE -> (float) b.getDouble(p + 8 * i);
				case DmTags.CHAR -> b.get(p + i);
				case DmTags.OCTET, DmTags.BOOL -> b.get(p + i) & 0xff;
				default -> throw new InvalidInputException(dm, "DM image data of value type " + im.data.type() + " is not supported");
			};
		}
		return (int) (at + n);
	}

	private static String typeName(int type) {
		return switch (type) {
			case DmTags.SHORT -> "int16";
			case DmTags.USHORT -> "uint16";
			case DmTags.LONG -> "int32";
			case DmTags.ULONG -> "uint32";
			case DmTags.FLOAT -> "float32";
			case DmTags.DOUBLE -> "float64";
			case DmTags.CHAR -> "int8";
			default -> "uint8";
		};
	}

	private static Calibration calibration(DmTags.Tree tree, Group image) {
		Optional<Group> dims = image.group("ImageData/Calibrations/Dimension");
		if (dims.isEmpty() || dims.get().groups().isEmpty())
			return Calibration.PIXEL;
		Group x = dims.get().groups().get(0);
		double scale = x.number("Scale").orElse(Double.NaN);
		String unit = x.get("Units").map(tree::text).orElse("");
		return LengthUnits.calibration(scale, unit);
	}

	/** {@code ImageTags/Meta Data/Dimension info/2/Data/<i>} when its Label mentions tilt. */
	private static Optional<double[]> dimensionInfoAngles(DmTags.Tree tree, Group image) {
		Optional<Group> info = image.group("ImageTags/Meta Data/Dimension info/2");
		if (info.isEmpty())
			return Optional.empty();
		Optional<Group> list = info.get().group("Data");
		String label = info.get().get("Label").map(tree::text).orElse("");
		if (list.isEmpty())
			return Optional.empty();
		double[] a = new double[list.get().entries().size()];
		Arrays.fill(a, Double.NaN);
		for (DmTags.Entry e : list.get().entries()) {
			int i;
			try {
				i = Integer.parseInt(e.label().strip());
			}
			catch (NumberFormatException ex) {
				return Optional.empty();
			}
			if (i < 0 || i >= a.length || !(e.value() instanceof Number v))
				return Optional.empty();
			a[i] = v.doubleValue();
		}
		if (!label.isEmpty() && !label.toLowerCase(Locale.ROOT).contains("tilt"))
			return Optional.empty();
		return Optional.of(a);
	}

	/** Angles from the third dimension's calibration when its unit is degrees: (i - Origin) x Scale. */
	private static Optional<double[]> calibrationAngles(DmTags.Tree tree, Group image, int depth) {
		Optional<Group> dims = image.group("ImageData/Calibrations/Dimension");
		if (dims.isEmpty() || dims.get().groups().size() < 3)
			return Optional.empty();
		Group z = dims.get().groups().get(2);
		String unit = z.get("Units").map(tree::text).orElse("").strip().toLowerCase(Locale.ROOT);
		if (!(unit.equals("deg") || unit.equals("°") || unit.startsWith("degree")))
			return Optional.empty();
		double origin = z.number("Origin").orElse(0.0), scale = z.number("Scale").orElse(Double.NaN);
		double[] a = new double[depth];
		for (int i = 0; i < depth; i++)
			a[i] = (i - origin) * scale;
		return Optional.of(a);
	}
}
