package org.fusedtomo.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HAADF tilt series plus one chemical tilt series (an EELS or EDX map per tilt) per element, in a
 * fixed element order (DESIGN §3). Every series has its own tilt angles: the chemical angles need not be
 * a subset of the HAADF angles, nor equal between elements. All projections share one width and height,
 * so they reconstruct into one volume grid.
 * <p>
 * The series themselves are shared, not copied: callers that change their pixels change this object.
 * The map is copied, so adding or removing elements later does not.
 */
public final class MultiModalSeries {

	private final TiltSeries haadf;
	private final LinkedHashMap<String, TiltSeries> chemical;

	/**
	 * @param haadf the HAADF series (x, y, angle)
	 * @param chemical element symbol (periodic-table spelling, e.g. "Co") to its chemical series, in
	 *        the order the elements should keep in results; at least one
	 * @throws IllegalArgumentException when a series is missing, a symbol is unknown, or a size differs
	 *         from the HAADF projections
	 */
	public MultiModalSeries(TiltSeries haadf, Map<String, TiltSeries> chemical) {
		if (haadf == null)
			throw new IllegalArgumentException("A multi-modal series needs a HAADF tilt series, got null");
		if (chemical == null || chemical.isEmpty())
			throw new IllegalArgumentException("A multi-modal series needs at least one chemical tilt series (element -> series), got none");
		LinkedHashMap<String, TiltSeries> copy = new LinkedHashMap<>();
		for (Map.Entry<String, TiltSeries> e : chemical.entrySet()) {
			String symbol = e.getKey();
			TiltSeries s = e.getValue();
			if (symbol == null || !Elements.isElement(symbol))
				throw new IllegalArgumentException("Chemical series key '" + symbol + "' is not an element symbol; use a periodic-table symbol such as Co, Mn, O");
			if (s == null)
				throw new IllegalArgumentException("Chemical series of element " + symbol + " is null");
			if (s.width() != haadf.width() || s.height() != haadf.height())
				throw new IllegalArgumentException("Chemical series of element " + symbol + " has projections of " + s.width() + " x " + s.height()
					+ " pixels but the HAADF series has " + haadf.width() + " x " + haadf.height() + "; crop or bin them to one size");
			copy.put(symbol, s);
		}
		this.haadf = haadf;
		this.chemical = copy;
	}

	public TiltSeries haadf() {
		return haadf;
	}

	/** A copy of the element-to-series map, in element order. */
	public LinkedHashMap<String, TiltSeries> chemical() {
		return new LinkedHashMap<>(chemical);
	}

	/** The chemical series of {@code element}; throws if the element is not present. */
	public TiltSeries chemical(String element) {
		TiltSeries s = chemical.get(element);
		if (s == null)
			throw new IllegalArgumentException("No chemical series for element '" + element + "'; present are " + chemical.keySet());
		return s;
	}

	/** The element symbols in order. */
	public List<String> elements() {
		return List.copyOf(chemical.keySet());
	}

	public int elementCount() {
		return chemical.size();
	}

	/** Projection width in pixels (x), shared by all series. */
	public int width() {
		return haadf.width();
	}

	/** Projection height in pixels (y, along the tilt axis), shared by all series. */
	public int height() {
		return haadf.height();
	}
}
