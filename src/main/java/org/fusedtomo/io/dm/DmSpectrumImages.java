package org.fusedtomo.io.dm;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import org.fusedtomo.io.FileChannels;
import org.fusedtomo.data.Calibration;
import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.LengthUnits;
import org.fusedtomo.io.dm.DmTags.ArrayRef;
import org.fusedtomo.io.dm.DmTags.Group;
import org.fusedtomo.spectra.EnergyAxis;
import org.fusedtomo.spectra.SpectrumImage;

/**
 * Gatan DigitalMicrograph DM3/DM4 spectrum images (issue 18): the 3D images of {@code ImageList} with
 * one dimension calibrated in energy ({@code ImageData/Calibrations/Dimension/[i]} Units "eV" or
 * "keV"); the energy of channel c is (c - Origin)·Scale. DM stores the energy dimension either first
 * (x fastest is then energy: (energy, x, y)) or last ((x, y, energy), one energy plane after another);
 * both are read. The pixel size is the first spatial dimension's Scale and Units; the tilt is {@code
 * ImageTags/Microscope Info/Stage Position/Stage Alpha} (degrees); the kind is EDS when {@code
 * ImageTags/Meta Data/Signal} names X-rays or EDS, else EELS. The other 2D greyscale images of the file
 * are its images, named by their {@code Name} tag.
 * <p>
 * Stream: the tag tree is parsed from the file through a small window, skipping the arrays, so files
 * over 2 GiB work; {@link SpectrumImage#scan} then reads one row of spectra at a time from the file.
 */
public final class DmSpectrumImages {

	private DmSpectrumImages() {}

	/**
	 * The spectrum images in {@code dm}.
	 *
	 * @throws InvalidInputException naming the file when it is not a DM file, is truncated or holds no spectrum image
	 */
	public static List<SpectrumImage> read(Path dm) {
		DmTags.Tree tree = DmTags.parse(dm);
		Group list = tree.root().group("ImageList").orElseThrow(() -> new InvalidInputException(dm, "holds no ImageList tag group: not a DM image file"));
		List<SpectrumImage> out = new ArrayList<>();
		Map<String, SpectrumImage.SurveyImage> images = new LinkedHashMap<>();
		List<String> seen = new ArrayList<>();
		for (Group g : list.groups()) {
			if (!(g.get("ImageData/Data").orElse(null) instanceof ArrayRef data) || g.group("ImageData/Dimensions").isEmpty())
				continue;
			int[] dims = g.group("ImageData/Dimensions").get().entries().stream().mapToInt(e -> ((Number) e.value()).intValue()).toArray();
			int dataType = g.number("ImageData/DataType").orElse(-1.0).intValue();
			if (!DmFiles.greyscale(dataType))
				continue;
			seen.add(Arrays.toString(dims));
			if (dims.length == 2)
				images.putIfAbsent(name(tree, g, images.size()), surveyImage(dm, tree, g, data, dims, name(tree, g, images.size())));
			else if (dims.length == 3)
				spectrumImage(dm, tree, g, data, dims).ifPresent(out::add);
		}
		if (out.isEmpty())
			throw new InvalidInputException(dm, "is not a spectrum image: it holds no 3D image with an energy dimension (Units eV) among its images " + seen);
		Map<String, SpectrumImage.SurveyImage> survey = Map.copyOf(images);
		return out.stream().map(s -> (SpectrumImage) ((Cube) s).withImages(survey)).toList();
	}

	private static String name(DmTags.Tree tree, Group g, int index) {
		String n = g.get("Name").map(tree::text).orElse("").strip();
		return n.isEmpty() ? "image " + (index + 1) : n;
	}

	private static Optional<SpectrumImage> spectrumImage(Path dm, DmTags.Tree tree, Group g, ArrayRef data, int[] dims) {
		List<Group> cal = g.group("ImageData/Calibrations/Dimension").map(Group::groups).orElse(List.of());
		int energyDim = -1;
		double perKeV = 0;
		for (int i = 0; i < cal.size() && i < 3; i++) {
			String unit = cal.get(i).get("Units").map(tree::text).orElse("").strip().toLowerCase(Locale.ROOT);
			if (unit.equals("ev") || unit.equals("kev")) {
				energyDim = i;
				perKeV = unit.equals("ev") ? 1000 : 1;
			}
		}
		if (energyDim < 0)
			return Optional.empty();
		if (energyDim == 1)
			throw new InvalidInputException(dm, "DM spectrum image " + Arrays.toString(dims) + " has its energy in the middle dimension; only (energy, x, y) and (x, y, energy) are read");
		long n = (long) dims[0] * dims[1] * dims[2];
		if (data.count() != n)
			throw new InvalidInputException(dm, "DM image data holds " + data.count() + " values but its dimensions " + Arrays.toString(dims) + " need " + n);
		Group e = cal.get(energyDim);
		double origin = e.number("Origin").orElse(0.0), scale = e.number("Scale").orElse(Double.NaN);
		if (!(scale > 0))
			throw new InvalidInputException(dm, "DM spectrum image has energy scale " + scale + " (expected a positive eV per channel)");
		int channels = dims[energyDim];
		int xDim = energyDim == 0 ? 1 : 0;
		EnergyAxis axis = new EnergyAxis(-origin * scale / perKeV, scale / perKeV, channels);
		Group x = cal.get(xDim);
		Calibration c = LengthUnits.calibration(x.number("Scale").orElse(Double.NaN), x.get("Units").map(tree::text).orElse(""));
		OptionalDouble tilt = g.number("ImageTags/Microscope Info/Stage Position/Stage Alpha").map(OptionalDouble::of).orElse(OptionalDouble.empty());
		String signal = g.get("ImageTags/Meta Data/Signal").map(tree::text).orElse("").toUpperCase(Locale.ROOT);
		SpectrumImage.SpectrumKind kind = signal.contains("X-RAY") || signal.contains("EDS") || signal.contains("EDX") ? SpectrumImage.SpectrumKind.EDS : SpectrumImage.SpectrumKind.EELS;
		return Optional.of(new Cube(dm, dims[xDim], dims[xDim + 1], axis, kind, c, tilt, energyDim == 0, data.type(), data.offset(), tree.order(), Map.of()));
	}

	private static SpectrumImage.SurveyImage surveyImage(Path dm, DmTags.Tree tree, Group g, ArrayRef data, int[] dims, String name) {
		int w = dims[0], h = dims[1];
		if (data.count() != (long) w * h)
			throw new InvalidInputException(dm, "DM image '" + name + "' holds " + data.count() + " values but its dimensions " + Arrays.toString(dims) + " need " + (long) w * h);
		float[] px = new float[w * h];
		try (FileChannel ch = FileChannel.open(dm, StandardOpenOption.READ)) {
			ByteBuffer b = ByteBuffer.allocate(w * h * bytes(data.type())).order(tree.order());
			readFully(dm, ch, b, data.offset());
			for (int i = 0; i < px.length; i++)
				px[i] = value(dm, b, data.type());
		}
		catch (IOException e) {
			throw new InvalidInputException(dm, "cannot read DM image '" + name + "': " + e.getMessage(), e);
		}
		Group x = g.group("ImageData/Calibrations/Dimension").map(Group::groups).filter(l -> !l.isEmpty()).map(l -> l.get(0)).orElse(null);
		Calibration c = x == null ? Calibration.PIXEL : LengthUnits.calibration(x.number("Scale").orElse(Double.NaN), x.get("Units").map(tree::text).orElse(""));
		return new SpectrumImage.SurveyImage(name, w, h, px, c);
	}

	/** One value of DM type {@code type} at the buffer's position, advancing it. */
	private static float value(Path dm, ByteBuffer b, int type) {
		return switch (type) {
			case DmTags.SHORT -> b.getShort();
			case DmTags.USHORT -> Short.toUnsignedInt(b.getShort());
			case DmTags.LONG -> b.getInt();
			case DmTags.ULONG -> Integer.toUnsignedLong(b.getInt());
			case DmTags.FLOAT -> b.getFloat();
			case DmTags.DOUBLE -> (float) b.getDouble();
			case DmTags.CHAR -> b.get();
			case DmTags.OCTET, DmTags.BOOL -> b.get() & 0xff;
			default -> throw new InvalidInputException(dm, "DM image data of value type " + type + " is not supported");
		};
	}

	/** Fills {@code b} from byte {@code at} of the file and flips it for reading. */
	private static void readFully(Path file, FileChannel ch, ByteBuffer b, long at) throws IOException {
		b.clear();
		try {
			FileChannels.readFully(ch, b, at);
		}
		catch (EOFException e) {
			throw new EOFException(file + ": is truncated: the DM image data ends at byte " + (at + b.position()));
		}
		b.flip();
	}

	private static int bytes(int type) {
		return switch (type) {
			case DmTags.SHORT, DmTags.USHORT -> 2;
			case DmTags.LONG, DmTags.ULONG, DmTags.FLOAT -> 4;
			case DmTags.DOUBLE -> 8;
			default -> 1;
		};
	}

	/** A DM spectrum image, read from the file one row of pixels at a time. */
	private record Cube(Path file, int width, int height, EnergyAxis energyAxis, SpectrumKind kind, Calibration calibration, OptionalDouble tiltDeg, boolean energyFirst,
		int type, long offset, ByteOrder order, Map<String, SurveyImage> survey) implements SpectrumImage {

		Cube withImages(Map<String, SurveyImage> images) {
			return new Cube(file, width, height, energyAxis, kind, calibration, tiltDeg, energyFirst, type, offset, order, images);
		}

		@Override
		public String source() {
			return file.toString();
		}

		@Override
		public Map<String, SurveyImage> images() {
			return survey;
		}

		@Override
		public void scan(PixelVisitor visitor) throws IOException {
			int channels = energyAxis.channels(), size = bytes(type);
			float[] row = new float[width * channels];
			float[] spectrum = new float[channels];
			try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
				ByteBuffer buf = ByteBuffer.allocate(width * channels * size).order(order);
				ByteBuffer line = ByteBuffer.allocate(width * size).order(order);
				for (int y = 0; y < height; y++) {
					if (Thread.currentThread().isInterrupted())
						throw new java.io.InterruptedIOException(file + ": reading cancelled");
					if (energyFirst) {
						// (energy, x, y): a row's spectra are contiguous.
						read(ch, buf, offset + (long) y * width * channels * size);
						for (int i = 0; i < row.length; i++)
							row[i] = value(file, buf, type);
					}
					else {
						// (x, y, energy): the row lies in every energy plane.
						for (int c = 0; c < channels; c++) {
							read(ch, line, offset + ((long) c * height + y) * width * size);
							for (int x = 0; x < width; x++)
								row[x * channels + c] = value(file, line, type);
						}
					}
					for (int x = 0; x < width; x++) {
						System.arraycopy(row, x * channels, spectrum, 0, channels);
						visitor.pixel(x, y, spectrum);
					}
				}
			}
		}

		private void read(FileChannel ch, ByteBuffer b, long at) throws IOException {
			readFully(file, ch, b, at);
		}
	}
}
