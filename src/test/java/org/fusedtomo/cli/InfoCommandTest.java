package org.fusedtomo.cli;

import static org.fusedtomo.cli.FusedTomoTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import net.imglib2.img.array.ArrayImgs;

import org.fusedtomo.cli.FusedTomoTest.Run;
import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.RealData;
import org.fusedtomo.io.hdf5.EmdFiles;
import org.fusedtomo.io.mrc.MrcFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fusedtomo info} and {@code reconstruct} on every format, through the command line. */
class InfoCommandTest {

	@TempDir
	Path dir;

	static TiltSeries blob(int n, double[] angles) {
		float[] d = new float[n * n * angles.length];
		for (int a = 0; a < angles.length; a++)
			for (int y = 0; y < n; y++)
				for (int x = 0; x < n; x++)
					d[x + n * (y + n * a)] = Math.abs(x - n / 2) < 3 ? 1 : 0;
		return new TiltSeries(ArrayImgs.floats(d, n, n, angles.length), angles, new Calibration(0.5, "nm"));
	}

	@Test
	void info_printsDimensionsAnglesPixelSizeAndElements() {
		Path f = dir.resolve("ts.emd");
		EmdFiles.write(blob(8, TiltGeometry.range(-60, 60, 20)), Map.of("Fe", blob(8, new double[] { -45, 0, 45 })), f, AtomicFiles.protecting());
		Run r = run("info", f.toString());
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("HDF5 (Berkeley EMD)"), r.out());
		assertTrue(r.out().contains("HAADF:      8 x 8 pixels x 7 angles, float32"), r.out());
		assertTrue(r.out().contains("7 from -60 to 60 deg: -60, -40, -20, 0, 20, ..."), r.out());
		assertTrue(r.out().contains("0.5 nm"), r.out());
		assertTrue(r.out().contains("elements:   Fe"), r.out());
		assertTrue(r.out().contains("Fe:         8 x 8 pixels x 3 angles, -45 to 45 deg, 0.5 nm"), r.out());
	}

	@Test
	void info_describesAStackWithoutAnglesAsAVolume() throws IOException {
		// A volume as reconstruct writes one: 6 x 5 x 4 voxels of 0.5 nm, voxel i holding i / 2.
		org.fusedtomo.data.Volume v = new org.fusedtomo.data.Volume(new org.fusedtomo.geometry.VolumeGeometry(6, 5, 4), new Calibration(0.5, "nm"));
		for (int i = 0; i < v.data().length; i++)
			v.data()[i] = i / 2f;
		Path f = dir.resolve("Co.tif");
		org.fusedtomo.io.TiffSeries.writeVolume(v, f, AtomicFiles.protecting());
		Run r = run("info", f.toString());
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("TIFF stack without tilt angles: a volume") && r.out().contains("put Co.rawtlt next to it"), r.out());
		assertTrue(r.out().contains("volume:     6 x 5 x 4 voxels"), r.out());
		assertTrue(r.out().contains("voxel:    0.5 nm"), r.out());
		assertTrue(r.out().contains("values:   0 to 59.5"), r.out());
		// A damaged stack still gets the reader's one line.
		Path cut = Files.write(dir.resolve("cut.tif"), java.util.Arrays.copyOf(Files.readAllBytes(f), 300));
		r = run("info", cut.toString());
		assertEquals(2, r.code(), r.out());
		assertTrue(r.err().contains("cut.tif"), r.err());
	}

	@Test
	void info_realIdpThroughTheCommittedRecipe() {
		RealData.require("idp-haadf-edx/IDP_L2083-K-4-1_HAADF_EDS_tiltseries.h5");
		Path recipe = Path.of("recipes", "idp-haadf-edx.json");
		org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(recipe.toAbsolutePath().getParent().resolve("../../shared/data/idp-haadf-edx/IDP_L2083-K-4-1_HAADF_EDS_tiltseries.h5").normalize()),
			"skipped: the recipe's ../../shared/data path does not resolve from this checkout");
		Run r = run("info", recipe.toString());
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("256 x 256 pixels x 16 angles, uint16"), r.out());
		assertTrue(r.out().contains("16 from -40 to 35 deg"), r.out());
		assertTrue(r.out().contains("13.08 nm"), r.out());
		assertTrue(r.out().contains("elements:   Al, C, Ca, Cr, Cu, Fe, Ga, Mg, N, Na, O, S, Si, Ti, Pt"), r.out());
	}

	@Test
	void info_realNeedleDm3() {
		Path f = RealData.require("needle-dm3/HAADF.dm3");
		Run r = run("info", f.toString());
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("64 x 64 pixels x 91 angles, uint16"), r.out());
		assertTrue(r.out().contains("91 from -90 to 90 deg"), r.out());
	}

	@Test
	void info_badFileIsOneLineExitTwo() throws IOException {
		Path f = dir.resolve("junk.mrc");
		Files.write(f, new byte[2000]);
		Run r = run("info", f.toString());
		assertEquals(2, r.code());
		assertEquals(1, r.err().strip().lines().count(), r.err());
		assertTrue(r.err().contains("junk.mrc"), r.err());
	}

	@Test
	void reconstruct_readsMrcWithAnglesOptionAndEmdWithElements() throws IOException {
		Path mrc = dir.resolve("ts.mrc");
		MrcFiles.writeTiltSeries(blob(8, TiltGeometry.range(-60, 60, 20)), mrc, true, AtomicFiles.protecting());
		Files.delete(dir.resolve("ts.rawtlt"));
		Path angles = dir.resolve("a.tlt");
		Files.writeString(angles, "-61\n-41\n-21\n1\n21\n41\n61\n");
		Run r = run("reconstruct", "--haadf", mrc.toString(), "--angles", angles.toString(), "--out", dir.resolve("rm").toString(), "--method", "wbp");
		assertEquals(0, r.code(), r.err());
		assertTrue(Files.isRegularFile(dir.resolve("rm/HAADF.tif")));
		Path emd = dir.resolve("mm.emd");
		EmdFiles.write(blob(8, TiltGeometry.range(-60, 60, 20)), Map.of("Fe", blob(8, new double[] { -45, 0, 45 })), emd, AtomicFiles.protecting());
		r = run("reconstruct", "--haadf", emd.toString(), "--out", dir.resolve("re").toString(), "--method", "sirt", "--iterations", "3");
		assertEquals(0, r.code(), r.err());
		assertTrue(Files.isRegularFile(dir.resolve("re/HAADF.tif")));
		assertTrue(Files.isRegularFile(dir.resolve("re/Fe.tif")));
	}

	@Test
	void reconstruct_badInputLeavesNoOutputAndKeepsTheInput() throws IOException {
		Path mrc = dir.resolve("ok.mrc");
		MrcFiles.writeTiltSeries(blob(8, TiltGeometry.range(-60, 60, 20)), mrc, false, AtomicFiles.protecting());
		byte[] all = Files.readAllBytes(mrc);
		Path cut = dir.resolve("cut.mrc");
		Files.write(cut, java.util.Arrays.copyOf(all, all.length - 100));
		Files.copy(dir.resolve("ok.rawtlt"), dir.resolve("cut.rawtlt"));
		Path out = dir.resolve("never");
		Run r = run("reconstruct", "--haadf", cut.toString(), "--out", out.toString(), "--method", "wbp");
		assertEquals(2, r.code());
		assertEquals(1, r.err().strip().lines().count(), r.err());
		assertTrue(r.err().contains("cut.mrc") && r.err().contains("truncated"), r.err());
		assertFalse(Files.exists(out), "no output folder for a run that failed on its input");
		assertArrayEquals(java.util.Arrays.copyOf(all, all.length - 100), Files.readAllBytes(cut));
	}
	/**
	 * A spectrum-image file is described for maps, not refused as "no tilt series" (a .bcf) or "no tilt angles" (an
	 * EELS DM4). The expectations are the data's README: IDP .bcf 256 x 256 pixels, 2048 channels, a HAADF image,
	 * 13.08 nm pixels, the tilt in the file name only; the DM4 is an EELS spectrum image.
	 */
	@Test
	void info_describesSpectrumImageFilesForMaps() {
		Path bcf = RealData.require("idp-haadf-edx/bcf/-40.bcf");
		Run r = run("info", bcf.toString());
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("EDS:        256 x 256 pixels x 2048 channels"), r.out());
		assertTrue(r.out().contains("HAADF (256 x 256)"), r.out());
		assertTrue(r.out().contains("pixel:    13.08"), r.out());
		assertTrue(r.out().contains("tilt:     none in the metadata"), r.out());
		assertTrue(r.out().contains("fusedtomo maps --input " + bcf), r.out());
		Run eels = run("info", RealData.require("spectra/EELS_SI.dm4").toString());
		assertEquals(0, eels.code(), eels.err());
		assertTrue(eels.out().contains("EELS:") && eels.out().contains("channels"), eels.out());
	}

	/** A truncated spectrum-image file ends with the spectrum reader's one line (truncated, the file), exit 2. */
	@Test
	void info_truncatedSpectrumImageEndsInOneLine() throws IOException {
		byte[] all = Files.readAllBytes(RealData.require("spectra/test_TEM.bcf"));
		Path cut = dir.resolve("cut.bcf");
		Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
		Run r = run("info", cut.toString());
		assertEquals(2, r.code(), r.out());
		assertEquals(1, r.err().strip().lines().count(), r.err());
		assertTrue(r.err().contains("cut.bcf") && r.err().contains("truncated"), r.err());
	}
	/** The 2D-map files of fused2d given to info (or as a tilt series) end with one line that points to fused2d. */
	@Test
	void info_twoDimensionalMapFilesPointToFused2d() throws IOException {
		Path npz = Files.write(dir.resolve("maps.npz"), new byte[] { 'P', 'K', 3, 4, 0, 0, 0, 0 });
		Path h5 = RealData.require("fused2d/Co3O4_Mn3O4.h5");
		for (Path f : new Path[] { npz, h5 }) {
			Run r = run("info", f.toString());
			assertEquals(2, r.code(), r.out());
			assertEquals(1, r.err().strip().lines().count(), r.err());
			assertTrue(r.err().contains(f.toString()) && r.err().contains("fusedtomo fused2d --input " + f), r.err());
		}
		// A tilt-series layout it does not know is not sent to fused2d: the IDP file holds 3D stacks.
		Run idp = run("info", RealData.require("idp-haadf-edx/IDP_L2083-K-4-1_HAADF_EDS_tiltseries.h5").toString());
		assertEquals(2, idp.code());
		assertFalse(idp.err().contains("fused2d"), idp.err());
	}
	/** A file of one series (an element's map, say) is not called HAADF: info cannot know its modality. */
	@Test
	void info_aSingleSeriesIsNotCalledHaadf() {
		Path f = dir.resolve("Co.mrc");
		MrcFiles.writeTiltSeries(blob(8, TiltGeometry.range(-60, 60, 20)), f, false, AtomicFiles.protecting());
		Run r = run("info", f.toString());
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("series:     8 x 8 pixels x 7 angles"), r.out());
		assertFalse(r.out().contains("HAADF"), r.out());
	}

	/** A folder of spectrum images (one per tilt) is named as such, with maps for all of them; it was "a directory, expected a tilt-series file". */
	@Test
	void info_namesAFolderOfSpectrumImagesAndPointsToMaps() throws IOException {
		Path folder = Files.createDirectories(dir.resolve("bcf folder"));
		for (String name : new String[] { "-5.bcf", "0.bcf", "5.bcf" })
			Files.createFile(folder.resolve(name));
		Run r = run("info", folder.toString());
		assertEquals(2, r.code(), r.err());
		assertEquals(1, r.err().strip().lines().count(), r.err());
		assertTrue(r.err().contains("is a folder of 3 spectrum-image files (-5.bcf ... 5.bcf): give one of them to info, or map them all with 'fusedtomo maps --input "), r.err());
	}
	/**
	 * A folder holding a DM3 tilt series (the needle) is named as a folder with its file, not as "a folder of 1
	 * spectrum-image file (HAADF.dm3) ... map them all with 'fusedtomo maps'": DM files are spectrum images only when
	 * they hold spectra.
	 */
	@Test
	void info_aFolderOfADmTiltSeriesNamesItsFileNotSpectrumImages() throws IOException {
		Path needle = org.fusedtomo.io.RealData.require("needle-dm3/HAADF.dm3");
		Path folder = Files.createDirectories(dir.resolve("needle"));
		Files.copy(needle, folder.resolve("HAADF.dm3"));
		Run r = run("info", folder.toString());
		assertEquals(2, r.code(), r.err());
		assertEquals(1, r.err().strip().lines().count(), r.err());
		assertTrue(r.err().contains(folder + ": is a folder, not a file; give one of its files: HAADF.dm3"), r.err());
		assertFalse(r.err().contains("spectrum-image"), r.err());
	}
}
