package org.fusedtomo.io;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.IntStream;

import net.imglib2.img.array.ArrayImgs;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;

/**
 * Pixels exactly as a reader decoded them, before the checks every format shares: (x, y, slice) floats,
 * pixel (x, y) of slice z at {@code x + width * (y + height * z)}, with the calibration and the pixel type
 * of the file. Every reader ends in {@link #toTiltSeries} or {@link #toVolume}, so all formats refuse the
 * same bad input with the same message.
 * <p>
 * <b>Angle order.</b> Angles in any order are accepted, and the projections are sorted stably into
 * increasing angle, each projection moving with its angle; a series in increasing order is returned
 * unchanged. Equal angles are valid: several exposures of one tilt (dose-fractionated or liquid-cell
 * series) keep their order of acquisition, and {@link Sorted#fileIndex()} says where each projection
 * was in the file.
 *
 * @param file the file the pixels came from, named in every error
 * @param source what in the file (a dataset path, "HAADF", an element); empty for the whole file
 * @param pixelType the stored pixel type, e.g. "uint16", "float32" (reported by {@code info})
 */
public record DecodedStack(Path file, String source, float[] data, int width, int height, int depth, Calibration calibration, String pixelType) {

	/** Most pixels one stack may hold: a Java array of floats. */
	public static final long MAX_PIXELS = Integer.MAX_VALUE - 8;

	/**
	 * @throws InvalidInputException when a dimension is not positive (an empty stack)
	 * @throws IllegalArgumentException when {@code data} does not hold width x height x depth values
	 */
	public DecodedStack {
		checkSize(file, source, width, height, depth);
		if (data.length != (long) width * height * depth)
			throw new IllegalArgumentException("data holds " + data.length + " values, not " + width + " x " + height + " x " + depth);
		if (calibration == null)
			throw new IllegalArgumentException("calibration must not be null (use Calibration.PIXEL)");
		source = source == null ? "" : source;
	}

	/**
	 * Throws when a stack of this size is empty or too large for one Java array; readers call it on the
	 * header, before allocating.
	 *
	 * @throws InvalidInputException naming the file and the size
	 */
	public static void checkSize(Path file, String source, long width, long height, long depth) {
		String what = prefix(source);
		if (width <= 0 || height <= 0 || depth <= 0)
			throw new InvalidInputException(file, what + "holds an empty stack (" + width + " x " + height + " x " + depth + " pixels)");
		if (width * height * depth > MAX_PIXELS)
			throw new InvalidInputException(file, what + "stack " + width + " x " + height + " x " + depth + " has more than 2^31 pixels; bin or crop it first");
	}

	/**
	 * {@link #checkSize}, and throws when the stack's floats, {@code width x height x depth x 4} bytes,
	 * exceed the memory Java can still allocate ({@link #freeHeapBytes()}). Readers call it after
	 * checking the declared size against the file and before allocating, so a header that claims a huge
	 * stack is refused at once rather than after filling the heap.
	 *
	 * @throws InvalidInputException naming the file, the size, the memory and the fix
	 */
	public static void checkAllocatable(Path file, String source, long width, long height, long depth) {
		checkSize(file, source, width, height, depth);
		checkMemory(file, prefix(source) + "stack " + width + " x " + height + " x " + depth, 4 * width * height * depth);
	}

	/**
	 * Throws when {@code bytes} exceed the memory Java can still allocate.
	 *
	 * @param what what needs the memory, e.g. "stack 20000 x 20000 x 2", named in the message
	 * @throws InvalidInputException naming the file, the size, the memory and the fix
	 */
	public static void checkMemory(Path file, String what, long bytes) {
		long free = freeHeapBytes();
		if (bytes > free) {
			// NB: "in use" counts garbage too; collect once before refusing.
			System.gc();
			free = freeHeapBytes();
		}
		if (bytes > free)
			throw new InvalidInputException(file, String.format(Locale.ROOT,
				"%s needs %.2f GB of memory but Java has only %.2f GB free (of a %.2f GB heap); bin or crop it first, or give Java more memory (JAVA_OPTS=-Xmx... for the command line, Edit > Options > Memory in Fiji)",
				what, bytes / 1e9, free / 1e9, Runtime.getRuntime().maxMemory() / 1e9));
	}

	/** Bytes the heap can still allocate: its maximum less what is in use now. */
	public static long freeHeapBytes() {
		Runtime r = Runtime.getRuntime();
		return r.maxMemory() - (r.totalMemory() - r.freeMemory());
	}

	/**
	 * A tilt series sorted by angle, with the position in the file (0-based, the order of acquisition)
	 * of each of its projections.
	 */
	public record Sorted(TiltSeries series, int[] fileIndex) {

		public Sorted {
			if (fileIndex.length != series.angleCount())
				throw new IllegalArgumentException("fileIndex needs one entry per projection: " + fileIndex.length + " for " + series.angleCount());
			fileIndex = fileIndex.clone();
		}

		@Override
		public int[] fileIndex() {
			return fileIndex.clone();
		}
	}

	/**
	 * The tilt series of these pixels at {@code anglesDeg} (one per slice, in file order), sorted into
	 * increasing angle (see class comment). Cost: one pass over the pixels; a copy only when sorting.
	 *
	 * @param angleSource where the angles came from, named in errors (e.g. "HAADF.rawtlt", "the extended header")
	 * @throws InvalidInputException when the counts differ, an angle is not finite, or a pixel is NaN or
	 *             infinite
	 */
	public TiltSeries toTiltSeries(double[] anglesDeg, String angleSource) {
		return toSorted(anglesDeg, angleSource).series();
	}

	/** {@link #toTiltSeries} with the file position of each projection. */
	public Sorted toSorted(double[] anglesDeg, String angleSource) {
		return toSorted(anglesDeg, angleSource, false);
	}

	/**
	 * {@link #toSorted(double[], String)}; with {@code nanIsMissing} (a file that says its NaN pixels were not measured,
	 * {@link org.fusedtomo.data.MissingData}) NaN pixels are kept, infinite ones still refused.
	 */
	public Sorted toSorted(double[] anglesDeg, String angleSource, boolean nanIsMissing) {
		String what = prefix(source);
		if (anglesDeg.length != depth)
			throw new InvalidInputException(file, what + "has " + depth + " projections but " + angleSource + " lists " + anglesDeg.length + " tilt angles");
		for (int i = 0; i < anglesDeg.length; i++)
			if (!Double.isFinite(anglesDeg[i]))
				throw new InvalidInputException(file, what + "tilt angle " + (i + 1) + " from " + angleSource + " is " + anglesDeg[i] + ", not a finite number");
		int[] order = fileOrder(anglesDeg);
		checkFinite(anglesDeg, nanIsMissing);
		boolean sorted = true;
		for (int k = 0; k < order.length; k++)
			sorted &= order[k] == k;
		if (sorted)
			return new Sorted(new TiltSeries(ArrayImgs.floats(data, width, height, depth), anglesDeg.clone(), calibration), order);
		int plane = width * height;
		float[] s = new float[data.length];
		double[] a = new double[depth];
		for (int k = 0; k < depth; k++) {
			System.arraycopy(data, order[k] * plane, s, k * plane, plane);
			a[k] = anglesDeg[order[k]];
		}
		return new Sorted(new TiltSeries(ArrayImgs.floats(s, width, height, depth), a, calibration), order);
	}

	/**
	 * The stable sort of {@code anglesDeg}: entry k is the index of the k-th smallest angle, equal
	 * angles in index order.
	 */
	public static int[] fileOrder(double[] anglesDeg) {
		// NB: sorting a stream of boxed indices is stable (ordered stream).
		return IntStream.range(0, anglesDeg.length).boxed().sorted(Comparator.comparingDouble(i -> anglesDeg[i])).mapToInt(Integer::intValue).toArray();
	}

	/**
	 * The volume (x, y, z = slice) of these pixels, without a copy.
	 *
	 * @throws InvalidInputException when a voxel is NaN or infinite
	 */
	public Volume toVolume() {
		checkFinite(null, false);
		return new Volume(ArrayImgs.floats(data, width, height, depth), calibration);
	}

	/** Throws naming the first non-finite pixel (NaN allowed with {@code nanIsMissing}); {@code angles} null for a volume. */
	private void checkFinite(double[] angles, boolean nanIsMissing) {
		int plane = width * height;
		for (int i = 0; i < data.length; i++) {
			float v = data[i];
			if (Float.isFinite(v) || nanIsMissing && Float.isNaN(v))
				continue;
			int z = i / plane, y = (i % plane) / width, x = i % width;
			String where = angles == null ? "slice " + (z + 1) + " of " + depth : "projection " + (z + 1) + " of " + depth + " (tilt " + angles[z] + "°)";
			throw new InvalidInputException(file, prefix(source) + where + " contains " + v + " at x=" + x + ", y=" + y + "; replace non-finite pixels first");
		}
	}

	private static String prefix(String source) {
		return source == null || source.isEmpty() ? "" : source + ": ";
	}
}
