package org.fusedtomo.report;

import java.awt.Color;
import java.util.Map;

/**
 * One display colour per element, the same in montages, plots and composites, so a microscopist
 * learns them once. Known elements get a fixed colour; others cycle through a distinct palette.
 */
public final class ElementColours {

	private static final Map<String, Color> FIXED = Map.ofEntries(
		Map.entry("HAADF", Color.WHITE), Map.entry("O", new Color(255, 64, 64)), Map.entry("Co", new Color(64, 128, 255)),
		Map.entry("Mn", new Color(255, 0, 255)), Map.entry("Fe", new Color(255, 160, 0)), Map.entry("Au", new Color(255, 215, 0)),
		Map.entry("Ti", new Color(0, 220, 220)), Map.entry("Si", new Color(0, 200, 0)), Map.entry("Pt", new Color(200, 200, 255)),
		Map.entry("Ag", new Color(192, 192, 192)), Map.entry("S", new Color(255, 255, 0)), Map.entry("Ce", new Color(0, 255, 128)));

	private static final Color[] PALETTE = { Color.GREEN, Color.MAGENTA, Color.CYAN, Color.YELLOW, Color.RED, Color.BLUE, Color.ORANGE, Color.PINK };

	private ElementColours() {}

	/**
	 * The colour of {@code element}, or of the first word of a label such as "Co fused"; {@code index} is
	 * its position, used for elements without a fixed colour.
	 */
	public static Color of(String element, int index) {
		Color c = FIXED.get(element.split(" ", 2)[0]);
		return c != null ? c : PALETTE[Math.floorMod(index, PALETTE.length)];
	}
}
