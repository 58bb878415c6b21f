package org.fusedtomo.io.npy;

import java.util.Arrays;

/**
 * One numpy array as read from a {@code .npy} file or an {@code .npz} entry: its shape in numpy order
 * (last axis fastest) and its values as floats in C order, whatever the file's order and type.
 *
 * @param name the entry name without ".npy" (an .npz key), or the file name
 * @param shape numpy shape; empty for a scalar
 * @param data values in C order, {@code product(shape)} of them
 * @param type the stored type, e.g. "float64", "uint16"
 */
public record NpyArray(String name, int[] shape, float[] data, String type) {

	public NpyArray {
		shape = shape.clone();
		long n = 1;
		for (int s : shape)
			n *= s;
		if (n != data.length)
			throw new IllegalArgumentException("Array " + name + " of shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
	}

	@Override
	public int[] shape() {
		return shape.clone();
	}

	/** E.g. "HAADF (256, 256) float64", the form the HDF5 listings use. */
	public String describe() {
		return name + " " + Arrays.toString(shape).replace('[', '(').replace(']', ')') + " " + type;
	}
}
