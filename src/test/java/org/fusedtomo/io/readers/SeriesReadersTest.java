package org.fusedtomo.io.readers;

import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.io.ElementNames;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.LengthUnits;
import org.fusedtomo.io.TiltSeriesFile;
import org.fusedtomo.io.InvalidInputException;
import static org.fusedtomo.io.BadInput.assertRejected;
import static org.fusedtomo.io.BadInput.truncated;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;

import net.imglib2.img.array.ArrayImgs;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.readers.SeriesReaders.Format;
import org.fusedtomo.io.mrc.MrcFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesReadersTest {

	@TempDir
	Path dir;

	static TiltSeries series(double... angles) {
		float[] d = new float[6 * angles.length];
		for (int i = 0; i < d.length; i++)
			d[i] = i;
		return new TiltSeries(ArrayImgs.floats(d, 3, 2, angles.length), angles, Calibration.PIXEL);
	}

	@Test
	void detect_byMagicBeforeExtension() throws IOException {
		Path tif = dir.resolve("really-a-tiff.mrc");
		TiffSeries.writeTiltSeries(series(0, 1), dir.resolve("t.tif"), AtomicFiles.protecting());
		Files.copy(dir.resolve("t.tif"), tif);
		assertEquals(Format.TIFF, SeriesReaders.detect(tif));
		Path mrc = dir.resolve("m.dat");
		MrcFiles.writeTiltSeries(series(0, 1), dir.resolve("m.mrc"), false, AtomicFiles.protecting());
		Files.copy(dir.resolve("m.mrc"), mrc);
		assertEquals(Format.MRC, SeriesReaders.detect(mrc));
		assertEquals(Format.RECIPE, SeriesReaders.detect(Files.writeString(dir.resolve("r.json"), "{}")));
		assertEquals(Format.DM, SeriesReaders.detect(Files.write(dir.resolve("x.dm4"), new byte[] { 0, 0, 0, 4, 0 })));
	}

	@Test
	void read_tiffRepeatedAnglesKeepAcquisitionOrderUnorderedAreSorted() throws IOException {
		Path tif = dir.resolve("s.tif");
		TiffSeries.writeTiltSeries(series(0, 1, 2), tif, AtomicFiles.protecting());
		Files.writeString(dir.resolve("s.rawtlt"), "5\n-5\n5\n");
		TiltSeriesFile repeated = SeriesReaders.read(tif);
		assertArrayEquals(new double[] { -5, 5, 5 }, repeated.haadf().anglesDeg());
		// NB: stable sort: the two exposures at 5° stay in the order they were acquired (file 1, then 3).
		assertArrayEquals(new int[] { 1, 0, 2 }, repeated.fileIndex());
		assertEquals(6f, repeated.haadf().get(0, 0, 0));
		assertEquals(0f, repeated.haadf().get(0, 0, 1));
		assertEquals(12f, repeated.haadf().get(0, 0, 2));
		Files.writeString(dir.resolve("s.rawtlt"), "5\n-5\n0\n");
		TiltSeries t = SeriesReaders.read(tif).haadf();
		assertArrayEquals(new double[] { -5, 0, 5 }, t.anglesDeg());
		assertEquals(6f, t.get(0, 0, 0)); // projection 1 of the file (its first pixel is 6)
		assertEquals(12f, t.get(0, 0, 1));
		assertEquals(0f, t.get(0, 0, 2));
	}

	/** A float ImageJ hyperstack of {@code c x z x t} 4 x 3 images, image i filled with i, as tifffile's imagej=True writes. */
	private Path hyperstack(String name, int c, int z, int t) {
		ImageStack stack = new ImageStack(4, 3);
		for (int i = 0; i < c * z * t; i++) {
			float[] pixels = new float[12];
			java.util.Arrays.fill(pixels, i);
			stack.addSlice(null, new FloatProcessor(4, 3, pixels));
		}
		ImagePlus imp = new ImagePlus(name, stack);
		imp.setDimensions(c, z, t);
		imp.setOpenAsHyperStack(true);
		Path tif = dir.resolve(name);
		assertTrue(new FileSaver(imp).saveAsTiffStack(tif.toString()));
		return tif;
	}

	@Test
	void read_hyperstackWithOneLongAxisIsASeriesWithANote() throws IOException {
		Path channels = hyperstack("channels.tif", 5, 1, 1);
		Files.writeString(dir.resolve("channels.rawtlt"), "-20\n-10\n0\n10\n20\n");
		TiltSeriesFile f = SeriesReaders.read(channels);
		assertEquals(5, f.haadf().angleCount());
		assertEquals(3f, f.haadf().get(0, 0, 3));
		assertEquals(1, f.notes().size());
		assertTrue(f.notes().get(0).contains("5 channels"), f.notes().get(0));
		Path frames = hyperstack("frames.tif", 1, 1, 4);
		Files.writeString(dir.resolve("frames.rawtlt"), "0\n0\n10\n10\n");
		TiltSeriesFile g = SeriesReaders.read(frames);
		assertArrayEquals(new double[] { 0, 0, 10, 10 }, g.haadf().anglesDeg());
		assertTrue(g.notes().get(0).contains("4 frames"), g.notes().get(0));
		Path plain = hyperstack("plain.tif", 1, 3, 1);
		Files.writeString(dir.resolve("plain.rawtlt"), "0\n1\n2\n");
		assertTrue(SeriesReaders.read(plain).notes().isEmpty());
		Path two = hyperstack("two.tif", 2, 3, 1);
		Files.writeString(dir.resolve("two.rawtlt"), "0\n1\n2\n3\n4\n5\n");
		assertRejected(two, "2 channels x 3 slices x 1 frames");
	}

	@Test
	void read_tiffBadInput() throws IOException {
		Path tif = dir.resolve("b.tif");
		TiffSeries.writeTiltSeries(series(0, 1, 2), tif, AtomicFiles.protecting());
		Files.copy(dir.resolve("b.rawtlt"), dir.resolve("cut.rawtlt"));
		assertRejected(truncated(tif, "cut.tif", 300), "truncated");
		Files.writeString(dir.resolve("two.rawtlt"), "1\n2\n");
		assertRejected(tif, dir.resolve("two.rawtlt"), "3 projections", "2 tilt angles");
		Path magic = Files.write(dir.resolve("magic.tif"), new byte[] { 'X', 'Y', 42, 0, 8, 0, 0, 0 });
		assertRejected(magic, "not a TIFF");
	}

	@Test
	void read_unsupportedEmptyMissingOrDirectory() throws IOException {
		assertRejected(Files.write(dir.resolve("x.xyz"), new byte[] { 1, 2, 3 }), "not a supported tilt-series file");
		assertRejected(Files.write(dir.resolve("empty.mrc"), new byte[0]), "empty");
		Path missing = dir.resolve("missing.mrc");
		assertEquals("file not found", org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class, () -> SeriesReaders.read(missing)).getMessage()
			.substring(missing.toString().length() + 2));
		Path sub = Files.createDirectory(dir.resolve("d.mrc"));
		org.junit.jupiter.api.Assertions.assertThrows(InvalidInputException.class, () -> SeriesReaders.read(sub));
	}

	@Test
	void symbolOf_mapsLineNames() {
		assertEquals("Fe", ElementNames.symbolOf("Fe_Ka").orElseThrow());
		assertEquals("Pt", ElementNames.symbolOf("Pt_La").orElseThrow());
		assertEquals("N", ElementNames.symbolOf("N_Ka").orElseThrow());
		assertEquals("Co", ElementNames.symbolOf("Co").orElseThrow());
		assertEquals("O", ElementNames.symbolOf("O K").orElseThrow());
		assertEquals("Mn", ElementNames.symbolOf("Mn_L23").orElseThrow());
		assertEquals(java.util.Optional.empty(), ElementNames.symbolOf("Qq_Ka"));
		assertEquals(java.util.Optional.empty(), ElementNames.symbolOf("HAADF"));
	}

	@Test
	void calibration_convertsLengthUnitsToNanometres() {
		assertEquals(new Calibration(0.25, "nm"), LengthUnits.calibration(2.5e-10, "m"));
		assertEquals(new Calibration(2.5, "nm"), LengthUnits.calibration(25, "Å"));
		assertEquals(new Calibration(13.08, "nm"), LengthUnits.calibration(0.01308, "µm"));
		assertEquals(new Calibration(3, "nm"), LengthUnits.calibration(3, "[n_m]"));
		assertEquals(new Calibration(2, "px"), LengthUnits.calibration(2, "px"));
		assertEquals(Calibration.PIXEL, LengthUnits.calibration(0, "nm"));
	}
}
