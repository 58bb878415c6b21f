package org.fusedtomo.imglib;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.fusedtomo.align.CrossCorrelationOptions;
import org.fusedtomo.align.RepeatAveraging;
import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.Elements;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.SeriesChecks;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.AngleRange;
import org.fusedtomo.geometry.RepeatedTilts;

/**
 * Converts between the ImgLib2 images of command parameters and core data, and parses the text
 * parameters that go with them. A tilt-series image is (x, y, angle), or (x, y, angle, element) for
 * one chemical series per element sharing the angles; a volume image is (x, y, z), or (x, y, z, element).
 * Images are copied into the contiguous layout of the core, so any {@link RandomAccessibleInterval} works.
 */
public final class TiltSeriesImgs {

	private TiltSeriesImgs() {}

	/**
	 * Tilt angles in degrees from text: numbers separated by commas, semicolons or white space
	 * ("-60, -45, 0"), or one range {@code first:last:step} ("-70:70:3").
	 *
	 * @throws IllegalArgumentException naming the text when it holds no angle or a word that is not a number
	 */
	public static double[] parseAngles(String text) {
		if (text == null || text.isBlank())
			throw new IllegalArgumentException("No tilt angles given; list them in degrees (\"-60, -45, 0\") or as a range first:last:step (\"-70:70:3\")");
		String t = text.trim().replace("[", "").replace("]", "");
		if (AngleRange.isRange(t))
			return AngleRange.parse("Tilt angles", t);
		try {
			return java.util.Arrays.stream(t.split("[,;\\s]+")).filter(s -> !s.isEmpty()).mapToDouble(Double::parseDouble).toArray();
		}
		catch (NumberFormatException e) {
			throw new IllegalArgumentException("Tilt angles '" + text + "' hold a word that is not a number (" + e.getMessage() + "); use degrees separated by commas");
		}
	}

	/** The angles as the text {@link #parseAngles} reads, comma-separated, shortest exact decimals. */
	public static String formatAngles(double[] anglesDeg) {
		StringBuilder b = new StringBuilder();
		for (double a : anglesDeg) {
			if (b.length() > 0)
				b.append(',');
			b.append(a == Math.rint(a) && Math.abs(a) < 1e15 ? Long.toString((long) a) : Double.toString(a));
		}
		return b.toString();
	}

	/**
	 * Element symbols from text separated by commas or white space ("Co, Mn, O").
	 *
	 * @throws IllegalArgumentException when a symbol is unknown or repeated, or there are none
	 */
	public static List<String> parseElements(String text) {
		List<String> out = new ArrayList<>();
		if (text != null)
			for (String s : text.trim().split("[,;\\s]+"))
				if (!s.isEmpty()) {
					if (!Elements.isElement(s))
						throw new IllegalArgumentException("Element '" + s + "' in '" + text + "' is not a periodic-table symbol; use e.g. Co, Mn, O");
					if (out.contains(s))
						throw new IllegalArgumentException("Element " + s + " is named twice in '" + text + "'");
					out.add(s);
				}
		if (out.isEmpty())
			throw new IllegalArgumentException("No element symbols given; list one per chemical channel, e.g. \"Co, Mn, O\"");
		return out;
	}

	/**
	 * {@code series} with the exposures of each repeated tilt aligned to each other and averaged
	 * ({@link RepeatAveraging}) when {@code average} is set and some tilt repeats; else {@code series}
	 * itself. Tells {@code log} what it averaged.
	 */
	public static TiltSeries averageRepeats(TiltSeries series, boolean average, String name, Consumer<String> log) {
		RepeatedTilts tilts = RepeatedTilts.of(series.geometry());
		if (!average || !tilts.hasRepeats())
			return series;
		log.accept(name + ": averaged the aligned exposures of each tilt: " + tilts.summary());
		return RepeatAveraging.average(series, CrossCorrelationOptions.DEFAULT).averaged();
	}

	/** Number of channels (elements) of a 3D or 4D image: 1 or its fourth dimension. */
	public static int channels(RandomAccessibleInterval<FloatType> img) {
		checkDimensions(img, "image");
		return img.numDimensions() == 3 ? 1 : (int) img.dimension(3);
	}

	/**
	 * One tilt series per channel of a (x, y, angle) or (x, y, angle, channel) image, copied. An image of
	 * one slice whose channels are as many as the angles (a 3D array saved by Python's tifffile with
	 * {@code imagej=True}: the projections on the channel axis) is the one series (x, y, channel).
	 *
	 * @throws IllegalArgumentException when the image is not 3D/4D or the angle count differs from its depth
	 */
	public static List<TiltSeries> tiltSeries(RandomAccessibleInterval<FloatType> img, double[] anglesDeg, Calibration calibration) {
		// NB: radians given as degrees (numpy's deg2rad) were reconstructed as a series of a degree or two; as the command line's readers.
		String radians = SeriesChecks.radiansProblem(anglesDeg, true);
		if (radians != null)
			throw new IllegalArgumentException("Tilt angles: " + radians);
		img = channelsAsAngles(img, anglesDeg.length);
		List<TiltSeries> out = new ArrayList<>();
		for (ArrayImg<FloatType, FloatArray> c : channelCopies(img)) {
			if (c.dimension(2) != anglesDeg.length)
				throw new IllegalArgumentException("The tilt series has " + c.dimension(2) + " projections but " + anglesDeg.length
					+ " tilt angles were given; give one angle per slice");
			out.add(new TiltSeries(c, anglesDeg, calibration));
		}
		return out;
	}

	/** The single tilt series of a (x, y, angle) image; refuses a multi-channel image. */
	public static TiltSeries tiltSeries(RandomAccessibleInterval<FloatType> img, String angles) {
		double[] a = parseAngles(angles);
		img = channelsAsAngles(img, a.length);
		if (channels(img) != 1)
			throw new IllegalArgumentException("This step takes one tilt series (x, y, angle), got " + img.dimension(3) + " channels; split the channels first");
		return tiltSeries(img, a, Calibration.PIXEL).get(0);
	}

	/** (x, y, channel) for an (x, y, 1, channel) image of {@code angles} (≥ 2) channels; else {@code img}. */
	private static RandomAccessibleInterval<FloatType> channelsAsAngles(RandomAccessibleInterval<FloatType> img, int angles) {
		if (img.numDimensions() == 4 && img.dimension(2) == 1 && img.dimension(3) == angles && angles > 1)
			return Views.hyperSlice(img, 2, 0);
		return img;
	}

	/** One volume per channel of a (x, y, z) or (x, y, z, channel) image, copied. */
	public static List<Volume> volumes(RandomAccessibleInterval<FloatType> img, Calibration calibration) {
		List<Volume> out = new ArrayList<>();
		for (ArrayImg<FloatType, FloatArray> c : channelCopies(img))
			out.add(new Volume(c, calibration));
		return out;
	}

	/** The element-to-volume map of a volume image whose channels are {@code elements}, in order. */
	public static Map<String, Volume> elementVolumes(RandomAccessibleInterval<FloatType> img, List<String> elements, Calibration calibration) {
		List<Volume> v = volumes(img, calibration);
		if (v.size() != elements.size())
			throw new IllegalArgumentException("The image has " + v.size() + " channels but " + elements.size() + " elements were named " + elements);
		Map<String, Volume> out = new LinkedHashMap<>();
		for (int i = 0; i < v.size(); i++)
			out.put(elements.get(i), v.get(i));
		return out;
	}

	/** The series stacked as (x, y, angle) for one, or (x, y, angle, channel) for several of one size. */
	public static Img<FloatType> stackSeries(List<TiltSeries> series) {
		return stack(series.stream().map(s -> s.img()).toList());
	}

	/** The volumes stacked as (x, y, z) for one, or (x, y, z, channel) for several of one size. */
	public static Img<FloatType> stackVolumes(List<Volume> volumes) {
		return stack(volumes.stream().map(v -> v.img()).toList());
	}

	private static Img<FloatType> stack(List<ArrayImg<FloatType, FloatArray>> parts) {
		if (parts.size() == 1)
			return parts.get(0);
		ArrayImg<FloatType, FloatArray> first = parts.get(0);
		long[] dims = { first.dimension(0), first.dimension(1), first.dimension(2), parts.size() };
		ArrayImg<FloatType, FloatArray> out = ArrayImgs.floats(dims);
		float[] o = out.update(null).getCurrentStorageArray();
		int n = (int) (dims[0] * dims[1] * dims[2]);
		for (int c = 0; c < parts.size(); c++) {
			float[] p = parts.get(c).update(null).getCurrentStorageArray();
			if (p.length != n)
				throw new IllegalArgumentException("Channel " + c + " has another size than channel 0; all channels must have one size");
			System.arraycopy(p, 0, o, c * n, n);
		}
		return out;
	}

	private static List<ArrayImg<FloatType, FloatArray>> channelCopies(RandomAccessibleInterval<FloatType> img) {
		checkDimensions(img, "image");
		List<ArrayImg<FloatType, FloatArray>> out = new ArrayList<>();
		int channels = channels(img);
		for (int c = 0; c < channels; c++) {
			RandomAccessibleInterval<FloatType> part = img.numDimensions() == 3 ? img : Views.hyperSlice(img, 3, img.min(3) + c);
			ArrayImg<FloatType, FloatArray> copy = ArrayImgs.floats(part.dimension(0), part.dimension(1), part.dimension(2));
			Cursor<FloatType> target = copy.cursor();
			// NB: flatIterable visits x fastest, as the ArrayImg cursor does.
			for (FloatType v : Views.flatIterable(part))
				target.next().set(v);
			out.add(copy);
		}
		return out;
	}

	private static void checkDimensions(RandomAccessibleInterval<FloatType> img, String what) {
		if (img == null)
			throw new IllegalArgumentException("No " + what + " given");
		if (img.numDimensions() != 3 && img.numDimensions() != 4)
			throw new IllegalArgumentException("The " + what + " must have 3 dimensions (x, y, angle or z) or 4 (with element channels), got " + img.numDimensions());
	}

	/** Lower-case key of an enum constant for choices: SHEPP_LOGAN becomes "shepp-logan". */
	static String key(Enum<?> e) {
		return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** The constant of {@code type} whose {@link #key} is {@code key}. */
	public static <E extends Enum<E>> E fromKey(Class<E> type, String key) {
		for (E e : type.getEnumConstants())
			if (key(e).equalsIgnoreCase(key.trim()))
				return e;
		throw new IllegalArgumentException("Unknown choice '" + key + "' for " + type.getSimpleName());
	}
}
