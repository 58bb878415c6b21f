package org.fusedtomo.spectra;

/** The synthetic tilt files of {@link ElementMapSeriesTest}, for tests in other packages. */
public final class SyntheticSpectrumImageAccess {

	private SyntheticSpectrumImageAccess() {}

	/** A synthetic EDS spectrum image of {@code n x n} pixels for tilt {@code angle}, see {@link ElementMapSeriesTest#eds}. */
	public static SpectrumImage eds(String source, int n, double angle) {
		return ElementMapSeriesTest.eds(source, n, angle);
	}
}
