package org.fusedtomo.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A slab and the slices {@code [lo, hi)} its task holds: its own slices with up to {@code below} slices
 * under them and {@code above} over them (fewer at the ends of the volume, which is not periodic). Those
 * halo slices are owned by neighbouring slabs, which send them before each step.
 */
record SlabExtent(Slab slab, int lo, int hi) implements Serializable {

	/** Each of {@code slabs} with its halo, inside {@code [0, height)}. */
	static List<SlabExtent> of(List<Slab> slabs, int height, int below, int above) {
		List<SlabExtent> extents = new ArrayList<>(slabs.size());
		for (Slab s : slabs)
			extents.add(new SlabExtent(s, Math.max(0, s.from() - below), Math.min(height, s.to() + above)));
		return extents;
	}

	/** Slices held. */
	int slices() {
		return hi - lo;
	}

	/** The own slices of {@code owner} that this slab holds as halo, {@code [from, to)}; empty (from ≥ to) if none or if it is this slab. */
	int[] haloFrom(Slab owner) {
		if (owner.index() == slab.index())
			return new int[] { 0, 0 };
		return new int[] { Math.max(lo, owner.from()), Math.min(hi, owner.to()) };
	}
}
