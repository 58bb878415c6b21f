package org.fusedtomo.spectra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.spectra.SpectrumImage.SpectrumKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A series of synthetic spectrum-image files made into tilt series of maps. */
class ElementMapSeriesTest {

	static final EnergyAxis AXIS = new EnergyAxis(-0.02, 0.02, 512);

	@TempDir
	Path dir;

	/**
	 * A synthetic EDS spectrum image for tilt {@code angle}: Fe_Ka and Pt_La with areas growing with x and with the
	 * angle, a flat background, and a HAADF image whose every pixel holds the angle.
	 */
	static SyntheticSpectrumImage eds(String source, int n, double angle) {
		SyntheticSpectrumImage si = new SyntheticSpectrumImage(source, n, n, AXIS, SpectrumKind.EDS, (x, y, axis, counts) -> {
			for (int c = 0; c < counts.length; c++)
				counts[c] = 0.2;
			SyntheticSpectrumImage.addGaussian(axis, counts, 50 + x + angle, 6.4039, LineWindows.fwhmKeV(130, 6.4039));
			SyntheticSpectrumImage.addGaussian(axis, counts, 30 + y, 9.4421, LineWindows.fwhmKeV(130, 9.4421));
		}, null).withCalibration(new Calibration(13.08, "nm"));
		float[] haadf = new float[n * n];
		java.util.Arrays.fill(haadf, (float) angle);
		return si.withImage("HAADF", n, n, haadf);
	}

	/** Empty files named as given, opened as {@link #eds} images whose tilt is the number in {@code angles}. */
	Map<Path, SyntheticSpectrumImage> files(String[] names, double[] angles, int[] sizes) throws IOException {
		Map<Path, SyntheticSpectrumImage> m = new java.util.LinkedHashMap<>();
		for (int i = 0; i < names.length; i++) {
			Path p = Files.createFile(dir.resolve(names[i]));
			m.put(p, eds(names[i], sizes == null ? 8 : sizes[i], angles[i]));
		}
		return m;
	}

	static ElementMapSeries.Opener opener(Map<Path, ? extends SpectrumImage> m) {
		Map<Path, SpectrumImage> byPath = new HashMap<>(m);
		return f -> List.of(byPath.get(f));
	}

	@Test
	void anglesFromFileNames() {
		assertEquals(-40.0, ElementMapSeries.angleFromName(Path.of("-40.bcf")));
		assertEquals(-40.5, ElementMapSeries.angleFromName(Path.of("tilt_-40.5deg.emd")));
		assertEquals(10.0, ElementMapSeries.angleFromName(Path.of("sample_tilt+10.dm4")));
		assertEquals(35.0, ElementMapSeries.angleFromName(Path.of("a/35.bcf")));
		assertNull(ElementMapSeries.angleFromName(Path.of("IDP_001.bcf")));
	}

	@Test
	void mapsAreSortedByAngleWithHaadfAndCalibration() throws IOException {
		Map<Path, SyntheticSpectrumImage> m = files(new String[] { "10.bcf", "-20.bcf", "tilt_0deg.bcf" }, new double[] { 10, -20, 0 }, null);
		m.values().iterator().next().withTilt(15); // metadata beats the name
		ElementMapSeries.Result r = ElementMapSeries.run(new ArrayList<>(m.keySet()), ElementMapSeries.lines("Fe_Ka,Pt_La"), MapSettings.DEFAULT, null, opener(m), Monitor.NONE);
		assertEquals(List.of("HAADF", "Fe", "Pt"), new ArrayList<>(r.series().keySet()));
		TiltSeries h = r.series().get("HAADF"), fe = r.series().get("Fe");
		assertEquals(List.of(-20.0, 0.0, 15.0), java.util.Arrays.stream(fe.anglesDeg()).boxed().toList());
		assertEquals(List.of("file name", "file name", "metadata"), r.tilts().stream().map(ElementMapSeries.Tilt::angleSource).toList());
		for (int a = 0; a < 3; a++) {
			assertEquals(new double[] { -20, 0, 10 }[a], h.data()[a * 64], 0, "HAADF slice " + a + " comes from its own file");
			// Fe area 50 + x + (file's simulated angle), the +-FWHM window holding 98.1 % of it, on 0.2 counts per channel.
			double fileAngle = new double[] { -20, 0, 10 }[a];
			int channels = r.windows().get(SpectrumKind.EDS).get(0).signal().channels();
			assertEquals(0.981 * (50 + 3 + fileAngle) + 0.2 * channels, fe.data()[a * 64 + 3], 0.5, "Fe at x = 3, tilt " + a);
		}
		assertEquals(new Calibration(13.08, "nm"), fe.calibration());
		m.values().forEach(si -> assertEquals(1, si.scans(), "each file read once"));
		assertEquals(3, r.sumSpectra().get(SpectrumKind.EDS).size());
	}

	/** Files without an image named HAADF, ADF or DF get a note naming what they hold (no HAADF was written without a word); a DF image used as the HAADF is named. */
	@Test
	void aMissingOrRenamedHaadfIsNoted() throws IOException {
		Map<Path, SyntheticSpectrumImage> m = files(new String[] { "-5.bcf", "5.bcf" }, new double[] { -5, 5 }, null);
		for (SyntheticSpectrumImage si : m.values()) {
			float[] image = si.images().remove("HAADF").pixels();
			si.withImage("Ch 1", 8, 8, image);
		}
		ElementMapSeries.Result r = ElementMapSeries.run(new ArrayList<>(m.keySet()), ElementMapSeries.lines("Fe_Ka"), MapSettings.DEFAULT, null, opener(m), Monitor.NONE);
		assertFalse(r.series().containsKey("HAADF"));
		assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("HAADF not written") && n.contains("Ch 1")), r.notes().toString());
		Map<Path, SyntheticSpectrumImage> df = files(new String[] { "-6.bcf", "6.bcf" }, new double[] { -6, 6 }, null);
		for (SyntheticSpectrumImage si : df.values()) {
			float[] image = si.images().remove("HAADF").pixels();
			si.withImage("DF-S", 8, 8, image);
		}
		ElementMapSeries.Result d = ElementMapSeries.run(new ArrayList<>(df.keySet()), ElementMapSeries.lines("Fe_Ka"), MapSettings.DEFAULT, null, opener(df), Monitor.NONE);
		assertTrue(d.series().containsKey("HAADF"));
		assertTrue(d.notes().contains("HAADF is the files' 'DF-S' image"), d.notes().toString());
	}

	/**
	 * Two files at one tilt are repeated exposures, as in every other reader: kept as two projections in the order
	 * given, each with its own maps, and named in a note (maps refused them: "has the same tilt").
	 */
	@Test
	void filesAtOneTiltAreRepeatedExposuresInTheOrderGiven() throws IOException {
		// The names give the tilts; the simulated content (HAADF value, Fe area) tells the files apart.
		Map<Path, SyntheticSpectrumImage> m = files(new String[] { "10.bcf", "0deg_b.bcf", "0deg_a.bcf" }, new double[] { 10, 1, 2 }, null);
		ElementMapSeries.Result r = ElementMapSeries.run(new ArrayList<>(m.keySet()), ElementMapSeries.lines("Fe_Ka"), MapSettings.DEFAULT, null, opener(m), Monitor.NONE);
		TiltSeries h = r.series().get("HAADF"), fe = r.series().get("Fe");
		assertEquals(List.of(0.0, 0.0, 10.0), java.util.Arrays.stream(fe.anglesDeg()).boxed().toList());
		assertEquals(List.of("0deg_b.bcf", "0deg_a.bcf", "10.bcf"), r.tilts().stream().map(t -> t.file().getFileName().toString()).toList());
		double[] content = { 1, 2, 10 };
		int channels = r.windows().get(SpectrumKind.EDS).get(0).signal().channels();
		for (int a = 0; a < 3; a++) {
			assertEquals(content[a], h.data()[a * 64], 0, "HAADF slice " + a);
			assertEquals(0.981 * (50 + 3 + content[a]) + 0.2 * channels, fe.data()[a * 64 + 3], 0.5, "Fe at x = 3, slice " + a);
		}
		assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("tilt 0.0 deg is held by 2 files (0deg_b.bcf, 0deg_a.bcf)")), r.notes().toString());
	}

	/**
	 * A file with one EELS image per energy range (as Velox writes them): when no range holds an edge's windows, the
	 * refusal gives every range's reason and the shorter window that fits (it named the first range only, 0.800-1.146 keV,
	 * not the 0.480-0.826 keV one that nearly holds Co_L3); with that window the nearly fitting image is used.
	 */
	@Test
	void anEdgeNoRangeHoldsNamesEveryRangeAndTheWindowThatFits() throws IOException {
		Path f = Files.createFile(dir.resolve("0.emd"));
		// 1 eV channels: 0.7995-1.1455 keV and 0.4795-0.8255 keV (outer channel edges).
		SyntheticSpectrumImage high = new SyntheticSpectrumImage("high", 4, 4, new EnergyAxis(0.8, 0.001, 346), SpectrumKind.EELS, (x, y, a, c) -> java.util.Arrays.fill(c, 5), null);
		SyntheticSpectrumImage low = new SyntheticSpectrumImage("low", 4, 4, new EnergyAxis(0.48, 0.001, 346), SpectrumKind.EELS, (x, y, a, c) -> java.util.Arrays.fill(c, 5), null);
		ElementMapSeries.Opener opener = p -> List.of(high, low);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ElementMapSeries.run(List.of(f), ElementMapSeries.lines("Co_L3"), MapSettings.DEFAULT, null, opener, Monitor.NONE));
		// Co_L3 at 779 eV, 50 eV edge window to 829 eV; the low range ends at 825.5 eV: 46 eV fit.
		assertTrue(e.getMessage().contains("none of its 2 EELS spectrum images") && e.getMessage().contains("0.800-1.146 keV")
			&& e.getMessage().contains("0.480-0.826 keV (--edge-width 46 or less fits)"), e.getMessage());
		MapSettings d = MapSettings.DEFAULT, narrower = new MapSettings(d.resolutionMnKaEv(), d.integrationFwhm(), d.edsBackground(), d.backgroundOffsetFwhm(),
			d.backgroundWidthFwhm(), d.preEdgeEv(), d.edgeGapEv(), 46, d.fitBin(), d.bin());
		ElementMapSeries.Result r = ElementMapSeries.run(List.of(f), ElementMapSeries.lines("Co_L3"), narrower, null, opener, Monitor.NONE);
		assertEquals(0.48, r.axes().get(SpectrumKind.EELS).offsetKeV(), 0);
	}

	/** A line whose window holds no count in any pixel of any tilt is named in a note (the map was written all zero without a word). */
	@Test
	void aLineWithoutCountsIsNoted() throws IOException {
		Map<Path, SyntheticSpectrumImage> m = new java.util.LinkedHashMap<>();
		for (int a : new int[] { -10, 10 }) {
			Path p = Files.createFile(dir.resolve(a + ".bcf"));
			// Fe_Ka only, no background: Cu_Ka's window (8.05 keV, 1.6 keV and 27 sigma away) holds exactly 0.
			m.put(p, new SyntheticSpectrumImage(p.toString(), 4, 4, AXIS, SpectrumKind.EDS,
				(x, y, axis, counts) -> SyntheticSpectrumImage.addGaussian(axis, counts, 50, 6.4039, LineWindows.fwhmKeV(130, 6.4039)), null));
		}
		ElementMapSeries.Result r = ElementMapSeries.run(new ArrayList<>(m.keySet()), ElementMapSeries.lines("Fe_Ka,Cu_Ka"), MapSettings.DEFAULT, null, opener(m), Monitor.NONE);
		for (float v : r.series().get("Cu").data())
			assertEquals(0f, v);
		assertTrue(r.notes().contains("Cu: its window holds no counts in any pixel of any tilt (is the element in the specimen?)"), r.notes().toString());
		assertTrue(r.notes().stream().noneMatch(n -> n.startsWith("Fe")), r.notes().toString());
	}

	/**
	 * A line whose window holds only the background is noted with its counts (its map was the background under the
	 * window without a word); a line with a peak is not. Flat background 0.2 per channel, Fe_Ka peak of area 50 per
	 * pixel, nothing at Cu_Ka: Cu's window holds 0.2 x channels x pixels x tilts, and the side-window line of a flat
	 * background predicts exactly that, with subtraction on or off.
	 */
	@Test
	void aLineOfOnlyBackgroundIsNotedWithItsCounts() throws IOException {
		for (boolean subtract : new boolean[] { false, true }) {
			Map<Path, SyntheticSpectrumImage> m = new java.util.LinkedHashMap<>();
			for (int a : new int[] { -10, 10 }) {
				Path p = Files.createFile(Files.createDirectories(dir.resolve("subtract-" + subtract)).resolve(a + ".bcf"));
				m.put(p, new SyntheticSpectrumImage(p.toString(), 4, 4, AXIS, SpectrumKind.EDS, (x, y, axis, counts) -> {
					java.util.Arrays.fill(counts, 0.2);
					SyntheticSpectrumImage.addGaussian(axis, counts, 50, 6.4039, LineWindows.fwhmKeV(130, 6.4039));
				}, null));
			}
			ElementMapSeries.Result r = ElementMapSeries.run(new ArrayList<>(m.keySet()), ElementMapSeries.lines("Fe_Ka,Cu_Ka"), MapSettings.DEFAULT.withEdsBackground(subtract), null,
				opener(m), Monitor.NONE);
			int channels = r.windows().get(SpectrumKind.EDS).get(1).signal().channels();
			double expected = 0.2 * channels * 16 * 2;
			String note = String.format(java.util.Locale.ROOT, "Cu_Ka: its window holds %.0f counts in the summed spectrum against %.0f expected from the background (excess 0, under 3 sigma = %.0f)",
				expected, expected, 3 * Math.sqrt(2 * expected));
			assertTrue(r.notes().stream().anyMatch(n -> n.startsWith(note)), note + " in " + r.notes());
			assertTrue(r.notes().stream().noneMatch(n -> n.startsWith("Fe_Ka")), r.notes().toString());
		}
	}

	/** Real Bruker file test_TEM.bcf: Mo_Ka (no Mo in its sum spectrum) is noted as background, Si_Ka and O_Ka are not; skipped without ../shared/data. */
	@Test
	void aLineAbsentFromARealSpecimenIsNoted() throws IOException {
		Path bcf = org.fusedtomo.io.RealData.require("spectra/test_TEM.bcf");
		ElementMapSeries.Result r = ElementMapSeries.run(List.of(bcf), ElementMapSeries.lines("Si_Ka,O_Ka,Mo_Ka"), MapSettings.DEFAULT, new double[] { 0 },
			org.fusedtomo.io.readers.SpectrumImageReaders::open, Monitor.NONE);
		assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("Mo_Ka: its window holds")), r.notes().toString());
		assertTrue(r.notes().stream().noneMatch(n -> n.startsWith("Si_Ka") || n.startsWith("O_Ka")), r.notes().toString());
	}

	@Test
	void filesOfDifferentSizesAreRefusedBeforeAnySpectrumIsRead() throws IOException {
		Map<Path, SyntheticSpectrumImage> m = files(new String[] { "-5.bcf", "0.bcf", "5.bcf" }, new double[] { -5, 0, 5 }, new int[] { 8, 8, 6 });
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ElementMapSeries.run(new ArrayList<>(m.keySet()), ElementMapSeries.lines("Fe_Ka"), MapSettings.DEFAULT, null, opener(m), Monitor.NONE));
		assertTrue(e.getMessage().contains("5.bcf") && e.getMessage().contains("6 x 6"), e.getMessage());
		m.values().forEach(si -> assertEquals(0, si.scans()));
	}

	@Test
	void anglesFromTheFallbackInFileNameOrderOnlyWhenNeeded() throws IOException {
		Map<Path, SyntheticSpectrumImage> m = files(new String[] { "b.bcf", "a.bcf", "c.bcf" }, new double[] { 1, 2, 3 }, null);
		List<Path> files = new ArrayList<>(m.keySet());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> ElementMapSeries.run(files, ElementMapSeries.lines("Fe_Ka"), MapSettings.DEFAULT, null, opener(m), Monitor.NONE));
		assertTrue(e.getMessage().contains("--angles"), e.getMessage());
		ElementMapSeries.Result r = ElementMapSeries.run(files, ElementMapSeries.lines("Fe_Ka"), MapSettings.DEFAULT, new double[] { 30, 10, 20 }, opener(m), Monitor.NONE);
		// a.bcf gets 30, b.bcf 10, c.bcf 20; sorted: b, c, a.
		assertEquals(List.of("b.bcf", "c.bcf", "a.bcf"), r.tilts().stream().map(t -> t.file().getFileName().toString()).toList());
		assertThrows(IllegalArgumentException.class,
			() -> ElementMapSeries.run(files, ElementMapSeries.lines("Fe_Ka"), MapSettings.DEFAULT, new double[] { 1, 2 }, opener(m), Monitor.NONE));
	}

	@Test
	void severalLinesOfOneElementAreNamedByLine() {
		assertEquals(Map.of("Fe_Ka", "Fe_Ka", "Fe_La", "Fe_La", "Pt_La", "Pt"), ElementMapSeries.outputNames(ElementMapSeries.lines("Fe_Ka,Fe_La,Pt_La")));
		assertThrows(IllegalArgumentException.class, () -> ElementMapSeries.lines("Fe_Ka,fe_ka"));
		assertThrows(IllegalArgumentException.class, () -> ElementMapSeries.lines(" , "));
	}

	@Test
	void foldersListTheirSpectrumImageFiles() throws IOException {
		Files.createFile(dir.resolve("2.bcf"));
		Files.createFile(dir.resolve("1.emd"));
		Files.createFile(dir.resolve("notes.txt"));
		assertEquals(List.of(dir.resolve("1.emd"), dir.resolve("2.bcf")), ElementMapSeries.files(List.of(dir)));
		Path empty = Files.createDirectory(dir.resolve("empty"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ElementMapSeries.files(List.of(empty)));
		assertTrue(e.getMessage().contains("holds no spectrum-image files"), e.getMessage());
	}
}
