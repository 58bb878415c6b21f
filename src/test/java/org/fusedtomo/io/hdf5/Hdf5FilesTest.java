package org.fusedtomo.io.hdf5;

import static org.fusedtomo.io.BadInput.assertRejected;
import static org.fusedtomo.io.BadInput.truncated;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.WritableGroup;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.RealData;
import org.fusedtomo.io.readers.SeriesReaders;
import org.fusedtomo.io.TestSeries;
import org.fusedtomo.io.TiltSeriesFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Hdf5FilesTest {

	@TempDir
	Path dir;

	static TiltSeries series(int w, int h, double[] angles, Calibration c, long seed) {
		return TestSeries.random(w, h, angles, c, seed);
	}

	/** value(x, y, a) = 100 a + 10 y + x, in the array order the layout uses. */
	static float ramp(int x, int y, int a) {
		return 100 * a + 10 * y + x;
	}

	/**
	 * An HDF5 file of unknown layout is refused with a recipe its names suggest (HAADF, tilt angles, maps named after
	 * lines), and that recipe, saved beside the file, reads it: the values in the file's (angle, y, x) order, the angles,
	 * the element of each map.
	 */
	@Test
	void unknownLayout_suggestsARecipeThatReadsTheFile() throws IOException {
		double[] angles = { -30, 0, 30 };
		float[][][] haadf = new float[3][4][5], fe = new float[3][4][5];
		for (int a = 0; a < 3; a++)
			for (int y = 0; y < 4; y++)
				for (int x = 0; x < 5; x++) {
					haadf[a][y][x] = ramp(x, y, a);
					fe[a][y][x] = 1000 + ramp(x, y, a);
				}
		Path h5 = dir.resolve("mine.h5");
		try (WritableHdfFile f = HdfFile.write(h5)) {
			f.putDataset("HAADF_stack", haadf);
			f.putDataset("tilt_angles", angles);
			f.putGroup("maps").putDataset("Fe_Ka", fe);
			f.putDataset("notes_2d", new float[4][5]);
		}
		String message = org.junit.jupiter.api.Assertions.assertThrows(org.fusedtomo.io.InvalidInputException.class, () -> SeriesReaders.read(h5)).getMessage();
		String recipe = message.substring(message.indexOf("{\"file\""));
		assertEquals("{\"file\": \"mine.h5\", \"haadf\": \"HAADF_stack\", \"angles\": \"tilt_angles\", \"angleAxis\": 0, \"chemical\": {\"Fe_Ka\": \"maps/Fe_Ka\"}}", recipe);
		Path json = Files.writeString(dir.resolve("mine.json"), recipe);
		TiltSeriesFile read = SeriesReaders.read(json);
		assertArrayEquals(angles, read.haadf().anglesDeg());
		assertEquals(List.of("Fe"), List.copyOf(read.chemical().keySet()));
		for (int a = 0; a < 3; a++)
			for (int y = 0; y < 4; y++)
				for (int x = 0; x < 5; x++) {
					assertEquals(ramp(x, y, a), read.haadf().data()[read.haadf().projectionOffset(a) + y * 5 + x]);
					assertEquals(1000 + ramp(x, y, a), read.chemical().get("Fe").data()[read.haadf().projectionOffset(a) + y * 5 + x]);
				}
	}

	@Test
	void writeEmd_roundTripIsBitExactPerElement() {
		Calibration c = new Calibration(0.37, "nm");
		TiltSeries haadf = series(5, 4, new double[] { -60, -1.5, 33.3333333333 }, c, 1);
		Map<String, TiltSeries> chem = new LinkedHashMap<>();
		chem.put("Fe", series(5, 4, new double[] { -45, 45 }, c, 2));
		chem.put("O", series(5, 4, new double[] { 0 }, c, 3));
		Path f = dir.resolve("out.emd");
		EmdFiles.write(haadf, chem, f, AtomicFiles.protecting());
		TiltSeriesFile back = SeriesReaders.read(f);
		assertEquals("HDF5 (Berkeley EMD)", back.format());
		assertArrayEquals(haadf.data(), back.haadf().data());
		assertArrayEquals(haadf.anglesDeg(), back.haadf().anglesDeg());
		assertEquals(c, back.haadf().calibration());
		assertEquals(List.of("Fe", "O"), List.copyOf(back.chemical().keySet()));
		for (String el : chem.keySet()) {
			assertArrayEquals(chem.get(el).data(), back.chemical().get(el).data(), el);
			assertArrayEquals(chem.get(el).anglesDeg(), back.chemical().get(el).anglesDeg(), el);
		}
	}

	@Test
	void writeEmd_isReadByJhdfGenericApi() {
		TiltSeries haadf = series(3, 2, new double[] { -10, 10 }, new Calibration(2, "nm"), 4);
		Path f = dir.resolve("generic.emd");
		EmdFiles.write(haadf, Map.of(), f, AtomicFiles.protecting());
		try (HdfFile h = new HdfFile(f)) {
			assertEquals(0, ((Number) h.getAttribute("version_major").getData()).intValue());
			assertEquals(2, ((Number) h.getAttribute("version_minor").getData()).intValue());
			Dataset d = h.getDatasetByPath("data/tomography/data");
			assertArrayEquals(new int[] { 2, 2, 3 }, d.getDimensions());
			float[][][] v = (float[][][]) d.getData();
			for (int a = 0; a < 2; a++)
				for (int y = 0; y < 2; y++)
					for (int x = 0; x < 3; x++)
						assertEquals(haadf.get(x, y, a), v[a][y][x]);
			assertArrayEquals(new double[] { -10, 10 }, (double[]) h.getDatasetByPath("data/tomography/dim1").getData());
			assertEquals("[deg]", h.getDatasetByPath("data/tomography/dim1").getAttribute("units").getData());
		}
	}

	@Test
	void read_tomoTvLayoutWrittenByJhdf() {
		Path f = dir.resolve("tomotv.h5");
		float[][][] haadf = new float[4][3][2]; // (tilt axis y, x, angle)
		float[][][] fe = new float[4][3][1];
		for (int y = 0; y < 4; y++)
			for (int x = 0; x < 3; x++) {
				for (int a = 0; a < 2; a++)
					haadf[y][x][a] = ramp(x, y, a);
				fe[y][x][0] = -ramp(x, y, 0);
			}
		try (WritableHdfFile w = HdfFile.write(f)) {
			WritableGroup g = w.putGroup("haadf");
			g.putDataset("tiltSeries", haadf);
			g.putDataset("tiltAngles", new double[] { 20, -20 });
			WritableGroup e = w.putGroup("edx");
			e.putDataset("Fe", fe);
			e.putDataset("tiltAngles", new double[] { 5 });
		}
		TiltSeriesFile t = SeriesReaders.read(f);
		assertEquals("HDF5 (tomo_TV)", t.format());
		assertEquals(3, t.haadf().width());
		assertEquals(4, t.haadf().height());
		// NB: angles sorted: file angle 1 (-20°) comes first.
		assertArrayEquals(new double[] { -20, 20 }, t.haadf().anglesDeg());
		assertEquals(ramp(2, 3, 1), t.haadf().get(2, 3, 0));
		assertEquals(ramp(1, 2, 0), t.haadf().get(1, 2, 1));
		assertEquals(-ramp(2, 1, 0), t.chemical().get("Fe").get(2, 1, 0));
		assertArrayEquals(new double[] { 5 }, t.chemical().get("Fe").anglesDeg());
	}

	Path numpyOrderFile(String name, double[] angles, boolean nan) {
		Path f = dir.resolve(name);
		int n = angles.length;
		short[][][] haadf = new short[n][2][3];
		float[][][] fe = new float[n][2][3];
		for (int a = 0; a < n; a++)
			for (int y = 0; y < 2; y++)
				for (int x = 0; x < 3; x++) {
					haadf[a][y][x] = (short) ramp(x, y, a);
					fe[a][y][x] = 0.5f * ramp(x, y, a);
				}
		if (nan)
			fe[0][1][2] = Float.NaN;
		try (WritableHdfFile w = HdfFile.write(f)) {
			w.putDataset("HAADF", haadf);
			w.putDataset("tilt_angles_deg", angles);
			w.putDataset("three_angles", new double[] { -5, 5, 10 });
			w.putGroup("EDS_maps").putDataset("Fe_Ka", fe);
			w.putAttribute("pixel_size_um", 0.01308);
		}
		return f;
	}

	Path recipe(String name, String json) throws IOException {
		Path r = dir.resolve(name);
		Files.writeString(r, json, StandardCharsets.UTF_8);
		return r;
	}

	@Test
	void recipe_readsAnyLayoutAndMapsLineNames() throws IOException {
		numpyOrderFile("np.h5", new double[] { -5, 5 }, false);
		Path r = recipe("np.json", "{\"file\": \"np.h5\", \"haadf\": \"HAADF\", \"angles\": \"tilt_angles_deg\", \"angleAxis\": 0, \"chemical\": {\"Fe_Ka\": \"EDS_maps/Fe_Ka\"}, \"pixelSize\": 13.08, \"unit\": \"nm\"}");
		TiltSeriesFile t = SeriesReaders.read(r);
		assertEquals(3, t.haadf().width());
		assertEquals(2, t.haadf().height());
		assertEquals(ramp(2, 1, 1), t.haadf().get(2, 1, 1));
		assertEquals(0.5f * ramp(1, 1, 0), t.chemical().get("Fe").get(1, 1, 0));
		assertEquals(new Calibration(13.08, "nm"), t.haadf().calibration());
		assertEquals(Hdf5Recipe.read(r), Hdf5Recipe.read(recipe("again.json", Hdf5Recipe.read(r).toJson())));
	}

	@Test
	void read_veloxFramesWithAlphaTiltInRadians() {
		Path f = dir.resolve("velox.emd");
		int frames = 2;
		short[][][] data = new short[2][3][frames]; // (y, x, frame)
		for (int y = 0; y < 2; y++)
			for (int x = 0; x < 3; x++)
				for (int a = 0; a < frames; a++)
					data[y][x][a] = (short) ramp(x, y, a);
		String[] json = { "{\"Stage\": {\"AlphaTilt\": \"0.5235987755982988\"}, \"BinaryResult\": {\"PixelSize\": {\"width\": \"2.5e-10\"}, \"PixelUnitX\": \"m\", \"Detector\": \"HAADF\"}}",
			"{\"Stage\": {\"AlphaTilt\": \"-0.5235987755982988\"}, \"BinaryResult\": {\"PixelSize\": {\"width\": \"2.5e-10\"}, \"PixelUnitX\": \"m\"}}" };
		int len = 200;
		byte[][] meta = new byte[len][frames];
		for (int a = 0; a < frames; a++) {
			byte[] b = json[a].getBytes(StandardCharsets.UTF_8);
			for (int i = 0; i < b.length; i++)
				meta[i][a] = b[i];
		}
		try (WritableHdfFile w = HdfFile.write(f)) {
			WritableGroup img = w.putGroup("Data").putGroup("Image").putGroup("6fdbde41");
			img.putDataset("Data", data);
			img.putDataset("Metadata", meta);
		}
		TiltSeriesFile t = SeriesReaders.read(f);
		assertEquals("HDF5 (Velox EMD)", t.format());
		assertArrayEquals(new double[] { -30, 30 }, t.haadf().anglesDeg(), 1e-9);
		assertEquals(ramp(2, 1, 1), t.haadf().get(2, 1, 0));
		assertEquals(0.25, t.haadf().calibration().pixelSize(), 1e-12);
		assertEquals("nm", t.haadf().calibration().unit());
	}

	@Test
	void recipe_realIdpHaadfEdx() throws IOException {
		Path h5 = RealData.require("idp-haadf-edx/IDP_L2083-K-4-1_HAADF_EDS_tiltseries.h5");
		Path r = recipe("idp.json", "{\"file\": \"" + h5.toAbsolutePath().toString().replace("\\", "/")
			+ "\", \"haadf\": \"HAADF\", \"angles\": \"tilt_angles_deg\", \"angleAxis\": 0, \"chemical\": {\"Fe_Ka\": \"EDS_maps/Fe_Ka\", \"Pt_La\": \"EDS_maps/Pt_La\", \"O_Ka\": \"EDS_maps/O_Ka\"}, \"pixelSize\": 13.08, \"unit\": \"nm\"}");
		byte[] before = Files.readAllBytes(h5);
		TiltSeriesFile t = SeriesReaders.read(r);
		assertEquals(16, t.haadf().angleCount());
		assertEquals(256, t.haadf().width());
		assertEquals(256, t.haadf().height());
		assertEquals("uint16", t.pixelType());
		assertEquals(-40, t.haadf().anglesDeg()[0], 1e-6);
		assertEquals(35, t.haadf().anglesDeg()[15], 1e-6);
		assertEquals(List.of("Fe", "Pt", "O"), List.copyOf(t.chemical().keySet()));
		assertEquals(16, t.chemical().get("Pt").angleCount());
		assertArrayEquals(before, Files.readAllBytes(h5));
	}

	@Test
	void read_badInputIsOneClearError() throws IOException {
		Path good = numpyOrderFile("good.h5", new double[] { -5, 5 }, false);
		String recipe = "{\"file\": \"%s\", \"haadf\": \"HAADF\", \"angles\": \"tilt_angles_deg\", \"angleAxis\": 0, \"chemical\": {\"%s\": \"EDS_maps/Fe_Ka\"}}";
		// truncated HDF5, through the recipe and directly
		truncated(good, "cut.h5", Files.size(good) / 2);
		assertRejected(recipe("cut.json", String.format(recipe, "cut.h5", "Fe")), "cut.h5");
		assertRejected(dir.resolve("cut.h5"), "HDF5");
		Path magic = dir.resolve("magic.h5");
		Files.write(magic, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 });
		assertRejected(magic, "not a readable HDF5 file");
		assertRejected(good, "unknown layout", "tilt_angles_deg");
		assertRejected(recipe("count.json", String.format(recipe, "good.h5", "Fe").replace("tilt_angles_deg", "three_angles")), "2 projections", "3 tilt angles");
		numpyOrderFile("dup.h5", new double[] { 5, 5 }, false);
		// NB: repeated tilts are data, not an error.
		assertArrayEquals(new double[] { 5, 5 }, SeriesReaders.read(recipe("dup.json", String.format(recipe, "dup.h5", "Fe"))).haadf().anglesDeg());
		numpyOrderFile("nan.h5", new double[] { -5, 5 }, true);
		assertRejected(recipe("nan.json", String.format(recipe, "nan.h5", "Fe")), "NaN", "Fe_Ka");
		assertRejected(recipe("el.json", String.format(recipe, "good.h5", "Qq")), "'Qq'", "not an element");
		assertRejected(recipe("ds.json", String.format(recipe, "good.h5", "Fe").replace("EDS_maps/Fe_Ka", "EDS_maps/Nope")), "no dataset 'EDS_maps/Nope'");
		assertRejected(recipe("axis.json", String.format(recipe, "good.h5", "Fe").replace("\"angleAxis\": 0", "\"angleAxis\": 5")), "angleAxis");
		assertRejected(recipe("bad.json", "{not json"), "not valid JSON");
		Path emptyVelox = dir.resolve("empty.emd");
		try (WritableHdfFile w = HdfFile.write(emptyVelox)) {
			w.putGroup("Data").putGroup("Image");
		}
		assertRejected(emptyVelox, "empty stack");
		Path badEmd = dir.resolve("badel.emd");
		EmdFiles.write(series(2, 2, new double[] { 0 }, Calibration.PIXEL, 1), Map.of(), badEmd, AtomicFiles.protecting());
		try (WritableHdfFile w = HdfFile.write(dir.resolve("xx.emd"))) {
			WritableGroup data = w.putGroup("data");
			for (String g : new String[] { "tomography", "Xx" }) {
				WritableGroup grp = data.putGroup(g);
				grp.putDataset("data", new float[1][2][2]);
				grp.putDataset("dim1", new double[] { 0 });
			}
		}
		assertRejected(dir.resolve("xx.emd"), "'data/Xx'", "element");
	}

	@Test
	void recipe_unorderedAnglesSortEachSeries() {
		numpyOrderFile("unordered.h5", new double[] { 5, -5 }, false);
		try {
			Path r = recipe("u.json", "{\"file\": \"unordered.h5\", \"haadf\": \"HAADF\", \"angles\": \"tilt_angles_deg\", \"angleAxis\": 0}");
			TiltSeriesFile t = SeriesReaders.read(r);
			assertArrayEquals(new double[] { -5, 5 }, t.haadf().anglesDeg());
			assertEquals(ramp(2, 1, 1), t.haadf().get(2, 1, 0));
			assertTrue(t.chemical().isEmpty());
		}
		catch (IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}
}
