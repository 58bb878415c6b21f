package org.fusedtomo.spectra;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.fusedtomo.data.Elements;

/**
 * Named X-ray lines ({@code Fe_Ka}, {@code Pt_La}: element, underscore, line) and EELS ionisation edges
 * ({@code Co_L3}, {@code O_K}) with their energies ({@link SpectralLineData}). A name is an X-ray line when
 * the X-ray table has it and an edge when the edge table has it; the element is the part before the
 * underscore. Names are matched case-insensitively and returned in the tables' spelling.
 */
public final class SpectralLines {

	/** Mn Ka, the reference line of an EDS detector's energy resolution. */
	public static final String MN_KA = "Mn_Ka";

	/** Table spelling by lower-case name; filled while parsing the tables, so declared before them. */
	private static final Map<String, String> SPELLING = new LinkedHashMap<>();
	private static final Map<String, Double> XRAY_KEV = parse(SpectralLineData.XRAY_LINES_KEV, 1);
	private static final Map<String, Double> EDGE_KEV = parse(SpectralLineData.EELS_EDGES_EV, 1e-3);

	private SpectralLines() {}

	/** A line or edge with its energy in keV and the kind of spectrum it belongs to. */
	public record Line(String name, String element, double energyKeV, SpectrumImage.SpectrumKind kind) {
	}

	/**
	 * The X-ray line or EELS edge called {@code name}.
	 *
	 * @throws IllegalArgumentException naming it when it is malformed or in neither table
	 */
	public static Line parse(String name) {
		String n = name == null ? "" : name.trim();
		int us = n.indexOf('_');
		if (us <= 0 || us == n.length() - 1)
			throw new IllegalArgumentException("line '" + n + "' is not ELEMENT_LINE, e.g. Fe_Ka, Pt_La (EDS) or Co_L3, O_K (EELS)");
		String element = capitalise(n.substring(0, us));
		if (!Elements.isElement(element))
			throw new IllegalArgumentException("line '" + n + "': unknown element '" + n.substring(0, us) + "'");
		String key = (element + "_" + n.substring(us + 1)).toLowerCase(Locale.ROOT);
		Double kev = XRAY_KEV.get(key);
		if (kev != null)
			return new Line(spelling(key), element, kev, SpectrumImage.SpectrumKind.EDS);
		kev = EDGE_KEV.get(key);
		if (kev != null)
			return new Line(spelling(key), element, kev, SpectrumImage.SpectrumKind.EELS);
		throw new IllegalArgumentException("unknown line '" + n + "': " + element + " has X-ray lines " + namesOf(XRAY_KEV, element) + " and EELS edges "
			+ namesOf(EDGE_KEV, element));
	}

	/** Energy of an X-ray line in keV, e.g. 5.8987 for Mn_Ka. */
	public static double xrayKeV(String name) {
		Line l = parse(name);
		if (l.kind() != SpectrumImage.SpectrumKind.EDS)
			throw new IllegalArgumentException("'" + name + "' is an EELS edge, not an X-ray line");
		return l.energyKeV();
	}

	private static String spelling(String key) {
		return SPELLING.getOrDefault(key, key);
	}

	private static String namesOf(Map<String, Double> table, String element) {
		String prefix = element.toLowerCase(Locale.ROOT) + "_";
		StringBuilder sb = new StringBuilder();
		for (String k : table.keySet())
			if (k.startsWith(prefix) && SPELLING.containsKey(k))
				sb.append(sb.length() == 0 ? "" : ", ").append(SPELLING.get(k));
		return sb.length() == 0 ? "(none)" : sb.toString();
	}

	private static String capitalise(String s) {
		String t = s.trim().toLowerCase(Locale.ROOT);
		return t.isEmpty() ? t : Character.toUpperCase(t.charAt(0)) + t.substring(1);
	}

	private static Map<String, Double> parse(String words, double toKeV) {
		Map<String, Double> m = new LinkedHashMap<>();
		for (String w : words.trim().split("\\s+")) {
			int eq = w.indexOf('=');
			String key = w.substring(0, eq).toLowerCase(Locale.ROOT);
			SPELLING.put(key, w.substring(0, eq));
			m.put(key, Double.parseDouble(w.substring(eq + 1)) * toKeV);
		}
		return Collections.unmodifiableMap(m);
	}
}
