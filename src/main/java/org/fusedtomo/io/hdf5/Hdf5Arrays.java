package org.fusedtomo.io.hdf5;

import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.DecodedStack;
import org.fusedtomo.io.InvalidInputException;

/**
 * Conversions between jhdf datasets (C order, last axis fastest) and our (x, y, angle) stacks. The
 * rule for every HDF5 layout: one axis holds the angles, and the two others, in file order, are the
 * image rows (y, along the tilt axis) and columns (x). So numpy's (angle, y, x), tomo_TV's (tilt axis,
 * x, angle) and Velox's (y, x, frame) all map without guessing.
 */
final class Hdf5Arrays {

	private Hdf5Arrays() {}

	/** The dataset at {@code path}, or an error listing what the file holds. */
	static Dataset dataset(Path file, Group root, String path) {
		Node n;
		try {
			n = root.getByPath(path);
		}
		catch (RuntimeException e) {
			n = null;
		}
		if (n instanceof Dataset d)
			return d;
		throw new InvalidInputException(file, "has no dataset '" + path + "'; it holds " + String.join(", ", datasets(root)));
	}

	/** Paths and shapes of every dataset under {@code g}, e.g. "HAADF (16, 256, 256) uint16". */
	static List<String> datasets(Group g) {
		List<String> out = new ArrayList<>();
		for (Node n : g) {
			if (n instanceof Group c)
				out.addAll(datasets(c));
			else if (n instanceof Dataset d)
				out.add(describe(d));
		}
		return out;
	}

	/** A dataset as its path, shape and type, e.g. "HAADF (16, 256, 256) uint16". */
	static String describe(Dataset d) {
		return d.getPath().replaceFirst("^/", "") + " " + Arrays.toString(d.getDimensions()).replace('[', '(').replace(']', ')') + " " + typeName(d);
	}

	/** Whether {@code g} (with its subgroups) holds datasets and every one is 2D: images, no tilt series. */
	static boolean onlyImages(Group g) {
		boolean any = false;
		for (Node n : g) {
			if (n instanceof Group c) {
				if (datasets(c).isEmpty())
					continue;
				if (!onlyImages(c))
					return false;
				any = true;
			}
			else if (n instanceof Dataset d) {
				if (d.getDimensions().length != 2)
					return false;
				any = true;
			}
		}
		return any;
	}

	/** The stored element type, e.g. "uint16", "float32". */
	static String typeName(Dataset d) {
		String name = d.getDataType().getClass().getSimpleName();
		int bytes = d.getDataType().getSize();
		if (name.equals("FloatingPoint"))
			return "float" + 8 * bytes;
		if (name.equals("FixedPoint"))
			return (((io.jhdf.object.datatype.FixedPoint) d.getDataType()).isSigned() ? "int" : "uint") + 8 * bytes;
		return name;
	}

	/** All values of a numeric dataset, flat in C order, as doubles. */
	static double[] doubles(Path file, Dataset d) {
		Object flat = read(file, d);
		if (flat instanceof double[] v)
			return v;
		int n = Array.getLength(flat);
		double[] out = new double[n];
		for (int i = 0; i < n; i++)
			out[i] = value(file, d, flat, i);
		return out;
	}

	/** All values of a numeric dataset, flat in C order, as floats (exact for up to 24-bit integers). */
	static float[] floats(Path file, Dataset d) {
		Object flat = read(file, d);
		int n = Array.getLength(flat);
		float[] out = new float[n];
		// NB: primitive cases first; reflection per element is far slower on million-pixel stacks.
		if (flat instanceof float[] v)
			return v;
		else if (flat instanceof double[] v)
			for (int i = 0; i < n; i++)
				out[i] = (float) v[i];
		else if (flat instanceof int[] v)
			for (int i = 0; i < n; i++)
				out[i] = v[i];
		else if (flat instanceof short[] v)
			for (int i = 0; i < n; i++)
				out[i] = v[i];
		else if (flat instanceof byte[] v)
			for (int i = 0; i < n; i++)
				out[i] = v[i];
		else if (flat instanceof long[] v)
			for (int i = 0; i < n; i++)
				out[i] = v[i];
		else
			for (int i = 0; i < n; i++)
				out[i] = (float) value(file, d, flat, i);
		return out;
	}

	private static double value(Path file, Dataset d, Object flat, int i) {
		return number(file, d, Array.get(flat, i));
	}

	private static Object read(Path file, Dataset d) {
		if (d.isEmpty() || d.isScalar() && d.getSize() == 0)
			throw new InvalidInputException(file, "dataset '" + d.getPath() + "' is empty");
		checkDeclaredSize(file, d);
		Object flat = d.isScalar() ? wrap(d.getData()) : d.getDataFlat();
		if (flat == null || !flat.getClass().isArray())
			throw new InvalidInputException(file, "dataset '" + d.getPath() + "' is not numeric (" + typeName(d) + ")");
		return flat;
	}

	/**
	 * Most bytes one stored byte can decode to through the filters of {@link #BOUNDED_FILTERS}: deflate
	 * expands at most about 1032-fold, LZF and LZ4 less.
	 */
	static final long MAX_EXPANSION = 1100;

	/** HDF5 filter ids whose expansion is bounded: deflate, shuffle, fletcher32, LZF, LZ4, bitshuffle(+LZ4). */
	private static final java.util.Set<Integer> BOUNDED_FILTERS = java.util.Set.of(1, 2, 3, 32000, 32004, 32008);

	/**
	 * Throws when the dataset declares more bytes than the file can hold (uncompressed: its size; with
	 * deflate, LZF or LZ4: {@link #MAX_EXPANSION} times its size) or than the heap can still take with
	 * a float copy, before jhdf allocates the whole array.
	 */
	static void checkDeclaredSize(Path file, Dataset d) {
		long declared = d.getSizeInBytes();
		long fileSize;
		try {
			fileSize = java.nio.file.Files.size(file);
		}
		catch (java.io.IOException e) {
			throw new InvalidInputException(file, "cannot read the file size: " + e.getMessage(), e);
		}
		List<Integer> filters = d.getDataLayout() == io.jhdf.object.message.DataLayout.CHUNKED ? d.getFilters().stream().map(f -> f.getId()).toList() : List.of();
		long capacity = filters.isEmpty() ? fileSize : BOUNDED_FILTERS.containsAll(filters) ? fileSize * MAX_EXPANSION : Long.MAX_VALUE;
		String what = "dataset '" + d.getPath() + "' " + Arrays.toString(d.getDimensions()).replace('[', '(').replace(']', ')') + " " + typeName(d);
		if (declared > capacity)
			throw new InvalidInputException(file, what + " declares " + declared + " bytes but the " + fileSize + "-byte file cannot hold them" + (filters.isEmpty() ? "" : " even compressed")
				+ " (corrupt or incomplete file; copy or export it again)");
		DecodedStack.checkMemory(file, what, declared + 4 * d.getSize());
	}

	private static Object wrap(Object scalar) {
		Object a = Array.newInstance(Object.class, 1);
		Array.set(a, 0, scalar);
		return a;
	}

	private static double number(Path file, Dataset d, Object v) {
		if (v instanceof Number n)
			return n.doubleValue();
		if (v instanceof Boolean b)
			return b ? 1 : 0;
		throw new InvalidInputException(file, "dataset '" + d.getPath() + "' is not numeric (" + typeName(d) + ")");
	}

	/** An attribute as text (a string, or the first element of a string array), or "". */
	static String text(Node n, String name) {
		Attribute a = n.getAttribute(name);
		if (a == null)
			return "";
		Object v = a.getData();
		if (v != null && v.getClass().isArray())
			v = Array.getLength(v) > 0 ? Array.get(v, 0) : "";
		return v == null ? "" : String.valueOf(v).strip();
	}

	/**
	 * The (x, y, angle) stack of a 3D dataset whose angles lie along {@code angleAxis}.
	 *
	 * @throws InvalidInputException when the dataset is not 3D or the axis is out of range
	 */
	static DecodedStack stack(Path file, Dataset d, int angleAxis, Calibration calibration) {
		int[] dims = d.getDimensions();
		if (dims.length != 3)
			throw new InvalidInputException(file, "dataset '" + d.getPath() + "' has " + dims.length + " dimensions " + Arrays.toString(dims) + "; a tilt series needs 3 (angle, y, x in some order)");
		if (angleAxis < 0 || angleAxis > 2)
			throw new InvalidInputException(file, "angle axis " + angleAxis + " is not 0, 1 or 2");
		int y = angleAxis == 0 ? 1 : 0, x = angleAxis == 2 ? 1 : 2;
		int w = dims[x], h = dims[y], n = dims[angleAxis];
		DecodedStack.checkSize(file, d.getPath(), w, h, n);
		checkDeclaredSize(file, d);
		// NB: the file's values, their floats and the reordered copy live at once.
		DecodedStack.checkMemory(file, "dataset '" + d.getPath() + "'", d.getSizeInBytes() + 8L * w * h * n);
		float[] flat = floats(file, d);
		int[] stride = { dims[1] * dims[2], dims[2], 1 };
		float[] out = new float[flat.length];
		int i = 0;
		for (int a = 0; a < n; a++)
			for (int yy = 0; yy < h; yy++) {
				int base = a * stride[angleAxis] + yy * stride[y];
				for (int xx = 0; xx < w; xx++)
					out[i++] = flat[base + xx * stride[x]];
			}
		return new DecodedStack(file, d.getPath().replaceFirst("^/", ""), out, w, h, n, calibration, typeName(d));
	}

	/** A series as a C-order (angle, y, x) array, the layout written to HDF5. */
	static float[][][] angleYX(TiltSeries s) {
		float[][][] out = new float[s.angleCount()][s.height()][s.width()];
		for (int a = 0; a < s.angleCount(); a++)
			for (int y = 0; y < s.height(); y++)
				System.arraycopy(s.data(), s.projectionOffset(a) + y * s.width(), out[a][y], 0, s.width());
		return out;
	}
}
