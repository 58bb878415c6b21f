package org.fusedtomo.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One HAADF tilt series plus one chemical tilt series (an EELS or EDX map per tilt) per element, in a
 * fixed element order (DESIGN §3). Every series has its own tilt angles: the chemical angles need not be
 * a subset of the HAADF angles, nor equal between elements. The volume grid is the HAADF's; each chemical
 * series has its own {@link ChemicalSampling} on the HAADF grid (issue 17, part 5): the HAADF grid itself,
 * or coarser pixels (a whole multiple) and a smaller field of view, fused as they are by
 * {@link org.fusedtomo.projector.SampledProjector}.
 * <p>
 * A chemical series binned b × b after recording (averaged on reading by {@code --bin}, {@link Binning}, or written so by
 * the product and read back: {@code align --bin}, {@code maps --bin}) says so by its {@link #binning(String)}: each value
 * then sums or averages b² recorded pixels (a quantum of 1/b² for means), which only the count reader
 * ({@link org.fusedtomo.metrics.PoissonGain}) needs to be told of, since the noise of coarse pixels is swamped by structure.
 * Per element, as each file says its own.
 * <p>
 * The series themselves are shared, not copied: callers that change their pixels change this object.
 * The map is copied, so adding or removing elements later does not.
 */
public final class MultiModalSeries {

	private final TiltSeries haadf;
	private final LinkedHashMap<String, TiltSeries> chemical;
	private final LinkedHashMap<String, ChemicalSampling> samplings;
	private final Map<String, Integer> binnings;

	/**
	 * The series with each chemical sampling decided by the calibrations ({@link ChemicalSampling#of}).
	 *
	 * @param haadf the HAADF series (x, y, angle)
	 * @param chemical element symbol (periodic-table spelling, e.g. "Co") to its chemical series, in
	 *        the order the elements should keep in results; at least one
	 * @throws IllegalArgumentException when a series is missing, a symbol is unknown, or a chemical series
	 *         does not lie on the HAADF grid
	 */
	public MultiModalSeries(TiltSeries haadf, Map<String, TiltSeries> chemical) {
		this(haadf, chemical, Map.of());
	}

	/**
	 * @param samplings element to its sampling on the HAADF grid; an element not in it takes
	 *        {@link ChemicalSampling#of} its calibrations
	 * @throws IllegalArgumentException as {@link #MultiModalSeries(TiltSeries, Map)}, or when a sampling's
	 *         window reaches outside the HAADF projections
	 */
	public MultiModalSeries(TiltSeries haadf, Map<String, TiltSeries> chemical, Map<String, ChemicalSampling> samplings) {
		this(haadf, chemical, samplings, Map.of());
	}

	private MultiModalSeries(TiltSeries haadf, Map<String, TiltSeries> chemical, Map<String, ChemicalSampling> samplings, Map<String, Integer> binnings) {
		if (haadf == null)
			throw new IllegalArgumentException("A multi-modal series needs a HAADF tilt series, got null");
		if (chemical == null || chemical.isEmpty())
			throw new IllegalArgumentException("A multi-modal series needs at least one chemical tilt series (element -> series), got none");
		LinkedHashMap<String, TiltSeries> copy = new LinkedHashMap<>();
		LinkedHashMap<String, ChemicalSampling> sampled = new LinkedHashMap<>();
		for (Map.Entry<String, TiltSeries> e : chemical.entrySet()) {
			String symbol = e.getKey();
			TiltSeries s = e.getValue();
			if (symbol == null || !Elements.isElement(symbol))
				throw new IllegalArgumentException("Chemical series key '" + symbol + "' is not an element symbol; use a periodic-table symbol such as Co, Mn, O");
			if (s == null)
				throw new IllegalArgumentException("Chemical series of element " + symbol + " is null");
			ChemicalSampling given = samplings.get(symbol);
			try {
				if (given == null)
					sampled.put(symbol, ChemicalSampling.of(haadf, s));
				else {
					given.checkFits(haadf.width(), haadf.height(), s.width(), s.height());
					sampled.put(symbol, given);
				}
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("Chemical series of element " + symbol + ": " + ex.getMessage());
			}
			copy.put(symbol, s);
		}
		this.haadf = haadf;
		this.chemical = copy;
		this.samplings = sampled;
		LinkedHashMap<String, Integer> b = new LinkedHashMap<>();
		for (String symbol : copy.keySet())
			b.put(symbol, binnings.getOrDefault(symbol, 1));
		this.binnings = b;
	}

	/**
	 * This series with another HAADF series and chemical series (e.g. a subset of their tilts), each
	 * element keeping its sampling and its {@link #binning(String)}.
	 */
	public MultiModalSeries with(TiltSeries newHaadf, Map<String, TiltSeries> newChemical) {
		return new MultiModalSeries(newHaadf, newChemical, samplings, binnings);
	}

	/**
	 * The same series, every chemical series said to be binned {@code b} × {@code b} more (all alike, so the samplings
	 * stay; 1: unchanged).
	 */
	public MultiModalSeries binned(int b) {
		Map<String, Integer> each = new LinkedHashMap<>();
		chemical.keySet().forEach(el -> each.put(el, b));
		return binned(each);
	}

	/**
	 * The same series, the chemical series of each element in {@code byElement} said to be binned that many times more
	 * (its binning multiplied: a file written binned 2 × 2 and read with {@code --bin 2} holds 4 × 4 recorded pixels per value).
	 *
	 * @throws IllegalArgumentException for a factor below 1 or an element without a series
	 */
	public MultiModalSeries binned(Map<String, Integer> byElement) {
		Map<String, Integer> b = new LinkedHashMap<>(binnings);
		byElement.forEach((el, f) -> {
			if (!chemical.containsKey(el))
				throw new IllegalArgumentException("No chemical series of element " + el + " to bin (have " + chemical.keySet() + ")");
			if (f == null || f < 1)
				throw new IllegalArgumentException("Binning must be at least 1, got " + f + " for " + el);
			b.put(el, Math.multiplyExact(b.get(el), f));
		});
		return new MultiModalSeries(haadf, chemical, samplings, b);
	}

	/**
	 * The factor b the chemical series of {@code element} was binned by after recording, each value summing or averaging
	 * b × b recorded pixels; 1 as recorded (a map recorded on coarser pixels says so by its {@link #sampling}, not here).
	 */
	public int binning(String element) {
		Integer b = binnings.get(element);
		if (b == null)
			throw new IllegalArgumentException("No chemical series of element " + element + " (have " + chemical.keySet() + ")");
		return b;
	}

	/** Where the chemical series of {@code element} lies on the HAADF grid. */
	public ChemicalSampling sampling(String element) {
		chemical(element);
		return samplings.get(element);
	}

	/** A copy of the element-to-sampling map, in element order. */
	public LinkedHashMap<String, ChemicalSampling> samplings() {
		return new LinkedHashMap<>(samplings);
	}

	/** Whether every chemical series lies on the HAADF grid itself. */
	public boolean fullySampled() {
		return ChemicalSampling.allFull(samplings.values());
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

	/** HAADF projection width in pixels (x), the volume's width. */
	public int width() {
		return haadf.width();
	}

	/** HAADF projection height in pixels (y, along the tilt axis), the volume's height. */
	public int height() {
		return haadf.height();
	}
}
