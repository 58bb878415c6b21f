package org.fusedtomo.io;

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
}
