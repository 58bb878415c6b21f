package org.fusedtomo.spectra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.fusedtomo.progress.Monitor;
import org.fusedtomo.spectra.SpectrumImage.SpectrumKind;
import org.junit.jupiter.api.Test;

/** Element maps from simulated spectrum images whose line and edge counts are known. */
class SpectrumMapsTest {

	private static final int N = 32;
	/** 0-10.24 keV in 10 eV channels, as an EDS detector records. */
	private static final EnergyAxis EDS_AXIS = new EnergyAxis(0.0, 0.01, 1024);
	private static final String[] EDS_LINES = { "Si_Ka", "Fe_Ka", "Pt_La" };

	/** Line areas (counts) of pixel (x, y): three different patterns. */
	private static double edsArea(int line, int x, int y) {
		return switch (line) {
			case 0 -> 800 * (1 + (double) x / N);
			case 1 -> 1200 * (1 + (double) y / N);
			default -> 600 * (0.5 + ((x / 4 + y / 4) % 2));
		};
	}

	/** A bremsstrahlung-like background, linear plus exponential, counts per 10 eV channel. */
	private static double edsBackground(double e) {
		return 12 - 0.8 * e + 25 * Math.exp(-e / 1.5);
	}

	private static SyntheticSpectrumImage edsImage(Long seed) {
		return new SyntheticSpectrumImage("sim-eds", N, N, EDS_AXIS, SpectrumKind.EDS, (x, y, axis, counts) -> {
			for (int c = 0; c < counts.length; c++)
				counts[c] = edsBackground(axis.energyKeV(c));
			for (int l = 0; l < EDS_LINES.length; l++) {
				double e = SpectralLines.xrayKeV(EDS_LINES[l]);
				SyntheticSpectrumImage.addGaussian(axis, counts, edsArea(l, x, y), e, LineWindows.fwhmKeV(130, e));
			}
		}, seed);
	}

	/** The line's own expected counts inside its integration window: what a perfect background subtraction leaves. */
	private static double edsTruth(int line, int x, int y, EnergyWindow w) {
		double[] counts = new double[EDS_AXIS.channels()];
		double e = SpectralLines.xrayKeV(EDS_LINES[line]);
		SyntheticSpectrumImage.addGaussian(EDS_AXIS, counts, edsArea(line, x, y), e, LineWindows.fwhmKeV(130, e));
		double t = 0;
		for (int c = w.start(); c < w.stop(); c++)
			t += counts[c];
		return t;
	}

	private static List<SpectralLines.Line> lines(String... names) {
		return java.util.Arrays.stream(names).map(SpectralLines::parse).toList();
	}

	@Test
	void lineNamesResolveToTheTablesEnergies() {
		assertEquals(6.4039, SpectralLines.parse("Fe_Ka").energyKeV(), 1e-9);
		assertEquals(9.4421, SpectralLines.parse("pt_la").energyKeV(), 1e-9);
		assertEquals("Pt_La", SpectralLines.parse("pt_la").name());
		assertEquals(SpectrumKind.EELS, SpectralLines.parse("Co_L3").kind());
		assertEquals(0.779, SpectralLines.parse("Co_L3").energyKeV(), 1e-9);
		assertEquals(0.532, SpectralLines.parse("O_K").energyKeV(), 1e-9);
		assertEquals("Fe", SpectralLines.parse("Fe_Ka").element());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpectralLines.parse("Fe_Kz"));
		assertTrue(e.getMessage().contains("Fe_Kz") && e.getMessage().contains("Fe_Ka"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> SpectralLines.parse("Xx_Ka"));
		assertThrows(IllegalArgumentException.class, () -> SpectralLines.parse("FeKa"));
	}

	@Test
	void edsWindowsAreHyperSpysDefaults() {
		// HyperSpy: FWHM(E) = sqrt(2.5 (E - E_MnKa)[eV] + 130²) eV; integration window = line ± FWHM.
		assertEquals(0.130, LineWindows.fwhmKeV(130, 5.8987), 1e-12);
		assertEquals(Math.sqrt(2.5 * (6.4039 - 5.8987) * 1000 + 130 * 130) / 1000, LineWindows.fwhmKeV(130, 6.4039), 1e-12);
		LineWindows fe = LineWindows.of(lines("Fe_Ka"), EDS_AXIS, MapSettings.DEFAULT, "test").get(0);
		double f = fe.fwhmKeV();
		// isig[6.4039 - f : 6.4039 + f] on a 10 eV axis from 0: nearest channel centres, upper bound exclusive.
		assertEquals(Math.round((6.4039 - f) / 0.01), fe.signal().start());
		assertEquals(Math.round((6.4039 + f) / 0.01), fe.signal().stop());
		assertTrue(fe.background().isEmpty());
		LineWindows bg = LineWindows.of(lines("Fe_Ka"), EDS_AXIS, MapSettings.DEFAULT.withEdsBackground(true), "test").get(0);
		assertEquals(Math.round((6.4039 - 3 * f) / 0.01), bg.background().get(0).start());
		assertEquals(Math.round((6.4039 + 3 * f) / 0.01), bg.background().get(1).stop());
	}

	/**
	 * EDS integration windows that share channels get a note on each line naming the other and the channels shared
	 * (Si_Ka and Sr_La, 66 eV apart, both counted their common channels without a word); apart windows get none.
	 */
	@Test
	void edsWindowsThatShareChannelsAreNoted() {
		// HyperSpy's windows: line ± FWHM(E), FWHM² = 2.5 (E - 5898.7 eV) + 130², bounds to the nearest 10 eV channel.
		double si = 1.7397, sr = 1.8065;
		double fSi = Math.sqrt(2.5 * (si - 5.8987) * 1000 + 130 * 130) / 1000, fSr = Math.sqrt(2.5 * (sr - 5.8987) * 1000 + 130 * 130) / 1000;
		long shared = Math.min(Math.round((si + fSi) / 0.01), Math.round((sr + fSr) / 0.01)) - Math.max(Math.round((si - fSi) / 0.01), Math.round((sr - fSr) / 0.01));
		assertTrue(shared > 0);
		List<LineWindows> w = LineWindows.of(lines("Si_Ka", "Sr_La"), EDS_AXIS, MapSettings.DEFAULT, "test");
		assertEquals("its window shares " + shared + " channels with that of Sr_La: both maps count them; narrow --window or map one of the two", w.get(0).note());
		assertTrue(w.get(1).note().startsWith("its window shares " + shared + " channels with that of Si_Ka"), w.get(1).note());
		for (LineWindows apart : LineWindows.of(lines("Fe_Ka", "Pt_La"), EDS_AXIS, MapSettings.DEFAULT, "test"))
			assertEquals("", apart.note(), apart.line().name());
	}

	/** A window narrower than a channel is refused as such (it was said to lie outside the energy range it lies in). */
	@Test
	void aWindowThatHoldsNoChannelIsRefusedAsTooNarrow() {
		MapSettings d = MapSettings.DEFAULT;
		MapSettings narrowEdge = new MapSettings(d.resolutionMnKaEv(), d.integrationFwhm(), false, d.backgroundOffsetFwhm(), d.backgroundWidthFwhm(), d.preEdgeEv(), d.edgeGapEv(),
			0.2, d.fitBin(), d.bin());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LineWindows.of(lines("O_K"), EELS_AXIS, narrowEdge, "x.dm4"));
		assertEquals("x.dm4: edge O_K: its edge window 532.0-532.2 eV holds no channel (0.500 eV each); give a wider --edge-width", e.getMessage());
		MapSettings narrowWindow = new MapSettings(d.resolutionMnKaEv(), 0.001, false, d.backgroundOffsetFwhm(), d.backgroundWidthFwhm(), d.preEdgeEv(), d.edgeGapEv(),
			d.edgeWidthEv(), d.fitBin(), d.bin());
		e = assertThrows(IllegalArgumentException.class, () -> LineWindows.of(lines("Fe_Ka"), EDS_AXIS, narrowWindow, "x.bcf"));
		assertTrue(e.getMessage().startsWith("x.bcf: line Fe_Ka: its window 6.4038-6.4040 keV holds no channel (10.0 eV each); give a wider --window"), e.getMessage());
	}

	@Test
	void edsMapsWithoutBackgroundAreTheWindowSums() throws IOException {
		SyntheticSpectrumImage si = edsImage(null);
		SpectrumMaps.Result r = SpectrumMaps.extract(si, lines(EDS_LINES), MapSettings.DEFAULT, Monitor.NONE);
		assertEquals(1, si.scans(), "one pass over the pixels");
		for (LineWindows lw : r.windows()) {
			float[] map = r.maps().get(lw.line().name());
			double[] counts = new double[EDS_AXIS.channels()];
			int x = 5, y = 17;
			si.scan((px, py, s) -> {
				if (px == x && py == y)
					for (int c = 0; c < s.length; c++)
						counts[c] = s[c];
			});
			double t = 0;
			for (int c = lw.signal().start(); c < lw.signal().stop(); c++)
				t += counts[c];
			assertEquals(t, map[y * N + x], 1e-3 * t);
		}
	}

	@Test
	void edsBackgroundSubtractionRecoversTheLineCounts() throws IOException {
		SpectrumMaps.Result r = SpectrumMaps.extract(edsImage(11L), lines(EDS_LINES), MapSettings.DEFAULT.withEdsBackground(true), Monitor.NONE);
		for (int l = 0; l < EDS_LINES.length; l++) {
			LineWindows lw = r.windows().get(l);
			assertEquals(2, lw.background().size(), lw.note());
			float[] map = r.maps().get(EDS_LINES[l]);
			double sumMap = 0, sumTruth = 0, sq = 0;
			for (int y = 0; y < N; y++)
				for (int x = 0; x < N; x++) {
					double t = edsTruth(l, x, y, lw.signal());
					sumMap += map[y * N + x];
					sumTruth += t;
					sq += (map[y * N + x] - t) * (map[y * N + x] - t) / (t * t);
				}
			double rms = Math.sqrt(sq / (N * N));
			System.out.printf("EDS %s: total %.4f of truth, per-pixel rms relative error %.3f%n", EDS_LINES[l], sumMap / sumTruth, rms);
			assertEquals(1, sumMap / sumTruth, 0.01, EDS_LINES[l] + " total");
			assertTrue(rms < 0.08, EDS_LINES[l] + " per-pixel rms relative error " + rms);
		}
	}

	@Test
	void binningSumsNeighbouringPixels() throws IOException {
		SyntheticSpectrumImage si = edsImage(3L);
		SpectrumMaps.Result full = SpectrumMaps.extract(si, lines("Fe_Ka"), MapSettings.DEFAULT, Monitor.NONE);
		SpectrumMaps.Result binned = SpectrumMaps.extract(si, lines("Fe_Ka"), MapSettings.DEFAULT.withBin(4), Monitor.NONE);
		assertEquals(N / 4, binned.width());
		float[] a = full.maps().get("Fe_Ka"), b = binned.maps().get("Fe_Ka");
		double block = 0;
		for (int y = 4; y < 8; y++)
			for (int x = 8; x < 12; x++)
				block += a[y * N + x];
		assertEquals(block, b[1 * (N / 4) + 2], 1e-3 * block);
		assertEquals(4.0, binned.calibration().pixelSize() / full.calibration().pixelSize(), 1e-12);
	}

	// ---------------------------------------------------------------- EELS

	/** 400-912 eV in 0.5 eV channels. */
	private static final EnergyAxis EELS_AXIS = new EnergyAxis(0.4, 0.0005, 1024);
	private static final double R = 3.2;

	/** An edge confined to [onset, onset + 40 eV] of total {@code area}: a white line on a decaying step. */
	private static void addEdge(EnergyAxis axis, double[] counts, double onsetKeV, double area) {
		double[] shape = new double[counts.length];
		double total = 0;
		for (int c = 0; c < counts.length; c++) {
			double d = (axis.energyKeV(c) - onsetKeV) * 1000;
			if (d < 0 || d > 40)
				continue;
			shape[c] = (1 - d / 40) + 3 * Math.exp(-0.5 * Math.pow((d - 3) / 1.5, 2));
			total += shape[c];
		}
		for (int c = 0; c < counts.length; c++)
			counts[c] += area * shape[c] / total;
	}

	private static double eelsArea(int edge, int x, int y, double scale) {
		return scale * (edge == 0 ? 1 + (double) x / N : 0.5 + ((x / 8 + y / 8) % 2));
	}

	/** Power law A·E^-R with A varying over the image (thickness), {@code level} counts per channel at 500 eV. */
	private static SyntheticSpectrumImage eelsImage(double level, double edgeScale, long seed) {
		return eelsImage(N, level, edgeScale, seed);
	}

	private static SyntheticSpectrumImage eelsImage(int n, double level, double edgeScale, long seed) {
		return new SyntheticSpectrumImage("sim-eels", n, n, EELS_AXIS, SpectrumKind.EELS, (x, y, axis, counts) -> {
			double a = level * (1 + 0.5 * y / N) * Math.pow(500, R);
			for (int c = 0; c < counts.length; c++) {
				double lo = axis.energyKeV(c - 0.5) * 1000, hi = axis.energyKeV(c + 0.5) * 1000;
				counts[c] = a * SpectrumMaps.integral(lo, hi, R) / (hi - lo) * 0.5;
			}
			addEdge(axis, counts, 0.532, eelsArea(0, x, y, edgeScale));
			addEdge(axis, counts, 0.779, eelsArea(1, x, y, edgeScale));
		}, seed);
	}

	@Test
	void eelsMapsWithinFivePercentAtHighCounts() throws IOException {
		SpectrumMaps.Result r = SpectrumMaps.extract(eelsImage(20000, 400000, 5L), lines("O_K", "Co_L3"), MapSettings.DEFAULT, Monitor.NONE);
		String[] edges = { "O_K", "Co_L3" };
		for (int e = 0; e < 2; e++) {
			float[] map = r.maps().get(edges[e]), exponent = r.exponents().get(edges[e]);
			double worst = 0, meanR = 0, sqR = 0;
			for (int y = 0; y < N; y++)
				for (int x = 0; x < N; x++) {
					double t = eelsArea(e, x, y, 400000);
					worst = Math.max(worst, Math.abs(map[y * N + x] - t) / t);
					meanR += exponent[y * N + x] / (N * N);
					sqR += Math.pow(exponent[y * N + x] - R, 2) / (N * N);
				}
			System.out.printf("EELS %s high counts: worst per-pixel relative error %.4f, r mean %.4f rms error %.4f (truth %.1f)%n", edges[e], worst, meanR, Math.sqrt(sqR), R);
			assertTrue(worst < 0.05, edges[e] + ": worst per-pixel error " + worst);
			assertEquals(R, meanR, 0.02, edges[e] + ": mean exponent");
			assertTrue(Math.sqrt(sqR) < 0.2, edges[e] + ": rms exponent error " + Math.sqrt(sqR));
		}
	}

	@Test
	void eelsMapsUnbiasedAtLowCountsWithABinnedFit() throws IOException {
		// About 2 background counts per channel at 500 eV and 30-90 edge counts per pixel; the exponent from the
		// whole image (fit binning = image size). Its error is shared by every pixel of an image, so unbiasedness is
		// judged over independent images: the mean of their mean errors against its own standard error.
		String[] edges = { "O_K", "Co_L3" };
		int images = 30, n = 16;
		double[][] imageMean = new double[2][images];
		for (int k = 0; k < images; k++) {
			SpectrumMaps.Result r = SpectrumMaps.extract(eelsImage(n, 2, 60, 500 + k), lines(edges), MapSettings.DEFAULT.withEels(50, 5, 50, n), Monitor.NONE);
			for (int e = 0; e < 2; e++) {
				float[] map = r.maps().get(edges[e]);
				for (int y = 0; y < n; y++)
					for (int x = 0; x < n; x++)
						imageMean[e][k] += (map[y * n + x] - eelsArea(e, x, y, 60)) / (n * n);
			}
		}
		for (int e = 0; e < 2; e++) {
			double mean = java.util.Arrays.stream(imageMean[e]).average().orElseThrow(), sq = 0;
			for (double m : imageMean[e])
				sq += (m - mean) * (m - mean) / (images - 1);
			double se = Math.sqrt(sq / images);
			double truthMean = 0;
			for (int y = 0; y < n; y++)
				for (int x = 0; x < n; x++)
					truthMean += eelsArea(e, x, y, 60) / (n * n);
			System.out.printf("EELS %s low counts (%d images): mean error %.3f counts per pixel (standard error %.3f) on a mean edge of %.1f counts%n", edges[e], images, mean,
				se, truthMean);
			assertTrue(Math.abs(mean) < 3 * se, edges[e] + ": mean error " + mean + " vs standard error " + se);
			assertTrue(Math.abs(mean) < 0.05 * truthMean, edges[e] + ": mean error " + mean);
		}
	}

	@Test
	void anEelsPreEdgeOverAnotherEdgeIsNoted() {
		List<LineWindows> w = LineWindows.of(lines("Ti_L3", "O_K"), EELS_AXIS, MapSettings.DEFAULT, "test");
		assertTrue(w.get(1).note().contains("Ti_L3"), w.get(1).note());
		assertTrue(w.get(0).note().isEmpty(), w.get(0).note());
	}

	@Test
	void exponentSolvesTheTwoAreaRatioExactly() {
		for (double r : new double[] { 1.0, 2.5, 4.0, 6.0 }) {
			double i1 = SpectrumMaps.integral(300, 320, r), i2 = SpectrumMaps.integral(320, 340, r);
			assertEquals(r, SpectrumMaps.exponent(7 * i1, 7 * i2, 300, 320, 340), 1e-6);
		}
	}

	@Test
	void linesOutsideTheAxisOrOfTheOtherKindAreRefused() {
		SyntheticSpectrumImage eds = edsImage(null);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> SpectrumMaps.extract(eds, lines("Ag_Ka"), MapSettings.DEFAULT, Monitor.NONE));
		assertTrue(e.getMessage().contains("Ag_Ka") && e.getMessage().contains("outside the energy range"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> SpectrumMaps.extract(eds, lines("O_K"), MapSettings.DEFAULT, Monitor.NONE));
		assertTrue(e.getMessage().contains("EELS"), e.getMessage());
		SyntheticSpectrumImage eels = eelsImage(2, 60, 1L);
		e = assertThrows(IllegalArgumentException.class, () -> SpectrumMaps.extract(eels, lines("Cu_L3"), MapSettings.DEFAULT, Monitor.NONE));
		assertTrue(e.getMessage().contains("Cu_L3"), e.getMessage());
		assertEquals(0, eds.scans() + eels.scans(), "refused before reading any pixel");
	}

	@Test
	void cancelStopsTheScan() {
		Monitor cancelled = new Monitor() {
			@Override
			public void progress(String stage, long done, long total) {}

			@Override
			public boolean isCancelled() {
				return true;
			}
		};
		assertThrows(java.util.concurrent.CancellationException.class,
			() -> SpectrumMaps.extract(edsImage(null), lines("Fe_Ka"), MapSettings.DEFAULT, cancelled));
	}

	@Test
	void sumSpectrumHoldsEveryCount() throws IOException {
		SyntheticSpectrumImage si = edsImage(2L);
		SpectrumMaps.Result r = SpectrumMaps.extract(si, lines("Fe_Ka"), MapSettings.DEFAULT, Monitor.NONE);
		double[] total = new double[1];
		si.scan((x, y, s) -> {
			for (float v : s)
				total[0] += v;
		});
		assertEquals(total[0], java.util.Arrays.stream(r.sumSpectrum()).sum(), 1e-6 * total[0]);
		assertTrue(Map.of().isEmpty());
	}
}
