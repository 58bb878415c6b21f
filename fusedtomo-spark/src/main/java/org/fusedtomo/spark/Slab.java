package org.fusedtomo.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The y slices {@code [from, to)} of a volume and its tilt series: the unit of work of a Spark task. With
 * parallel beams and the tilt axis along y, every ray stays in one y slice, so the projector of a slab
 * is the whole projector restricted to its slices.
 */
public record Slab(int index, int from, int to) implements Serializable {

	public Slab {
		if (from < 0 || to <= from)
			throw new IllegalArgumentException("A slab needs at least one slice, got [" + from + ", " + to + ")");
	}

	public int slices() {
		return to - from;
	}

	/**
	 * {@code count} slabs covering {@code [0, height)} in order, sizes differing by at most one.
	 *
	 * @throws IllegalArgumentException when count is below 1 or above height
	 */
	public static List<Slab> split(int height, int count) {
		if (count < 1)
			throw new IllegalArgumentException("--slabs must be at least 1, got " + count);
		if (count > height)
			throw new IllegalArgumentException("--slabs " + count + " is more than the " + height + " y slices");
		List<Slab> slabs = new ArrayList<>(count);
		for (int i = 0; i < count; i++)
			slabs.add(new Slab(i, (int) ((long) i * height / count), (int) ((long) (i + 1) * height / count)));
		return slabs;
	}
}
