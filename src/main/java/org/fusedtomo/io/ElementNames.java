package org.fusedtomo.io;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fusedtomo.data.Elements;

/**
 * Element symbols from the names files give chemical maps: a symbol ("Fe") or an X-ray / edge line
 * ("Fe_Ka", "Pt_La", "O K", "Fe-L3", "Mn_L23").
 */
public final class ElementNames {

	/** A symbol, optionally followed by a line or edge name (K, L, M, N shell with any suffix). */
	private static final Pattern NAME = Pattern.compile("([A-Z][a-z]?)(?:[ _\\-.]*[KLMN][A-Za-z0-9αβγ,_\\-]*)?");

	private ElementNames() {}

	/** The element symbol {@code name} stands for, if any. */
	public static Optional<String> symbolOf(String name) {
		if (name == null)
			return Optional.empty();
		Matcher m = NAME.matcher(name.strip());
		if (!m.matches() || !Elements.isElement(m.group(1)))
			return Optional.empty();
		return Optional.of(m.group(1));
	}

	/**
	 * For a name given where a bare element symbol is needed: the symbol it most likely means, as a hint for the
	 * message (" (the element of Co_Ka is Co)", " (symbols are capitalised: Co)"), or "" when there is none.
	 */
	public static String symbolHint(String name) {
		String n = name == null ? "" : name.strip();
		Optional<String> line = symbolOf(n);
		if (line.isPresent() && !line.get().equals(n))
			return " (the element of " + n + " is " + line.get() + ")";
		String capitalised = n.isEmpty() ? n : n.substring(0, 1).toUpperCase(Locale.ROOT) + n.substring(1).toLowerCase(Locale.ROOT);
		Optional<String> fixed = symbolOf(capitalised);
		return fixed.isPresent() && fixed.get().equals(capitalised) ? " (symbols are capitalised: " + capitalised + ")" : "";
	}
}
