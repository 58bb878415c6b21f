package org.fusedtomo.simulate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fusedtomo.data.Elements;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;

/**
 * A multi-element ground truth: for each element symbol, in a fixed order, a volume of its
 * concentration (atomic fraction of the voxel, dimensionless, in [0, 1]), all of one geometry.
 * <p>
 * The phantom owns its volumes: {@link #density} returns them without copying (they can be large),
 * and callers must not modify them; use {@link Volume#copy()} to get a private one.
 */
public final class Phantom {

	private final String name;
	private final VolumeGeometry geometry;
	private final Map<String, Volume> densities;

	/**
	 * Takes ownership of the volumes; the map is copied and keeps its iteration order.
	 * Cost: one pass over every voxel to check the [0, 1] range.
	 *
	 * @throws IllegalArgumentException when the map is empty, a key is no element symbol, the volumes
	 *             differ in size, or a voxel is outside [0, 1] or not a number
	 */
	public Phantom(String name, Map<String, Volume> densities) {
		if (name == null || name.isBlank())
			throw new IllegalArgumentException("A phantom needs a name");
		if (densities == null || densities.isEmpty())
			throw new IllegalArgumentException("Phantom '" + name + "' needs at least one element");
		VolumeGeometry g = null;
		for (Map.Entry<String, Volume> e : densities.entrySet()) {
			String symbol = e.getKey();
			Elements.atomicNumber(symbol);
			Volume v = e.getValue();
			if (g == null)
				g = v.geometry();
			else if (!g.equals(v.geometry()))
				throw new IllegalArgumentException("Phantom '" + name + "': element " + symbol + " is " + v.geometry() + " but the first element is " + g);
			float[] d = v.data();
			for (int i = 0; i < d.length; i++)
				if (!(d[i] >= 0 && d[i] <= 1))
					throw new IllegalArgumentException("Phantom '" + name + "': element " + symbol + " has concentration " + d[i] + " at voxel " + i + ", outside [0, 1]");
		}
		this.name = name;
		this.geometry = g;
		this.densities = Collections.unmodifiableMap(new LinkedHashMap<>(densities));
	}

	/** The name it was made under, e.g. "core-shell". */
	public String name() {
		return name;
	}

	public VolumeGeometry geometry() {
		return geometry;
	}

	/** The element symbols in order. */
	public List<String> elements() {
		return List.copyOf(densities.keySet());
	}

	/** The concentration volume of {@code element}, shared (do not modify). */
	public Volume density(String element) {
		Volume v = densities.get(element);
		if (v == null)
			throw new IllegalArgumentException("Phantom '" + name + "' has no element '" + element + "'; it has " + densities.keySet());
		return v;
	}

	/** Element symbol to concentration volume, in order; read-only map of shared volumes. */
	public Map<String, Volume> densities() {
		return densities;
	}

	@Override
	public String toString() {
		return "Phantom[" + name + ", " + geometry.width() + " x " + geometry.height() + " x " + geometry.depth() + ", " + densities.keySet() + "]";
	}
}
