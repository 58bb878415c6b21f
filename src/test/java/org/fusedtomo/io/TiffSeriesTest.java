package org.fusedtomo.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import net.imglib2.img.array.ArrayImgs;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class TiffSeriesTest {

	@TempDir
	Path dir;

	static final Calibration NM = new Calibration(0.75, "nm");

	static TiltSeries randomSeries(int w, int h, double[] angles, Calibration c, long seed) {
		return TestSeries.random(w, h, angles, c, seed);
	}

	static Volume randomVolume(VolumeGeometry g, Calibration c, long seed) {
		Volume v = new Volume(g, c);
		Random r = new Random(seed);
		for (int i = 0; i < v.data().length; i++)
			v.data()[i] = r.nextFloat();
		return v;
	}

	@Test
	void writeTiltSeries_roundTripIsBitExact() {
		double[] angles = { -70, -0.1, 12.345678901234567, 69 };
		TiltSeries s = randomSeries(13, 7, angles, NM, 1);
		Path f = dir.resolve("HAADF.tif");
		TiffSeries.writeTiltSeries(s, f, AtomicFiles.protecting());
		assertTrue(Files.exists(dir.resolve("HAADF.rawtlt")));
		TiltSeries back = TiffSeries.readTiltSeries(f);
		assertEquals(s.geometry(), back.geometry());
		assertArrayEquals(angles, back.anglesDeg());
		assertEquals(NM, back.calibration());
		for (int i = 0; i < s.data().length; i++)
			assertEquals(Float.floatToRawIntBits(s.data()[i]), Float.floatToRawIntBits(back.data()[i]), "pixel " + i);
	}

	@Test
	void writeTiltSeries_isReadByImageJ() {
		double[] angles = { -45, 0, 45 };
		TiltSeries s = randomSeries(10, 6, angles, NM, 2);
		Path f = dir.resolve("Fe.tif");
		TiffSeries.writeTiltSeries(s, f, AtomicFiles.protecting());
		for (ImagePlus imp : List.of(IJ.openImage(f.toString()), new Opener().openImage(f.toString()))) {
			assertEquals(ImagePlus.GRAY32, imp.getType());
			assertEquals(3, imp.getStackSize());
			assertEquals(10, imp.getWidth());
			assertEquals(6, imp.getHeight());
			assertEquals(0.75, imp.getCalibration().pixelWidth, 1e-6);
			assertEquals(0.75, imp.getCalibration().pixelHeight, 1e-6);
			assertEquals("nm", imp.getCalibration().getUnit());
			for (int z = 0; z < 3; z++) {
				float[] pixels = (float[]) imp.getStack().getPixels(z + 1);
				for (int i = 0; i < pixels.length; i++)
					assertEquals(s.data()[s.projectionOffset(z) + i], pixels[i], 0);
				assertTrue(imp.getStack().getSliceLabel(z + 1).contains(Double.toString(angles[z])));
			}
		}
	}

	@Test
	void writeVolume_roundTripsAndIsReadByImageJ() {
		Volume v = randomVolume(new VolumeGeometry(9, 8, 5), new Calibration(2.5, "µm"), 3);
		Path f = dir.resolve("Co.tif");
		TiffSeries.writeVolume(v, f, AtomicFiles.protecting());
		Volume back = TiffSeries.readVolume(f);
		assertEquals(v.geometry(), back.geometry());
		assertArrayEquals(v.data(), back.data());
		assertEquals(v.calibration(), back.calibration());
		ImagePlus imp = IJ.openImage(f.toString());
		assertEquals(5, imp.getNSlices());
		assertEquals(2.5, imp.getCalibration().pixelDepth, 0);
		assertEquals(v.get(3, 4, 2), imp.getStack().getProcessor(3).getf(3, 4), 0);
		// Uncalibrated and single-slice volumes too.
		Volume flat = randomVolume(new VolumeGeometry(4, 3, 1), Calibration.PIXEL, 4);
		TiffSeries.writeVolume(flat, f, AtomicFiles.protecting());
		Volume flatBack = TiffSeries.readVolume(f);
		assertArrayEquals(flat.data(), flatBack.data());
		assertEquals(Calibration.PIXEL, flatBack.calibration());
		assertFalse(IJ.openImage(f.toString()).getCalibration().scaled());
	}

	@Test
	void writeElementVolumes_roundTripsByElementName() throws IOException {
		Map<String, Volume> m = new LinkedHashMap<>();
		m.put("O", randomVolume(VolumeGeometry.cube(4), NM, 5));
		m.put("Co", randomVolume(VolumeGeometry.cube(4), NM, 6));
		TiffSeries.writeElementVolumes(m, dir.resolve("truth"), AtomicFiles.protecting());
		Files.writeString(dir.resolve("truth/notes.tif"), "not an element, ignored");
		Map<String, Volume> back = TiffSeries.readElementVolumes(dir.resolve("truth"));
		assertEquals(List.of("Co", "O"), List.copyOf(back.keySet()));
		assertArrayEquals(m.get("O").data(), back.get("O").data());
		InvalidInputException e = assertThrows(InvalidInputException.class, () -> TiffSeries.readElementVolumes(dir));
		assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
	}

	@Test
	void readTiltSeries_reads8And16BitImageJStacks() throws IOException {
		ImageStack bytes = new ImageStack(5, 4), shorts = new ImageStack(5, 4);
		for (int z = 0; z < 3; z++) {
			ByteProcessor b = new ByteProcessor(5, 4);
			ShortProcessor s = new ShortProcessor(5, 4);
			for (int i = 0; i < 20; i++) {
				b.set(i, (i * 13 + z * 50) % 256);
				s.set(i, (i * 3001 + z * 7) % 65536);
			}
			bytes.addSlice(b);
			shorts.addSlice(s);
		}
		Files.writeString(dir.resolve("b.rawtlt"), "-30\n0\n30\n");
		Files.writeString(dir.resolve("s.tlt"), "-30\n0\n30\n");
		ImagePlus bi = new ImagePlus("b", bytes), si = new ImagePlus("s", shorts);
		ij.measure.Calibration c = new ij.measure.Calibration();
		c.pixelWidth = c.pixelHeight = 1.25;
		c.setUnit("nm");
		si.setCalibration(c);
		assertTrue(new FileSaver(bi).saveAsTiffStack(dir.resolve("b.tif").toString()));
		assertTrue(new FileSaver(si).saveAsTiffStack(dir.resolve("s.tif").toString()));
		TiltSeries b = TiffSeries.readTiltSeries(dir.resolve("b.tif"));
		TiltSeries s = TiffSeries.readTiltSeries(dir.resolve("s.tif"));
		assertEquals(Calibration.PIXEL, b.calibration());
		assertEquals(new Calibration(1.25, "nm"), s.calibration());
		for (int z = 0; z < 3; z++)
			for (int i = 0; i < 20; i++) {
				assertEquals((i * 13 + z * 50) % 256, b.data()[z * 20 + i], 0);
				assertEquals((i * 3001 + z * 7) % 65536, s.data()[z * 20 + i], 0);
			}
		// Signed 16-bit: ImageJ stores value + 32768 with a calibration function that we apply.
		ij.measure.Calibration signed = new ij.measure.Calibration();
		signed.setSigned16BitCalibration();
		si.setCalibration(signed);
		assertTrue(new FileSaver(si).saveAsTiffStack(dir.resolve("s.tif").toString()));
		TiltSeries t = TiffSeries.readTiltSeries(dir.resolve("s.tif"));
		assertEquals((3 * 3001 + 7) % 65536 - 32768, t.get(3, 0, 1), 0);
	}

	@Test
	void readTiltSeries_readsMultiPageCompressedTiffFromOtherSoftware() throws IOException {
		Path f = dir.resolve("other.tiff");
		writeMultiPage16(f, 3, 12, 9, "LZW");
		Path angles = dir.resolve("explicit.txt");
		Files.writeString(angles, "1\n2\n3\n");
		TiltSeries s = TiffSeries.readTiltSeries(f, angles);
		assertArrayEquals(new double[] { 1, 2, 3 }, s.anglesDeg());
		for (int z = 0; z < 3; z++)
			assertEquals(page16(z, 5, 7, 12), s.get(5, 7, z), 0);
	}

	/** Writes {@code pages} 16-bit greyscale pages with Java's own TIFF writer. */
	static void writeMultiPage16(Path f, int pages, int w, int h, String compression) throws IOException {
		Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("tiff");
		ImageWriter writer = it.next();
		try (ImageOutputStream out = ImageIO.createImageOutputStream(f.toFile())) {
			writer.setOutput(out);
			ImageWriteParam param = writer.getDefaultWriteParam();
			if (compression != null) {
				param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
				param.setCompressionType(compression);
			}
			writer.prepareWriteSequence(null);
			for (int z = 0; z < pages; z++) {
				BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
				WritableRaster r = img.getRaster();
				for (int y = 0; y < h; y++)
					for (int x = 0; x < w; x++)
						r.setSample(x, y, 0, page16(z, x, y, w));
				writer.writeToSequence(new IIOImage(img, null, null), param);
			}
			writer.endWriteSequence();
		}
		finally {
			writer.dispose();
		}
	}

	static int page16(int z, int x, int y, int w) {
		return (z * 1000 + y * w + x) * 7 % 65536;
	}

	static void assertRejected(Executable read, String... fragments) {
		InvalidInputException e = assertThrows(InvalidInputException.class, read);
		for (String f : fragments)
			assertTrue(e.getMessage().contains(f), "'" + f + "' not in: " + e.getMessage());
		assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
	}

	@Test
	void readTiltSeries_rejectsMissingDirectoryAndNonTiffFiles() throws IOException {
		assertRejected(() -> TiffSeries.readTiltSeries(dir.resolve("nothere.tif")), "nothere.tif", "not found");
		assertRejected(() -> TiffSeries.readVolume(dir), dir.toString(), "directory");
		Path text = dir.resolve("notes.tif");
		Files.writeString(text, "this is not an image");
		assertRejected(() -> TiffSeries.readTiltSeries(text), "notes.tif", "not a TIFF");
		Path tiny = dir.resolve("tiny.tif");
		Files.write(tiny, new byte[] { 'I', 'I' });
		assertRejected(() -> TiffSeries.readVolume(tiny), "tiny.tif", "not a TIFF");
		Path big = dir.resolve("big.tif");
		Files.write(big, new byte[] { 'I', 'I', 43, 0, 8, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0 });
		assertRejected(() -> TiffSeries.readVolume(big), "big.tif", "BigTIFF");
	}

	@Test
	void readTiltSeries_rejectsTruncatedFiles() throws IOException {
		Path ours = dir.resolve("cut.tif");
		TiffSeries.writeTiltSeries(randomSeries(32, 32, new double[] { 0, 1, 2, 3 }, NM, 7), ours, AtomicFiles.protecting());
		truncate(ours, Files.size(ours) / 2);
		assertRejected(() -> TiffSeries.readTiltSeries(ours), "cut.tif", "truncated");
		Path other = dir.resolve("cut2.tif");
		writeMultiPage16(other, 3, 40, 40, null);
		// One IFD per page, each with its strips: cut inside the last page's pixels.
		truncate(other, Files.size(other) - 1500);
		Files.writeString(dir.resolve("cut2.rawtlt"), "0\n1\n2\n");
		assertRejected(() -> TiffSeries.readTiltSeries(other), "cut2.tif", "truncated");
	}

	static void truncate(Path f, long size) throws IOException {
		try (FileChannel c = FileChannel.open(f, StandardOpenOption.WRITE)) {
			c.truncate(size);
		}
	}

	@Test
	void readTiltSeries_rejectsAnEmptyStack() throws IOException {
		Path f = dir.resolve("empty.tif");
		Files.write(f, new byte[] { 'I', 'I', 42, 0, 0, 0, 0, 0 });
		assertRejected(() -> TiffSeries.readVolume(f), "empty.tif");
	}

	@Test
	void readTiltSeries_rejectsAngleCountMismatchAndMissingAngles() throws IOException {
		Path f = dir.resolve("HAADF.tif");
		TiffSeries.writeTiltSeries(randomSeries(8, 8, new double[] { -10, 0, 10 }, NM, 8), f, AtomicFiles.protecting());
		Path four = dir.resolve("four.rawtlt");
		Files.writeString(four, "-15\n-5\n5\n15\n");
		assertRejected(() -> TiffSeries.readTiltSeries(f, four), "HAADF.tif", "3 projections", "four.rawtlt", "4 tilt angles");
		Files.delete(dir.resolve("HAADF.rawtlt"));
		assertRejected(() -> TiffSeries.readTiltSeries(f), "HAADF.tif", "HAADF.rawtlt", "angle");
		Path bad = dir.resolve("HAADF.tlt");
		Files.writeString(bad, "0\nten\n20\n");
		assertRejected(() -> TiffSeries.readTiltSeries(f), "HAADF.tlt", "line 2");
	}

	@Test
	void readTiltSeries_rejectsNonFinitePixelsNamingTheProjection() {
		TiltSeries s = randomSeries(6, 5, new double[] { -20, 0, 20 }, NM, 9);
		s.set(4, 3, 1, Float.NaN);
		// NaN in a TIFF that does not mark it as not measured (here written by ImageJ itself) is refused ...
		ImageStack stack = new ImageStack(6, 5);
		for (int a = 0; a < 3; a++)
			stack.addSlice(new FloatProcessor(6, 5, java.util.Arrays.copyOfRange(s.data(), a * 30, (a + 1) * 30)));
		Path f = dir.resolve("nan.tif");
		assertTrue(new FileSaver(new ImagePlus("nan", stack)).saveAsTiffStack(f.toString()));
		TiltAngles.write(TiltAngles.sidecarFor(f), s.anglesDeg(), AtomicFiles.protecting());
		assertRejected(() -> TiffSeries.readTiltSeries(f), "nan.tif", "projection 2 of 3", "NaN", "x=4, y=3");
		// ... and kept where the file marks it (align's output, MissingData)
		Path marked = dir.resolve("nan-marked.tif");
		TiffSeries.writeTiltSeries(s, marked, AtomicFiles.protecting());
		assertTrue(Float.isNaN(TiffSeries.readTiltSeries(marked).get(4, 3, 1)));
		// ... but an infinity there is still refused
		s.set(0, 0, 2, Float.POSITIVE_INFINITY);
		Path inf = dir.resolve("nan-marked-inf.tif");
		TiffSeries.writeTiltSeries(s, inf, AtomicFiles.protecting());
		assertRejected(() -> TiffSeries.readTiltSeries(inf), "nan-marked-inf.tif", "projection 3 of 3", "Infinity");
		Volume v = randomVolume(VolumeGeometry.cube(3), NM, 10);
		v.set(0, 1, 2, Float.NEGATIVE_INFINITY);
		Path g = dir.resolve("inf.tif");
		TiffSeries.writeVolume(v, g, AtomicFiles.protecting());
		assertRejected(() -> TiffSeries.readVolume(g), "inf.tif", "slice 3 of 3", "Infinity");
	}

	@Test
	void readTiltSeries_rejectsColourImages() throws IOException {
		ImageStack rgb = new ImageStack(4, 4);
		rgb.addSlice(new ColorProcessor(4, 4));
		rgb.addSlice(new ColorProcessor(4, 4));
		Path f = dir.resolve("rgb.tif");
		assertTrue(new FileSaver(new ImagePlus("rgb", rgb)).saveAsTiffStack(f.toString()));
		Files.writeString(dir.resolve("rgb.rawtlt"), "0\n1\n");
		assertRejected(() -> TiffSeries.readTiltSeries(f), "rgb.tif", "colour");
		Path g = dir.resolve("rgb1.tif");
		assertTrue(new FileSaver(new ImagePlus("rgb1", new ColorProcessor(5, 5))).saveAsTiff(g.toString()));
		assertRejected(() -> TiffSeries.readVolume(g), "rgb1.tif", "colour");
	}

	@Test
	void writeTiltSeries_neverOverwritesAnInputAndFailsWholly() throws IOException {
		Path input = dir.resolve("input.tif");
		TiffSeries.writeVolume(randomVolume(VolumeGeometry.cube(4), NM, 11), input, AtomicFiles.protecting());
		byte[] before = Files.readAllBytes(input);
		TiltSeries s = randomSeries(4, 4, new double[] { 0 }, NM, 12);
		AtomicFiles files = AtomicFiles.protecting(input);
		assertRejected(() -> TiffSeries.writeTiltSeries(s, input, files), "input.tif", "input");
		assertRejected(() -> TiffSeries.writeVolume(TiffSeries.readVolume(input), input, files), "input.tif");
		assertArrayEquals(before, Files.readAllBytes(input));
		// The sidecar cannot be written (a directory is in the way): the image is not written either.
		Files.createDirectory(dir.resolve("out.rawtlt"));
		assertRejected(() -> TiffSeries.writeTiltSeries(s, dir.resolve("out.tif"), files), "out.rawtlt");
		assertFalse(Files.exists(dir.resolve("out.tif")));
	}

	@Test
	void readVolume_reads32BitStackSavedByImageJ() {
		ImageStack st = new ImageStack(3, 2);
		st.addSlice(new FloatProcessor(3, 2, new float[] { 1, 2, 3, 4, 5, 6 }));
		st.addSlice(new FloatProcessor(3, 2, new float[] { -1, -2, -3, -4, -5, -6 }));
		Path f = dir.resolve("ij.tif");
		assertTrue(new FileSaver(new ImagePlus("ij", st)).saveAsTiffStack(f.toString()));
		Volume v = TiffSeries.readVolume(f);
		assertEquals(new VolumeGeometry(3, 2, 2), v.geometry());
		assertEquals(-6, v.get(2, 1, 1), 0);
	}
}
