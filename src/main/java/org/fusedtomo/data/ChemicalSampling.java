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

	/** True when every one of {@code samplings} is the HAADF grid (also when there are none). */
	public static boolean allFull(java.util.Collection<ChemicalSampling> samplings) {
		return samplings.stream().allMatch(ChemicalSampling::isFull);
	}

	/** Relative tolerance on the pixel-size ratio that counts as an integer factor. */
	public static final double FACTOR_TOLERANCE = 1e-3;
	/**
	 * Relative difference of pixel sizes up to which maps with the HAADF's pixel count lie on its grid, as they
	 * always did: detectors of one microscope are often calibrated a per cent or so apart.
	 */
	public static final double SAME_GRID_TOLERANCE = 0.02;

	/**
	 * The sampling of a chemical map whose pixels are {@code chemPixelSize} while the HAADF's are
	 * {@code haadfPixelSize} (same unit), with its first pixel at the HAADF origin.
	 *
	 * @throws IllegalArgumentException when the ratio is not an integer of at least 1 within
	 *         {@link #FACTOR_TOLERANCE} (relative)
	 */
	public static ChemicalSampling fromPixelSizes(double haadfPixelSize, double chemPixelSize) {
		double ratio = chemPixelSize / haadfPixelSize;
		long f = Math.round(ratio);
		if (!(f >= 1) || !(Math.abs(ratio - f) <= FACTOR_TOLERANCE * ratio))
			throw new IllegalArgumentException("its pixel size " + chemPixelSize + " is " + String.format(java.util.Locale.ROOT, "%.4g", ratio)
				+ " times the HAADF's " + haadfPixelSize + "; it must be a whole multiple (1, 2, 3, ...) of it");
		return new ChemicalSampling((int) f, 0, 0);
	}

	/**
	 * The sampling of a chemical series on a HAADF series: equal projection sizes with no pixel sizes to
	 * compare (or equal ones, within {@link #SAME_GRID_TOLERANCE}) are {@link #FULL}; otherwise both calibrations must be lengths in one unit,
	 * and {@link #fromPixelSizes} decides the factor, the window starting at the HAADF origin (no reader
	 * records an origin). The window is checked by {@link #checkFits}.
	 *
	 * @throws IllegalArgumentException (a message about the chemical series, to be prefixed by its name)
	 *         when the factor or the window does not fit
	 */
	public static ChemicalSampling of(TiltSeries haadf, TiltSeries chemical) {
		Calibration h = haadf.calibration(), c = chemical.calibration();
		boolean lengths = h != null && c != null && h.unit().equals(c.unit()) && !h.unit().equals(Calibration.PIXEL.unit());
		boolean sameSize = haadf.width() == chemical.width() && haadf.height() == chemical.height();
		ChemicalSampling s;
		if (lengths)
			s = sameSize && Math.abs(c.pixelSize() / h.pixelSize() - 1) <= SAME_GRID_TOLERANCE ? FULL : fromPixelSizes(h.pixelSize(), c.pixelSize());
		else if (sameSize)
			s = FULL;
		else
			throw new IllegalArgumentException("its projections are " + chemical.width() + " x " + chemical.height() + " pixels but the HAADF's are " + haadf.width()
				+ " x " + haadf.height() + ", and no pixel sizes in one length unit say how they lie on each other; give the binning factor and window");
		s.checkFits(haadf.width(), haadf.height(), chemical.width(), chemical.height());
		return s;
	}

	/**
	 * Parses {@code FACTOR} or {@code FACTOR,X0,Y0} (HAADF pixels).
	 *
	 * @throws IllegalArgumentException with a message naming the expected form
	 */
	public static ChemicalSampling parse(String spec) {
		String[] parts = spec == null ? new String[0] : spec.trim().split("\\s*,\\s*");
		try {
			if (parts.length == 1)
				return new ChemicalSampling(Integer.parseInt(parts[0]), 0, 0);
			if (parts.length == 3)
				return new ChemicalSampling(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
		}
		catch (NumberFormatException e) {
			// NB: reported below with the expected form.
		}
		throw new IllegalArgumentException("'" + spec + "' is not FACTOR or FACTOR,X0,Y0 (whole numbers: binning factor, then the HAADF pixel of the map's first pixel)");
	}

	/**
	 * Checks that a {@code chemWidth} x {@code chemHeight} map at this sampling lies inside a
	 * {@code haadfWidth} x {@code haadfHeight} HAADF projection.
	 *
	 * @throws IllegalArgumentException (a message about the chemical series) when it reaches outside
	 */
	public void checkFits(int haadfWidth, int haadfHeight, int chemWidth, int chemHeight) {
		long right = originX + (long) factor * chemWidth, bottom = originY + (long) factor * chemHeight;
		if (right > haadfWidth || bottom > haadfHeight)
			throw new IllegalArgumentException("its " + chemWidth + " x " + chemHeight + " pixels binned " + factor + " x " + factor + " from (" + originX + ", " + originY
				+ ") cover HAADF pixels up to (" + right + ", " + bottom + "), outside the HAADF's " + haadfWidth + " x " + haadfHeight);
	}

	/** The {@link #parse} form, {@code FACTOR,X0,Y0}. */
	public String spec() {
		return factor + "," + originX + "," + originY;
	}

	/** The largest factor of {@code samplings}, 1 when there are none. */
	public static int coarsest(java.util.Collection<ChemicalSampling> samplings) {
		return samplings.stream().mapToInt(ChemicalSampling::factor).max().orElse(1);
	}
}
