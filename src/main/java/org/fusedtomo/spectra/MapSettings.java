package org.fusedtomo.spectra;

/**
 * How element maps are cut from spectrum images.
 *
 * @param resolutionMnKaEv EDS: the detector's energy resolution (FWHM) at Mn Ka in eV; HyperSpy's default is 130
 * @param integrationFwhm EDS: width of a line's integration window in FWHMs of the line, centred on it
 *        (HyperSpy's {@code estimate_integration_windows} default, 2)
 * @param edsBackground EDS: subtract the background interpolated from two side windows (HyperSpy's
 *        {@code estimate_background_windows} placement); false sums the window as it is, like HyperSpy's
 *        {@code get_lines_intensity} default
 * @param backgroundOffsetFwhm EDS: distance of each side window's inner edge from the line, in FWHMs (HyperSpy: 2)
 * @param backgroundWidthFwhm EDS: width of each side window in FWHMs (HyperSpy: 1)
 * @param preEdgeEv EELS: width of the pre-edge window in which the power law is fitted, eV
 * @param edgeGapEv EELS: gap between the end of the pre-edge window and the onset, eV
 * @param edgeWidthEv EELS: width of the edge's integration window from the onset, eV
 * @param fitBin EELS: the power-law exponent is fitted on fitBin x fitBin blocks of (output) pixels, 1 = per pixel;
 *        the amplitude is always each pixel's own
 * @param bin sum bin x bin neighbouring pixels of the spectrum image into one output pixel, 1 = none
 */
public record MapSettings(double resolutionMnKaEv, double integrationFwhm, boolean edsBackground, double backgroundOffsetFwhm, double backgroundWidthFwhm,
	double preEdgeEv, double edgeGapEv, double edgeWidthEv, int fitBin, int bin) {

	/** HyperSpy's EDS defaults without background subtraction; EELS 50 eV pre-edge, 5 eV gap, 50 eV edge, per-pixel fit. */
	public static final MapSettings DEFAULT = new MapSettings(130, 2, false, 2, 1, 50, 5, 50, 1, 1);

	public MapSettings {
		positive("energy resolution at Mn Ka (eV)", resolutionMnKaEv);
		positive("integration window width (FWHM)", integrationFwhm);
		positive("background window offset (FWHM)", backgroundOffsetFwhm);
		positive("background window width (FWHM)", backgroundWidthFwhm);
		positive("pre-edge window width (eV)", preEdgeEv);
		positive("edge window width (eV)", edgeWidthEv);
		if (!(edgeGapEv >= 0) || !Double.isFinite(edgeGapEv))
			throw new IllegalArgumentException("gap before the edge must be 0 or more eV, got " + edgeGapEv);
		if (fitBin < 1)
			throw new IllegalArgumentException("fit binning must be at least 1, got " + fitBin);
		if (bin < 1)
			throw new IllegalArgumentException("binning must be at least 1, got " + bin);
	}

	public MapSettings withEdsBackground(boolean on) {
		return new MapSettings(resolutionMnKaEv, integrationFwhm, on, backgroundOffsetFwhm, backgroundWidthFwhm, preEdgeEv, edgeGapEv, edgeWidthEv, fitBin, bin);
	}

	public MapSettings withResolution(double mnKaEv) {
		return new MapSettings(mnKaEv, integrationFwhm, edsBackground, backgroundOffsetFwhm, backgroundWidthFwhm, preEdgeEv, edgeGapEv, edgeWidthEv, fitBin, bin);
	}

	public MapSettings withEels(double preEdge, double gap, double edgeWidth, int fitBinning) {
		return new MapSettings(resolutionMnKaEv, integrationFwhm, edsBackground, backgroundOffsetFwhm, backgroundWidthFwhm, preEdge, gap, edgeWidth, fitBinning, bin);
	}

	public MapSettings withBin(int binning) {
		return new MapSettings(resolutionMnKaEv, integrationFwhm, edsBackground, backgroundOffsetFwhm, backgroundWidthFwhm, preEdgeEv, edgeGapEv, edgeWidthEv, fitBin, binning);
	}

	private static void positive(String what, double v) {
		if (!(v > 0) || !Double.isFinite(v))
			throw new IllegalArgumentException(what + " must be a positive number, got " + v);
	}
}
