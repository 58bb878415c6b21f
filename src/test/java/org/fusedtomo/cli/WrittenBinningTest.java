package org.fusedtomo.cli;

import static org.fusedtomo.cli.FusedTomoTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.cli.FusedTomoTest.Run;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.io.readers.SeriesReaders;
import org.fusedtomo.recon.fused.BinnedCountLevelsTest;
import org.fusedtomo.recon.fused.FusedProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A series the product binned and wrote ({@code align --bin}) says so in its file, and reading it back tells the count
 * reader as {@code --bin} on the originals does (docs/fused-study.md, "Count levels of binned series").
 */
class WrittenBinningTest {

	private static final String[] ELEMENTS = { "Co", "Mn", "O" };

	@TempDir
	Path dir;

	/** The count levels reconstruct's inputs give the series of {@code folder} read with {@code --bin bin}. */
	private static double[] levels(Path folder, int bin) {
		SeriesFiles inputs = new SeriesFiles();
		inputs.bin = bin;
		Map<String, Path> files = new LinkedHashMap<>();
		files.put(SeriesFiles.HAADF, folder.resolve("HAADF.tif"));
		for (String el : ELEMENTS)
			files.put(el, folder.resolve(el + ".tif"));
		Map<String, TiltSeries> series = inputs.read(files);
		MultiModalSeries m = inputs.multiModal(series, files);
		return FusedProblem.countLevels(m)[0];
	}

	private static String[] chem(Path folder) {
		return new String[] { "--haadf", folder.resolve("HAADF.tif").toString(), "--chem", "Co=" + folder.resolve("Co.tif"), "--chem", "Mn=" + folder.resolve("Mn.tif"), "--chem",
			"O=" + folder.resolve("O.tif") };
	}

	/**
	 * Core-shell seed 1 at 80 counts, 64³ (the case of docs/fused-study.md: Co averaged 4 x 4 and untold reads 10 counts of
	 * 2234), aligned by a saved identity alignment with {@code --bin 4} and no HAADF background, so that align's files hold
	 * exactly the originals averaged 4 x 4: read back without {@code --bin} they give the count levels of
	 * {@code --bin 4} on the originals (each the largest 4 x 4 block sum of the original counts) and the same fused
	 * result to the bit; with {@code --bin 2} on top, the largest 8 x 8 block sums. The same pixels in a file without the
	 * note (as written before) read as before, untold.
	 */
	@Test
	void alignBin4_filesReadBackAsBin4OnTheOriginals() throws IOException {
		Path sim = dir.resolve("sim"), aligned = dir.resolve("aligned");
		Run s = run("simulate", "--phantom", "core-shell", "--size", "64", "--counts", "80", "--seed", "1", "--out", sim.toString());
		assertEquals(0, s.code(), s.err());
		Path identity = dir.resolve("identity.json");
		AlignmentJson.save(Alignment.identity(SeriesReaders.read(sim.resolve("HAADF.tif")).haadf().anglesDeg()), identity);
		Run a = run(FusedTomoTest.concat(FusedTomoTest.concat(new String[] { "align" }, chem(sim)), "--bin", "4", "--alignment", identity.toString(), "--background", "none",
			"--out", aligned.toString()));
		assertEquals(0, a.code(), a.err());
		for (String name : new String[] { "HAADF", "Co", "Mn", "O" })
			assertEquals(4, SeriesReaders.read(aligned.resolve(name + ".tif")).binning(), name);
		assertEquals(1, SeriesReaders.read(sim.resolve("Co.tif")).binning());
		Run info = run("info", aligned.resolve("Co.tif").toString());
		assertTrue(info.out().contains("binned:     4 x 4 recorded pixels per value"), info.out());
		assertTrue(!run("info", sim.resolve("Co.tif").toString()).out().contains("binned:"));

		double[] told = levels(aligned, 1), binned = levels(sim, 4), twice = levels(aligned, 2);
		for (int e = 0; e < ELEMENTS.length; e++) {
			TiltSeries counts = SeriesReaders.read(sim.resolve(ELEMENTS[e] + ".tif")).haadf();
			double expected = BinnedCountLevelsTest.largestBlockSum(counts, 4);
			assertEquals(expected, told[e], 1e-6 * expected, ELEMENTS[e] + " written by align --bin 4");
			assertEquals(binned[e], told[e], 1e-9 * expected, ELEMENTS[e] + " as --bin 4 on the originals");
			double expected8 = BinnedCountLevelsTest.largestBlockSum(counts, 8);
			assertEquals(expected8, twice[e], 1e-6 * expected8, ELEMENTS[e] + " written by align --bin 4, read with --bin 2");
		}
		System.out.printf("core-shell s1, 80 counts, align --bin 4 read back: Co/Mn/O levels %.0f / %.0f / %.0f (--bin 4 on the originals %.0f / %.0f / %.0f)%n", told[0],
			told[1], told[2], binned[0], binned[1], binned[2]);

		// The same pixels without the note: as before, untold (Co read as about 10 counts).
		Path old = Files.createDirectories(dir.resolve("old"));
		for (String name : new String[] { "HAADF", "Co", "Mn", "O" })
			TiffSeries.writeTiltSeries(SeriesReaders.read(aligned.resolve(name + ".tif")).haadf(), old.resolve(name + ".tif"), AtomicFiles.protecting());
		assertEquals(1, SeriesReaders.read(old.resolve("Co.tif")).binning());
		double[] untold = levels(old, 1);
		assertTrue(untold[0] < told[0] / 10, "Co untold " + untold[0] + " of " + told[0]);

		// The fused result: align's files as they are give reconstruct --bin 4's volumes to the bit.
		Path fromAligned = dir.resolve("fused-aligned"), fromBin = dir.resolve("fused-bin4");
		Run r1 = run(FusedTomoTest.concat(FusedTomoTest.concat(new String[] { "reconstruct" }, chem(aligned)), "--method", "fused", "--iterations", "20", "--out",
			fromAligned.toString()));
		assertEquals(0, r1.code(), r1.err());
		assertTrue(r1.err().contains("4 x 4 recorded pixels"), r1.err());
		Run r2 = run(FusedTomoTest.concat(FusedTomoTest.concat(new String[] { "reconstruct" }, chem(sim)), "--bin", "4", "--method", "fused", "--iterations", "20", "--out",
			fromBin.toString()));
		assertEquals(0, r2.code(), r2.err());
		for (String el : ELEMENTS)
			assertArrayEquals(TiffSeries.readVolume(fromBin.resolve(el + ".tif")).data(), TiffSeries.readVolume(fromAligned.resolve(el + ".tif")).data(), el);
	}

	/** A file whose note holds no whole number of at least 1 is refused in one line naming it. */
	@Test
	void aBadBinningNoteIsRefusedNamingTheFile() throws IOException {
		TiltSeries s = TiltSeries.zeros(new org.fusedtomo.geometry.TiltGeometry(4, 4, new double[] { -10, 0, 10 }));
		s.data()[0] = 1;
		Path good = dir.resolve("good.tif"), bad = dir.resolve("bad.tif");
		TiffSeries.writeTiltSeries(s, good, 3, AtomicFiles.protecting());
		assertEquals(3, SeriesReaders.read(good).binning());
		// ImageJ stores the Info text as UTF-16 (in the file's byte order): turn "binning=3" into "binning=x".
		byte[] bytes = Files.readAllBytes(good);
		int replaced = 0;
		for (java.nio.charset.Charset cs : new java.nio.charset.Charset[] { java.nio.charset.StandardCharsets.UTF_16BE, java.nio.charset.StandardCharsets.UTF_16LE }) {
			byte[] from = "binning=3".getBytes(cs), to = "binning=x".getBytes(cs);
			for (int i = 0; i + from.length <= bytes.length; i++)
				if (java.util.Arrays.equals(bytes, i, i + from.length, from, 0, from.length)) {
					System.arraycopy(to, 0, bytes, i, to.length);
					replaced++;
				}
		}
		assertEquals(1, replaced);
		Files.write(bad, bytes);
		Files.copy(dir.resolve("good.rawtlt"), dir.resolve("bad.rawtlt"));
		Run r = run("info", bad.toString());
		assertEquals(2, r.code(), r.out() + r.err());
		assertEquals(1, r.err().strip().lines().count(), r.err());
		assertTrue(r.err().contains(bad.toString()) && r.err().contains("fusedtomo.binning=x"), r.err());
	}
}
