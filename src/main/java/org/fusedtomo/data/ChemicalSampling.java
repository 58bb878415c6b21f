package org.fusedtomo.data;

/**
 * Where a chemical map's pixel grid lies on the HAADF detector grid (issue 17, part 5): each chemical
 * pixel {@code (i, j)} covers the {@code factor × factor} HAADF pixels from
 * {@code (originX + factor·i, originY + factor·j)}. {@link #FULL} is the HAADF grid itself.
 *
 * @param factor integer binning factor (chemical pixel size ÷ HAADF pixel size), at least 1
 * @param originX HAADF column of the chemical grid's first pixel, at least 0
 * @param originY HAADF row of the chemical grid's first pixel, at least 0
 */
public record ChemicalSampling(int factor, int originX, int originY) {

	public static final ChemicalSampling FULL = new ChemicalSampling(1, 0, 0);

	public ChemicalSampling {
		if (factor < 1)
			throw new IllegalArgumentException("Chemical sampling factor must be a positive integer, got " + factor);
		if (originX < 0 || originY < 0)
			throw new IllegalArgumentException("Chemical sampling origin must be inside the HAADF grid, got (" + originX + ", " + originY + ")");
	}

	/** True when the chemical grid is the HAADF grid. */
	public boolean isFull() {
		return factor == 1 && originX == 0 && originY == 0;
	}
}
