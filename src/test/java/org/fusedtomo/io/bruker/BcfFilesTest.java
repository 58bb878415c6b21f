package org.fusedtomo.io.bruker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.fusedtomo.io.InvalidInputException;
import org.fusedtomo.io.RealData;
import org.fusedtomo.io.readers.SpectrumImageReaders;
import org.fusedtomo.spectra.SpectrumImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.jhdf.HdfFile;

/**
 * The Bruker {@code .bcf} reader: synthetic files with known spectra in every packing, and the real
 * files of ../shared/data against the independent reference in the IDP {@code .h5} (skipped without it).
 */
class BcfFilesTest {

	private static final String H5 = "idp-haadf-edx/IDP_L2083-K-4-1_HAADF_EDS_tiltseries.h5";

	/** A synthetic map with every packing, value width and a line with pixels left out. */
	static BcfBuilder synthetic(int width, int height, int channels, long seed) {
		BcfBuilder b = new BcfBuilder(width, height, channels);
		Random r = new Random(seed);
		BcfBuilder.Packing[] kinds = BcfBuilder.Packing.values();
		int[] ranges = { 0, 15, 200, 60_000, 100_000 };
		for (int i = 0; i < width * height; i++) {
			b.haadf[i] = r.nextInt(65536);
			// the last line lists only every other pixel, as an interrupted map does
			b.present[i] = i / width < height - 1 || i % 2 == 0;
			b.packing[i] = kinds[i % kinds.length];
			if (!b.present[i])
				continue;
			int[] s = b.spectra[i];
			if (b.packing[i] == BcfBuilder.Packing.INSTRUCTED) {
				int range = ranges[(i / kinds.length) % ranges.length];
				int base = r.nextInt(3);
				for (int c = 0; c < channels; c++)
					s[c] = c > channels / 3 && c < channels / 2 ? 0 : base + (range == 0 ? 0 : r.nextInt(range + 1));
			}
			else
				for (int k = r.nextInt(40); k > 0; k--)
					s[r.nextInt(channels)]++;
		}
		return b;
	}

	private static void assertReadsBack(BcfBuilder b, Path file) throws IOException {
		List<SpectrumImage> list = SpectrumImageReaders.open(file);
		assertEquals(1, list.size());
		SpectrumImage si = list.get(0);
		assertEquals(b.width, si.width());
		assertEquals(b.height, si.height());
		assertEquals(SpectrumImage.SpectrumKind.EDS, si.kind());
		assertEquals(b.channels, si.energyAxis().channels());
		assertEquals(-0.475, si.energyAxis().offsetKeV(), 1e-12);
		assertEquals(0.01, si.energyAxis().scaleKeV(), 1e-12);
		assertEquals(12.5, si.calibration().pixelSize(), 1e-9); // 0,0125 µm with a decimal comma
		assertEquals("nm", si.calibration().unit());
		assertEquals(-12.5, si.tiltDeg().orElseThrow(), 0);
		assertEquals(2, ((BcfSpectrumImage) si).fileVersion());
		Map<String, SpectrumImage.SurveyImage> images = si.images();
		assertEquals(List.of("HAADF"), List.copyOf(images.keySet()), "the all-zero BF plane is left out");
		float[] haadf = images.get("HAADF").pixels();
		for (int i = 0; i < haadf.length; i++)
			assertEquals(b.haadf[i], haadf[i], 0);
		for (int pass = 0; pass < 2; pass++) { // scan re-reads the file
			int[] visited = { 0 };
			si.scan((x, y, s) -> {
				assertEquals(visited[0] % b.width, x);
				assertEquals(visited[0] / b.width, y);
				int[] truth = b.spectra[y * b.width + x];
				for (int c = 0; c < s.length; c++)
					if (truth[c] != s[c])
						throw new AssertionError("pixel (" + x + ", " + y + ") " + b.packing[y * b.width + x] + " channel " + c + ": " + s[c] + " != " + truth[c]);
				visited[0]++;
			});
			assertEquals(b.width * b.height, visited[0]);
		}
		long[] sum = ((BcfSpectrumImage) si).headerSumSpectrum();
		for (int c = 0; c < b.channels; c++) {
			long t = 0;
			for (int[] s : b.spectra)
				t += s[c];
			assertEquals(t, sum[c]);
		}
	}

	@Test
	void syntheticFilesDecodeToTheirKnownSpectra(@TempDir Path tmp) throws IOException {
		BcfBuilder b = synthetic(9, 7, 700, 1);
		assertReadsBack(b, b.write(tmp.resolve("plain.bcf")));
		b.compress = true;
		assertReadsBack(b, b.write(tmp.resolve("zlib.bcf")));
		b.chunkSize = 4096;
		b.compressionBlock = 1 << 15;
		assertReadsBack(b, b.write(tmp.resolve("zlib-4k.bcf")));
	}

	@Test
	void dataPastTwoGibibytesIsRead(@TempDir Path tmp) throws IOException {
		BcfBuilder b = synthetic(5, 3, 300, 2);
		b.chunkSize = 1024;
		b.firstSpectrumChunk = (3L << 30) / b.chunkSize; // 3 GiB; the file is sparse, little disk is used
		Path file = b.write(tmp.resolve("large.bcf"));
		assertTrue(Files.size(file) > 3L << 30);
		assertReadsBack(b, file);
	}

	@Test
	void scanStopsWhenTheThreadIsInterrupted(@TempDir Path tmp) throws IOException {
		BcfBuilder b = synthetic(4, 4, 100, 3);
		SpectrumImage si = BcfFiles.open(b.write(tmp.resolve("a.bcf"))).get(0);
		Thread.currentThread().interrupt();
		try {
			assertThrows(InterruptedIOException.class, () -> si.scan((x, y, s) -> {}));
		}
		finally {
			Thread.interrupted();
		}
	}

	private static void assertOneLineNaming(Path file, Exception e, String problem) {
		String m = e.getMessage();
		assertTrue(m.startsWith(file.toString()), m);
		assertTrue(m.contains(problem), m);
		assertFalse(m.contains("\n"), m);
	}

	@Test
	void truncatedFilesAreRefusedInOneLine(@TempDir Path tmp) throws IOException {
		BcfBuilder b = synthetic(8, 8, 400, 4);
		for (boolean compress : new boolean[] { false, true }) {
			b.compress = compress;
			Path whole = b.write(tmp.resolve("whole.bcf"));
			long size = Files.size(whole);
			for (long cut : new long[] { size / 2, size - b.chunkSize - 100, 0x130 }) {
				Path file = tmp.resolve("cut-" + compress + "-" + cut + ".bcf");
				Files.copy(whole, file);
				try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
					f.setLength(cut);
				}
				InvalidInputException e = assertThrows(InvalidInputException.class, () -> SpectrumImageReaders.open(file).get(0).scan((x, y, s) -> {}));
				assertOneLineNaming(file, e, "truncated");
			}
		}
	}

	@Test
	void otherFilesAreRefusedInOneLine(@TempDir Path tmp) throws IOException {
		Path text = Files.writeString(tmp.resolve("notes.bcf"), "not a spectrum image\n");
		assertOneLineNaming(text, assertThrows(InvalidInputException.class, () -> SpectrumImageReaders.open(text)), "is not a supported spectrum-image file (Bruker .bcf");
		assertOneLineNaming(text, assertThrows(InvalidInputException.class, () -> BcfFiles.open(text)), "is not a Bruker .bcf file");
		assertFalse(SpectrumImageReaders.isSpectrumImage(text));
		Path empty = Files.createFile(tmp.resolve("empty.bcf"));
		assertOneLineNaming(empty, assertThrows(InvalidInputException.class, () -> SpectrumImageReaders.open(empty)), "empty");
		Path missing = tmp.resolve("missing.bcf");
		assertOneLineNaming(missing, assertThrows(InvalidInputException.class, () -> SpectrumImageReaders.open(missing)), "not found");
		// an SFS container with the signature but a damaged header
		byte[] bad = new byte[4096];
		System.arraycopy(SfsContainer.MAGIC, 0, bad, 0, 8);
		Path damaged = Files.write(tmp.resolve("damaged.bcf"), bad);
		assertOneLineNaming(damaged, assertThrows(InvalidInputException.class, () -> SpectrumImageReaders.open(damaged)), "chunk size");
	}

	private static double[] flat(Object data) {
		int n = Array.getLength(data);
		double[] out = new double[n];
		for (int i = 0; i < n; i++)
			out[i] = ((Number) Array.get(data, i)).doubleValue();
		return out;
	}

	/**
	 * All 16 IDP tilts against the {@code .h5} made from the same files by an independent reader
	 * (hyperspy): HAADF equal, the sum spectrum of the scanned cube equal, same energy axis and pixel
	 * size. The files' metadata holds no stage tilt ({@code TRTSEMStageData} has only {@code State});
	 * the tilts come from the file names, which equal the {@code .h5}'s angles.
	 */
	@Test
	void idpFilesMatchTheIndependentReference() throws IOException {
		Path h5 = RealData.require(H5);
		double[] angles, haadf, sums;
		double offset, scale, pixelUm;
		try (HdfFile f = new HdfFile(h5)) {
			angles = flat(f.getDatasetByPath("tilt_angles_deg").getDataFlat());
			haadf = flat(f.getDatasetByPath("HAADF").getDataFlat());
			sums = flat(f.getDatasetByPath("EDS_sum_spectrum_per_tilt").getDataFlat());
			offset = ((Number) f.getAttribute("energy_axis_offset_keV").getData()).doubleValue();
			scale = ((Number) f.getAttribute("energy_axis_scale_keV").getData()).doubleValue();
			pixelUm = ((Number) f.getAttribute("pixel_size_um").getData()).doubleValue();
		}
		Path folder = h5.resolveSibling("bcf");
		try (var s = Files.list(folder)) {
			assertEquals(angles.length, s.filter(p -> p.toString().endsWith(".bcf")).count());
		}
		for (int t = 0; t < angles.length; t++) {
			Path bcf = folder.resolve(Math.round(angles[t]) + ".bcf");
			assertTrue(Files.isRegularFile(bcf), bcf + " named after the .h5's tilt " + angles[t]);
			SpectrumImage si = SpectrumImageReaders.open(bcf).get(0);
			assertEquals(256, si.width());
			assertEquals(256, si.height());
			assertEquals(1, ((BcfSpectrumImage) si).fileVersion());
			assertTrue(si.tiltDeg().isEmpty(), "no stage tilt in the IDP metadata");
			assertEquals(offset, si.energyAxis().offsetKeV(), 1e-12);
			assertEquals(scale, si.energyAxis().scaleKeV(), 1e-12);
			assertEquals(2048, si.energyAxis().channels());
			assertEquals(pixelUm * 1000, si.calibration().pixelSize(), 1e-6);
			float[] img = si.images().get("HAADF").pixels();
			for (int i = 0; i < img.length; i++)
				if (img[i] != haadf[t * img.length + i])
					throw new AssertionError(bcf + " HAADF pixel " + i + ": " + img[i] + " != " + haadf[t * img.length + i]);
			double[] sum = new double[2048];
			si.scan((x, y, s) -> {
				for (int c = 0; c < s.length; c++)
					sum[c] += s[c];
			});
			for (int c = 0; c < sum.length; c++)
				assertEquals(sums[t * sum.length + c], sum[c], 0, bcf + " sum spectrum channel " + c);
			// Bruker's own sum spectrum in the header differs by at most one count in a few channels.
			long[] header = ((BcfSpectrumImage) si).headerSumSpectrum();
			for (int c = 0; c < sum.length; c++)
				assertEquals(header[c], sum[c], 1, bcf + " header sum spectrum channel " + c);
		}
	}

	/** The two small real files of rosettasciio: a version 1 TEM map and a version 2 SEM map. */
	@Test
	void smallRealFilesOfBothVersionsRead() throws IOException {
		Object[][] cases = { { "spectra/test_TEM.bcf", 1, 64, 64, 26005.0, "HAADF" }, { "spectra/bcf_v2_50x50px.bcf", 2, 50, 50, 949769.0, "Ch 1" } };
		for (Object[] c : cases) {
			Path file = RealData.require((String) c[0]);
			SpectrumImage si = SpectrumImageReaders.open(file).get(0);
			assertEquals(c[1], ((BcfSpectrumImage) si).fileVersion(), file.toString());
			assertEquals(c[2], si.width());
			assertEquals(c[3], si.height());
			assertEquals(2048, si.energyAxis().channels());
			assertEquals(-0.47, si.energyAxis().offsetKeV(), 0.01);
			assertEquals(0.01, si.energyAxis().scaleKeV(), 1e-4);
			double[] total = { 0 };
			si.scan((x, y, s) -> {
				for (float v : s) {
					assertTrue(v >= 0);
					total[0] += v;
				}
			});
			// the scanned cube holds exactly the counts of Bruker's stored sum spectrum
			assertEquals((double) c[4], total[0], 0, file.toString());
			assertEquals(java.util.Arrays.stream(((BcfSpectrumImage) si).headerSumSpectrum()).sum(), total[0], 0);
			assertTrue(si.images().containsKey((String) c[5]), si.images().keySet().toString());
		}
	}

	@Test
	void truncatedRealFileIsRefused(@TempDir Path tmp) throws IOException {
		Path real = RealData.require("spectra/test_TEM.bcf");
		Path file = tmp.resolve("test_TEM.bcf");
		Files.copy(real, file);
		try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
			f.setLength(Files.size(real) * 2 / 3);
		}
		assertOneLineNaming(file, assertThrows(InvalidInputException.class, () -> SpectrumImageReaders.open(file).get(0).scan((x, y, s) -> {})), "truncated");
		assertArrayEquals(Files.readAllBytes(real), Files.readAllBytes(real), "input untouched");
	}
}
