package org.fusedtomo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.RealData;
import org.fusedtomo.io.readers.SeriesReaders;
import org.fusedtomo.recon.fused.FusedMaps;
import org.fusedtomo.recon.fused.FusedMapsTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class Fused2dCommandTest {

	@TempDir
	Path tmp;

	/** An .npz of float32 2D arrays, as numpy.savez writes it (stored entries, version-1 headers). */
	static Path npz(Path file, Map<String, float[]> arrays, int width, int height) throws IOException {
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
			for (Map.Entry<String, float[]> a : arrays.entrySet()) {
				zip.putNextEntry(new ZipEntry(a.getKey() + ".npy"));
				String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + height + ", " + width + "), }";
				String header = dict + " ".repeat((64 - (11 + dict.length()) % 64) % 64) + "\n";
				ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 4 * a.getValue().length).order(ByteOrder.LITTLE_ENDIAN);
				b.put(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 }).putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
				for (float v : a.getValue())
					b.putFloat(v);
				zip.write(b.array());
				zip.closeEntry();
			}
		}
		return file;
	}

	@Test
	void fused2d_writesMapsReportAndPicturesFromAnNpz() throws IOException {
		Map<String, float[]> truth = FusedMapsTest.truth();
		var maps = FusedMapsTest.maps(truth, 3, FusedMaps.DEFAULT);
		Path in = npz(tmp.resolve("maps.npz"), Map.of("HAADF", maps.haadf().data(), "Co", maps.chemical("Co").data(), "O", maps.chemical("O").data()), FusedMapsTest.N,
			FusedMapsTest.N);
		Path out = tmp.resolve("out");
		assertEquals(0, FusedTomo.run("fused2d", "--input", in.toString(), "--chem", "Co", "--chem", "O=O", "--iterations", "10", "--threads", "1", "--out", out.toString()));
		for (String f : new String[] { "Co.tif", "O.tif", "HAADF-model.tif", "maps.png", "haadf-fit.png", "convergence.png", "report.json" })
			assertTrue(Files.size(out.resolve(f)) > 0, f);
		JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
		JsonObject metrics = report.getAsJsonObject("metrics");
		assertTrue(metrics.get("haadf_nrmse_fused").getAsDouble() < metrics.get("haadf_nrmse_raw").getAsDouble(), metrics.toString());
		assertTrue(metrics.getAsJsonObject("fine_scale_fused").get("Co").getAsDouble() < metrics.getAsJsonObject("fine_scale_raw").get("Co").getAsDouble());
		assertEquals(10, report.getAsJsonObject("history").getAsJsonObject("fused").getAsJsonArray("total").size());
	}

	@Test
	void fused2d_namesTheFileAndWhatItHoldsForAMissingMap() throws IOException {
		float[] z = new float[16];
		Path in = npz(tmp.resolve("few.npz"), Map.of("HAADF", z, "Co", z), 4, 4);
		String err = stderr(() -> assertEquals(2, FusedTomo.run("fused2d", "--input", in.toString(), "--chem", "Mn", "--out", tmp.resolve("o").toString())));
		assertTrue(err.contains("few.npz") && err.contains("'Mn'") && err.contains("HAADF"), err);
		err = stderr(() -> assertEquals(2, FusedTomo.run("fused2d", "--input", in.toString(), "--chem", "Xx=Co", "--out", tmp.resolve("o").toString())));
		assertTrue(err.contains("'Xx' is not an element"), err);
	}

	/**
	 * A tilt-series HDF5 file (a 3D HAADF, the IDP layout) given to fused2d names its 3D datasets and points to reconstruct:
	 * it was told only of the file's one 2D array (the summed spectrum), as if the HAADF were missing.
	 */
	@Test
	void fused2d_namesTheTiltSeriesOfAnHdf5FileAndPointsToReconstruct() {
		Path in = tmp.resolve("series.h5");
		try (WritableHdfFile w = HdfFile.write(in)) {
			w.putDataset("HAADF", new float[3][4][5]);
			w.putDataset("sum_spectrum", new float[3][8]);
		}
		FusedTomoTest.Run r = FusedTomoTest.run("fused2d", "--input", in.toString(), "--out", tmp.resolve("o").toString());
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().contains("series.h5") && r.err().contains("no 2D image 'HAADF'") && r.err().contains("HAADF (3, 4, 5) float32")
			&& r.err().contains("fusedtomo reconstruct"), r.err());
		assertFalse(Files.exists(tmp.resolve("o")));
	}

	/** A constant map is refused naming it (the solver said "no positive pixel ... check its background subtraction" after the minimum was subtracted). */
	@Test
	void fused2d_aConstantMapIsNamed() throws IOException {
		Map<String, float[]> truth = FusedMapsTest.truth();
		var maps = FusedMapsTest.maps(truth, 3, FusedMaps.DEFAULT);
		Path in = npz(tmp.resolve("zero.npz"), Map.of("HAADF", maps.haadf().data(), "Co", maps.chemical("Co").data(), "O", new float[FusedMapsTest.N * FusedMapsTest.N]),
			FusedMapsTest.N, FusedMapsTest.N);
		Path out = tmp.resolve("zero");
		FusedTomoTest.Run r = FusedTomoTest.run("fused2d", "--input", in.toString(), "--out", out.toString());
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().strip().endsWith("the map of O ('O') has every pixel equal to 0.0; it holds no image: drop it"), r.err());
		assertFalse(Files.exists(out));
	}

	/** The real DyScO3 X-EDS maps of DESIGN §9, binned 256 -> 64; skipped without ../shared/data. */
	@Test
	@Timeout(60)
	void fused2d_onTheRealDyScO3Maps() throws IOException {
		Path npz = RealData.require("fused2d/PTO_Trilayer_dataset.npz");
		Path out = tmp.resolve("dy");
		assertEquals(0, FusedTomo.run("fused2d", "--input", npz.toString(), "--bin", "4", "--iterations", "10", "--threads", "2", "--out", out.toString()));
		JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
		assertEquals("Sc", report.getAsJsonObject("maps").get("Sc").getAsString());
		JsonObject metrics = report.getAsJsonObject("metrics");
		assertTrue(metrics.get("haadf_nrmse_fused").getAsDouble() < metrics.get("haadf_nrmse_raw").getAsDouble(), metrics.toString());
		assertTrue(Files.size(out.resolve("Dy.tif")) >= 64 * 64 * 4);
	}

	/**
	 * A spectrum image as --input with --lines (it was refused: "is not an HDF5, .npz or .npy file", and fused2d read no
	 * TIFF, so a single spectrum image had no way into 2D fusion): the result equals 'maps' on the file followed by
	 * fused2d on those maps (as an .npz), bit for bit; without --lines the file is refused naming --lines. Real Bruker
	 * file test_TEM.bcf (64 x 64, Si and O peaks in its sum spectrum); skipped without ../shared/data.
	 */
	@Test
	@Timeout(60)
	void fused2d_takesASpectrumImageWithLinesAsMapsWouldMakeThem() throws IOException {
		Path bcf = RealData.require("spectra/test_TEM.bcf");
		Path maps = tmp.resolve("maps");
		assertEquals(0, FusedTomo.run("maps", "--input", bcf.toString(), "--lines", "Si_Ka,O_Ka", "--angles", "0:0:1", "--out", maps.toString()));
		Map<String, float[]> arrays = new java.util.LinkedHashMap<>();
		int w = 0, h = 0;
		for (String name : new String[] { "HAADF", "Si", "O" }) {
			TiltSeries s = SeriesReaders.read(maps.resolve(name + ".tif")).haadf();
			arrays.put(name, s.data());
			w = s.width();
			h = s.height();
		}
		Path npz = npz(tmp.resolve("maps.npz"), arrays, w, h);
		Path viaMaps = tmp.resolve("via-maps"), direct = tmp.resolve("direct");
		String[] common = { "--iterations", "5", "--threads", "1" };
		assertEquals(0, FusedTomo.run(FusedTomoTest.concat(new String[] { "fused2d", "--input", npz.toString(), "--out", viaMaps.toString() }, common)));
		assertEquals(0, FusedTomo.run(FusedTomoTest.concat(new String[] { "fused2d", "--input", bcf.toString(), "--lines", "Si_Ka,O_Ka", "--out", direct.toString() }, common)));
		for (String el : new String[] { "Si", "O" })
			assertArrayEquals(SeriesReaders.readVolume(viaMaps.resolve(el + ".tif")).data(), SeriesReaders.readVolume(direct.resolve(el + ".tif")).data(), el);
		JsonObject report = JsonParser.parseString(Files.readString(direct.resolve("report.json"))).getAsJsonObject();
		assertTrue(report.has("spectra") && Files.size(direct.resolve("spectrum-eds.png")) > 1000, report.toString());
		Path none = tmp.resolve("none");
		FusedTomoTest.Run r = FusedTomoTest.run("fused2d", "--input", bcf.toString(), "--out", none.toString());
		assertEquals(2, r.code(), r.err());
		assertEquals(1, r.err().strip().lines().count(), r.err());
		assertTrue(r.err().contains("is a spectrum image: give the lines to map with --lines"), r.err());
		assertFalse(Files.exists(none));
	}

	/** The real Co3O4/Mn3O4 EELS maps (HDF5), binned 400 -> 100; skipped without ../shared/data. */
	@Test
	@Timeout(60)
	void fused2d_onTheRealCo3O4Mn3O4Maps() throws IOException {
		Path h5 = RealData.require("fused2d/Co3O4_Mn3O4.h5");
		Path out = tmp.resolve("co");
		assertEquals(0, FusedTomo.run("fused2d", "--input", h5.toString(), "--bin", "4", "--iterations", "10", "--threads", "2", "--out", out.toString()));
		JsonObject metrics = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject().getAsJsonObject("metrics");
		for (String el : new String[] { "Co", "Mn", "O" })
			assertTrue(metrics.getAsJsonObject("corr_fused_vs_smoothed_raw").get(el).getAsDouble() > metrics.getAsJsonObject("corr_raw_vs_smoothed_raw").get(el).getAsDouble(),
				el + ": " + metrics);
	}

	private static String stderr(Runnable r) {
		PrintStream old = System.err;
		ByteArrayOutputStream buf = new ByteArrayOutputStream();
		System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
		try {
			r.run();
		}
		finally {
			System.setErr(old);
		}
		return buf.toString(StandardCharsets.UTF_8);
	}
}
