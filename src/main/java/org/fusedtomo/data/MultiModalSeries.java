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
 * A series binned on reading by averaging b × b pixels ({@code --bin}, {@link Binning}) says so by its
 * {@link #binning()}: its values are then means of b² counts, a quantum of 1/b² that only the count reader
 * ({@link org.fusedtomo.metrics.PoissonGain}) needs to be told of, since the noise of coarse pixels is swamped by structure.
 * <p>
 * The series themselves are shared, not copied: callers that change their pixels change this object.
 * The map is copied, so adding or removing elements later does not.
 */
public final class MultiModalSeries {

	private final TiltSeries haadf;
	private final LinkedHashMap<String, TiltSeries> chemical;
	private final LinkedHashMap<String, ChemicalSampling> samplings;
	private final int binning;

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
		this(haadf, chemical, samplings, 1);
	}

	private MultiModalSeries(TiltSeries haadf, Map<String, TiltSeries> chemical, Map<String, ChemicalSampling> samplings, int binning) {
		if (binning < 1)
			throw new IllegalArgumentException("Binning must be at least 1, got " + binning);
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
		this.binning = binning;
	}

	/**
	 * This series with another HAADF series and chemical series (e.g. a subset of their tilts), each
	 * element keeping its sampling, and the {@link #binning()} kept.
	 */
	public MultiModalSeries with(TiltSeries newHaadf, Map<String, TiltSeries> newChemical) {
		return new MultiModalSeries(newHaadf, newChemical, samplings, binning);
	}

	/**
	 * The same series, said to be binned on reading by averaging {@code b} × {@code b} recorded pixels (all series
	 * alike, so the samplings stay; 1: as recorded).
	 */
	public MultiModalSeries binned(int b) {
		return new MultiModalSeries(haadf, chemical, samplings, b);
	}

	/** The factor b every series was binned by on reading, averaging b × b recorded pixels into one; 1 as recorded. */
	public int binning() {
		return binning;
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
