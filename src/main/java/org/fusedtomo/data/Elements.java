package org.fusedtomo.data;

import java.util.HashMap;
import java.util.Map;

/** The periodic table: element symbol to atomic number Z, for the Z^γ HAADF model. */
public final class Elements {

	private static final String[] SYMBOLS = { "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar", "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I", "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No", "Lr", "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og" };

	private static final Map<String, Integer> Z = new HashMap<>();
	static {
		for (int i = 0; i < SYMBOLS.length; i++)
			Z.put(SYMBOLS[i], i + 1);
	}

	private Elements() {}

	/** Atomic number of a symbol such as "Fe" (case as in the periodic table). */
	public static int atomicNumber(String symbol) {
		Integer z = Z.get(symbol);
		if (z == null)
			throw new IllegalArgumentException("Unknown element symbol '" + symbol + "'; use a periodic-table symbol such as Fe, Co, O");
		return z;
	}

	public static boolean isElement(String symbol) {
		return Z.containsKey(symbol);
	}
}
