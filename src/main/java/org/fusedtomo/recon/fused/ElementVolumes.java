package org.fusedtomo.recon.fused;

import java.util.ArrayList;
import java.util.List;

import org.fusedtomo.data.Volume;

/**
 * Element-wise arithmetic on the per-element volumes x = (x_1 .. x_E) of the fused problem, seen as one
 * vector. Sums accumulate in double. All loops are serial: each costs far less than one projection.
 */
final class ElementVolumes {

	private ElementVolumes() {}

	static List<Volume> copies(List<Volume> x) {
		List<Volume> c = new ArrayList<>(x.size());
		for (Volume v : x)
			c.add(v.copy());
		return c;
	}

	static List<Volume> zerosLike(List<Volume> x) {
		List<Volume> c = new ArrayList<>(x.size());
		for (Volume v : x)
			c.add(v.zerosLike());
		return c;
	}

	/** Copies the voxels of {@code from} into {@code to}, element by element. */
	static void copy(List<Volume> from, List<Volume> to) {
		for (int e = 0; e < from.size(); e++)
			System.arraycopy(from.get(e).data(), 0, to.get(e).data(), 0, from.get(e).data().length);
	}
}
