package org.fusedtomo.cli;

import static org.fusedtomo.cli.FusedTomoTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.fusedtomo.cli.FusedTomoTest.Run;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.readers.SeriesReaders;
import org.fusedtomo.spectra.ElementMapSeries;
import org.fusedtomo.spectra.SpectrumImage;
import org.fusedtomo.spectra.SyntheticSpectrumImageAccess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fusedtomo maps} on synthetic spectrum-image files. */
class MapsCommandTest {

	@TempDir
	Path dir;

	private final ElementMapSeries.Opener original = MapsCommand.opener;

	@AfterEach
	void restore() {
		MapsCommand.opener = original;
	}

	/** Three tilt files, the last {@code lastSize} pixels wide. */
	private Path tilts(int lastSize) throws IOException {
		Path in = Files.createDirectories(dir.resolve("in"));
		Map<Path, SpectrumImage> m = new HashMap<>();
		double[] angles = { 20, -20, 0 };
		for (int i = 0; i < angles.length; i++) {
			Path f = Files.createFile(in.resolve((int) angles[i] + ".bcf"));
			m.put(f, SyntheticSpectrumImageAccess.eds(f.toString(), i == 2 ? lastSize : 8, angles[i]));
		}
		MapsCommand.opener = f -> List.of(m.get(f));
		return in;
	}

	@Test
	void writesTiltSeriesThatTheReadersReadBack() throws IOException {
		Path in = tilts(8), out = dir.resolve("out");
		Run r = run("maps", "--input", in.toString(), "--lines", "Fe_Ka,Pt_La", "--background", "windows", "--out", out.toString());
		assertEquals(0, r.code(), r.err());
		for (String name : new String[] { "HAADF", "Fe", "Pt" }) {
			assertTrue(Files.isRegularFile(out.resolve(name + ".rawtlt")), name);
			TiltSeries s = SeriesReaders.read(out.resolve(name + ".tif")).haadf();
			assertArrayEquals(new double[] { -20, 0, 20 }, s.anglesDeg(), 1e-9, name);
			assertEquals(13.08, s.calibration().pixelSize(), 1e-9, name);
			assertEquals("nm", s.calibration().unit(), name);
		}
		assertEquals(-20f, SeriesReaders.read(out.resolve("HAADF.tif")).haadf().data()[0]);
		assertTrue(Files.size(out.resolve("spectrum-eds.png")) > 1000);
		String report = Files.readString(out.resolve("report.json"));
		assertTrue(report.contains("\"integration_window\"") && report.contains("\"background_windows\"") && report.contains("spectrum-eds.png"), report);
		assertTrue(Files.readString(out.resolve("sum-spectra-eds.csv")).startsWith("energy_kev,tilt_-20.0,tilt_0.0,tilt_20.0"));
	}

	/** maps --bin 2 writes files that say so (reconstruct then reads their counts as binned); without it they say nothing. */
	@Test
	void binnedMapsSayTheirBinning() throws IOException {
		Path in = tilts(8);
		for (int bin : new int[] { 1, 2 }) {
			Path out = dir.resolve("bin" + bin);
			Run r = run("maps", "--input", in.toString(), "--lines", "Fe_Ka", "--bin", String.valueOf(bin), "--out", out.toString());
			assertEquals(0, r.code(), r.err());
			for (String name : new String[] { "HAADF", "Fe" }) {
				org.fusedtomo.io.TiltSeriesFile f = SeriesReaders.read(out.resolve(name + ".tif"));
				assertEquals(8 / bin, f.haadf().width(), name);
				assertEquals(bin, f.binning(), name);
			}
		}
	}

	/** One file: "1 tilt (0.0 deg)", a stage a hair below 0 deg (Velox) not printed as -0.0; several: "3 tilts (-20.0 to 20.0 deg)". */
	@Test
	void theSummaryLineCountsTiltsAndRoundsWithoutMinusZero() throws IOException {
		Path one = Files.createDirectories(dir.resolve("one"));
		Path f = Files.createFile(one.resolve("a.emd"));
		SpectrumImage si = ((org.fusedtomo.spectra.SyntheticSpectrumImage) SyntheticSpectrumImageAccess.eds(f.toString(), 8, 0)).withTilt(-0.00018);
		MapsCommand.opener = p -> List.of(si);
		Run r = run("maps", "--input", one.toString(), "--lines", "Fe_Ka", "--out", dir.resolve("out1").toString());
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("from 1 tilt (0.0 deg) into"), r.out());
		Path in = tilts(8);
		Run three = run("maps", "--input", in.toString(), "--lines", "Fe_Ka", "--out", dir.resolve("out3").toString());
		assertEquals(0, three.code(), three.err());
		assertTrue(three.out().contains("from 3 tilts (-20.0 to 20.0 deg) into"), three.out());
		// Two files at 0 deg (repeated exposures): 4 files at 3 tilts, not "4 tilts".
		Path copy = Files.createFile(in.resolve("0deg_2.bcf"));
		SpectrumImage zero = SyntheticSpectrumImageAccess.eds(copy.toString(), 8, 0);
		ElementMapSeries.Opener three4 = MapsCommand.opener;
		MapsCommand.opener = p -> p.equals(copy) ? List.of(zero) : three4.open(p);
		Run four = run("maps", "--input", in.toString(), "--lines", "Fe_Ka", "--out", dir.resolve("out4").toString());
		assertEquals(0, four.code(), four.err());
		assertTrue(four.out().contains("from 4 files at 3 tilts (-20.0 to 20.0 deg) into"), four.out());
	}

	/** One file without a tilt takes one number as --angles (it was "5: no such tilt-angle file"; a range 5:5:1 was needed). */
	@Test
	void oneFileTakesOneAngle() throws IOException {
		Path f = Files.createFile(Files.createDirectories(dir.resolve("single")).resolve("survey.bcf"));
		SpectrumImage si = SyntheticSpectrumImageAccess.eds(f.toString(), 8, 0);
		MapsCommand.opener = p -> List.of(si);
		Path out = dir.resolve("one-angle");
		Run r = run("maps", "--input", f.toString(), "--lines", "Fe_Ka", "--angles", "5", "--out", out.toString());
		assertEquals(0, r.code(), r.err());
		assertArrayEquals(new double[] { 5 }, SeriesReaders.read(out.resolve("Fe.tif")).haadf().anglesDeg(), 0);
	}

	/**
	 * --angles in radians (numpy's deg2rad of -40..40) is refused naming the file, before any spectrum is read; maps
	 * wrote them as tilts of -0.7 to 0.7 deg, which reconstruct then read as such.
	 */
	@Test
	void anglesInRadiansAreRefusedBeforeAnySpectrumIsRead() throws IOException {
		Path in = Files.createDirectories(dir.resolve("no-tilts"));
		Map<Path, SpectrumImage> m = new HashMap<>();
		for (String name : new String[] { "a", "b", "c", "d", "e" }) {
			Path f = Files.createFile(in.resolve(name + ".bcf"));
			m.put(f, SyntheticSpectrumImageAccess.eds(f.toString(), 8, 0));
		}
		int[] opened = { 0 };
		MapsCommand.opener = f -> {
			opened[0]++;
			return List.of(m.get(f));
		};
		Path radians = Files.writeString(dir.resolve("radians.txt"), java.util.stream.DoubleStream.of(-40, -20, 0, 20, 40).map(Math::toRadians)
			.mapToObj(Double::toString).collect(java.util.stream.Collectors.joining("\n")));
		Path out = dir.resolve("radians-out");
		Run r = run("maps", "--input", in.toString(), "--lines", "Fe_Ka", "--angles", radians.toString(), "--out", out.toString());
		assertEquals(2, r.code(), r.err());
		assertEquals(1, r.err().strip().lines().count(), r.err());
		assertTrue(r.err().contains("radians.txt: the 5 tilts lie within -0.6981 to 0.6981 deg, which look like radians (-40 to 40 deg)"), r.err());
		assertEquals(0, opened[0], "spectra were read");
		assertFalse(Files.exists(out));
	}

	@Test
	void badInputEndsInOneLineExitTwoAndWritesNothing() throws IOException {
		Path in = tilts(8);
		Path empty = Files.createDirectories(dir.resolve("empty"));
		String[][] cases = { { "--input", in.toString(), "--lines", "Ag_Ka" }, // 22 keV, beyond the 10 keV axis
			{ "--input", in.toString(), "--lines", "Fe_Kz" }, { "--input", empty.toString(), "--lines", "Fe_Ka" },
			{ "--input", in.toString(), "--lines", "Fe_Ka", "--background", "sometimes" } };
		String[] expect = { "outside the energy range", "unknown line 'Fe_Kz'", "holds no spectrum-image files", "--background" };
		for (int k = 0; k < cases.length; k++) {
			Path out = dir.resolve("out" + k);
			String[] args = new String[cases[k].length + 3];
			args[0] = "maps";
			System.arraycopy(cases[k], 0, args, 1, cases[k].length);
			args[args.length - 2] = "--out";
			args[args.length - 1] = out.toString();
			Run r = run(args);
			assertEquals(2, r.code(), r.err());
			assertEquals(1, r.err().strip().lines().count(), r.err());
			assertTrue(r.err().contains(expect[k]), r.err());
			assertFalse(Files.exists(out), "nothing written for " + String.join(" ", cases[k]));
		}
	}

	/** An --out that cannot be a folder is refused before any spectrum is read (it was found only when writing, after every file). */
	@Test
	void anOutThatCannotBeWrittenIsRefusedBeforeAnySpectrumIsRead() throws IOException {
		Path in = Files.createDirectories(dir.resolve("in"));
		Map<Path, org.fusedtomo.spectra.SyntheticSpectrumImage> m = new HashMap<>();
		for (int a : new int[] { -20, 20 }) {
			Path f = Files.createFile(in.resolve(a + ".bcf"));
			m.put(f, (org.fusedtomo.spectra.SyntheticSpectrumImage) SyntheticSpectrumImageAccess.eds(f.toString(), 8, a));
		}
		MapsCommand.opener = f -> List.of(m.get(f));
		Path file = Files.writeString(dir.resolve("notes.txt"), "a file");
		Run r = run("maps", "--input", in.toString(), "--lines", "Fe_Ka", "--out", file.resolve("maps").toString());
		assertEquals(2, r.code(), r.err());
		assertEquals(1, r.err().strip().lines().count(), r.err());
		assertTrue(r.err().contains("notes.txt is a file"), r.err());
		m.values().forEach(si -> assertEquals(0, si.scans(), "no spectrum read"));
		assertEquals("a file", Files.readString(file));
	}

	@Test
	void filesOfDifferentSizesAreRefused() throws IOException {
		Path in = tilts(6), out = dir.resolve("out");
		Run r = run("maps", "--input", in.toString(), "--lines", "Fe_Ka", "--out", out.toString());
		assertEquals(2, r.code(), r.err());
		assertEquals(1, r.err().strip().lines().count(), r.err());
		assertTrue(r.err().contains("6 x 6"), r.err());
		assertFalse(Files.exists(out));
	}
}
