package org.fusedtomo.io.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;

import org.fusedtomo.io.RealData;
import org.fusedtomo.io.readers.SpectrumImageReaders;
import org.fusedtomo.spectra.SpectrumImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VeloxSpectraTest {

	@TempDir
	Path dir;

	/** Velox's metadata layout: a JSON text as a null-padded column of bytes. */
	static byte[][] column(String json) {
		byte[] b = json.getBytes(StandardCharsets.UTF_8);
		byte[][] out = new byte[b.length + 16][1];
		for (int i = 0; i < b.length; i++)
			out[i][0] = b[i];
		return out;
	}

	/** The stream Velox would write for counts[frame][pixel][channel]: each count's channel, 65535 after every pixel but the last. */
	static short[][] stream(int[][][] counts, Random r) {
		List<Integer> v = new ArrayList<>();
		for (int f = 0; f < counts.length; f++)
			for (int p = 0; p < counts[f].length; p++) {
				List<Integer> hits = new ArrayList<>();
				for (int c = 0; c < counts[f][p].length; c++)
					for (int k = 0; k < counts[f][p][c]; k++)
						hits.add(c);
				java.util.Collections.shuffle(hits, r); // NB: arrival order within a pixel is free
				v.addAll(hits);
				if (f < counts.length - 1 || p < counts[f].length - 1)
					v.add(VeloxSpectra.END_OF_PIXEL);
			}
		short[][] out = new short[v.size()][1];
		for (int i = 0; i < out.length; i++)
			out[i][0] = (short) (int) v.get(i);
		return out;
	}

	@Test
	void syntheticStream_twoDetectorsTwoFrames_sumsToTheTruth() throws IOException {
		checkSyntheticStream(3, 2, 8, 2, 4, 18);
	}

	/**
	 * A frame of ~75 000 values (1536 pixels of 48 channels, a count of 0, 1 or 2 in each, and an end mark), more
	 * than one read of the stream (65 536 values): the reads join seamlessly, within frame 0 and within frame 1.
	 */
	@Test
	void syntheticStream_framesLongerThanOneRead_sumToTheTruth() throws IOException {
		checkSyntheticStream(48, 32, 48, 2, 2, 7);
	}

	/** Counts 0..maxCount-1 per (detector, frame, pixel, channel), streamed as Velox does, decoded and compared. */
	private void checkSyntheticStream(int w, int h, int channels, int frames, int maxCount, long seed) throws IOException {
		Random r = new Random(seed);
		int[][][][] counts = new int[2][frames][w * h][channels];
		double[][] truth = new double[w * h][channels];
		for (int[][][] det : counts)
			for (int[][] frame : det)
				for (int p = 0; p < w * h; p++)
					for (int c = 0; c < channels; c++) {
						frame[p][c] = maxCount <= 2 ? r.nextInt(3) : r.nextInt(4) == 0 ? 1 + r.nextInt(maxCount - 1) : 0;
						truth[p][c] += frame[p][c];
					}
		// The scan is (2w)x(2h) and the spectrum image covers its right half of the top half: w x h pixels.
		String meta = "{\"Stage\": {\"AlphaTilt\": \"0.5235987755982988\"}, \"Scan\": {\"ScanSize\": {\"width\": \"" + 2 * w + "\", \"height\": \"" + 2 * h
			+ "\"}, \"ScanArea\": {\"left\": \"0.5\", \"top\": \"0\", \"right\": \"1\", \"bottom\": \"0.5\"}},"
			+ " \"BinaryResult\": {\"Detector\": \"SuperX%d\", \"PixelSize\": {\"width\": \"2e-9\"}, \"PixelUnitX\": \"m\"},"
			+ " \"Detectors\": {\"Detector-0\": {\"DetectorName\": \"SuperX1\", \"Dispersion\": \"10\", \"OffsetEnergy\": \"-200\"}, \"Detector-1\": {\"DetectorName\": \"SuperX2\", \"Dispersion\": \"10\", \"OffsetEnergy\": \"-200\"}}}";
		Path f = dir.resolve("stream" + w + ".emd");
		try (WritableHdfFile out = HdfFile.write(f)) {
			WritableGroup streams = out.putGroup("Data").putGroup("SpectrumStream");
			for (int d = 0; d < 2; d++) {
				WritableGroup g = streams.putGroup("s" + d);
				g.putDataset("Data", stream(counts[d], r));
				g.putDataset("AcquisitionSettings", column("{\"bincount\": \"" + channels + "\"}"));
				g.putDataset("Metadata", column(String.format(meta, d + 1)));
			}
		}
		List<SpectrumImage> all = SpectrumImageReaders.open(f);
		assertEquals(1, all.size());
		SpectrumImage s = all.get(0);
		assertEquals(SpectrumImage.SpectrumKind.EDS, s.kind());
		assertEquals(w, s.width());
		assertEquals(h, s.height());
		assertEquals(-0.2, s.energyAxis().offsetKeV(), 1e-12);
		assertEquals(0.01, s.energyAxis().scaleKeV(), 1e-12);
		assertEquals(channels, s.energyAxis().channels());
		assertEquals(30, s.tiltDeg().getAsDouble(), 1e-9);
		assertEquals(2, s.calibration().pixelSize(), 1e-12);
		double[][] got = new double[w * h][];
		int[] order = { 0 };
		s.scan((x, y, sp) -> {
			assertEquals(order[0]++, y * w + x, "pixels in row order");
			got[y * w + x] = new double[channels];
			for (int c = 0; c < channels; c++)
				got[y * w + x][c] = sp[c];
		});
		for (int p = 0; p < w * h; p++)
			assertArrayEquals(truth[p], got[p], "pixel " + p);
		// The frame starts found by counting: frame 1 begins after the 6th end mark.
		try (HdfFile in = new HdfFile(f)) {
			Dataset d = in.getDatasetByPath("Data/SpectrumStream/s0/Data");
			long[] starts = VeloxSpectra.frameStarts(d, w * h);
			assertEquals(2, starts.length);
			int[] v = VeloxSpectra.slice(d, 0, (int) starts[1]);
			assertEquals(VeloxSpectra.END_OF_PIXEL, v[v.length - 1]);
			assertEquals(w * h, java.util.Arrays.stream(v).filter(x -> x == VeloxSpectra.END_OF_PIXEL).count());
		}
	}

	/**
	 * A stream stored contiguous (unchunked, as jhdf and h5py write it without chunks), as a column or flat,
	 * as int16 or uint16 (jhdf writes int arrays as int32, which the general path reads): every slice, at
	 * any start and length, holds the values as unsigned 16-bit numbers, the same as the dataset's own getData.
	 */
	@Test
	void contiguousStreams_sliceAnywhereAsTheDatasetHoldsIt() throws IOException {
		int n = 70_001;
		short[][] column = new short[n][1];
		short[] flat = new short[n];
		int[][] wide = new int[n][1];
		for (int i = 0; i < n; i++) {
			int v = (i * 7919) % 65536;
			column[i][0] = flat[i] = (short) v;
			wide[i][0] = v;
		}
		Path f = dir.resolve("contiguous.h5");
		try (WritableHdfFile out = HdfFile.write(f)) {
			out.putDataset("column", column);
			out.putDataset("flat", flat);
			out.putDataset("wide", wide);
		}
		try (HdfFile in = new HdfFile(f)) {
			for (String name : new String[] { "column", "flat", "wide" }) {
				Dataset d = in.getDatasetByPath(name);
				assertTrue(d instanceof io.jhdf.api.dataset.ContiguousDataset, name + " " + d.getDataLayout());
				for (int[] startCount : new int[][] { { 0, n }, { 0, 1 }, { 12_345, 4096 }, { n - 3, 3 }, { 65_535, 2 } }) {
					int[] got = VeloxSpectra.slice(d, startCount[0], startCount[1]);
					assertEquals(startCount[1], got.length);
					for (int i = 0; i < got.length; i++)
						assertEquals((((startCount[0] + i) * 7919) % 65536), got[i], name + " value " + (startCount[0] + i));
				}
			}
		}
	}

	/** Streams of two scan areas are two acquisitions: two spectrum images, each with its own counts only. */
	@Test
	void syntheticStreamsOfTwoScanAreas_areTwoSpectrumImages() throws IOException {
		Random r = new Random(3);
		int[][][][] counts = new int[2][1][4][5];
		for (int d = 0; d < 2; d++)
			for (int p = 0; p < 4; p++)
				counts[d][0][p][p % 5] = 1 + d + p; // pixel p of acquisition d: 1 + d + p counts in channel p
		Path f = dir.resolve("two.emd");
		try (WritableHdfFile out = HdfFile.write(f)) {
			WritableGroup streams = out.putGroup("Data").putGroup("SpectrumStream");
			for (int d = 0; d < 2; d++) {
				WritableGroup g = streams.putGroup("s" + d);
				g.putDataset("Data", stream(counts[d], r));
				g.putDataset("AcquisitionSettings", column("{\"bincount\": \"5\"}"));
				g.putDataset("Metadata", column("{\"Scan\": {\"ScanSize\": {\"width\": \"4\", \"height\": \"2\"}, \"ScanArea\": {\"left\": \"" + 0.5 * d
					+ "\", \"top\": \"0\", \"right\": \"" + (0.5 + 0.5 * d) + "\", \"bottom\": \"1\"}}, \"BinaryResult\": {\"Detector\": \"X\"},"
					+ " \"Detectors\": {\"D\": {\"DetectorName\": \"X\", \"Dispersion\": \"5\", \"OffsetEnergy\": \"0\"}}}"));
			}
		}
		List<SpectrumImage> all = SpectrumImageReaders.open(f);
		assertEquals(2, all.size());
		for (int d = 0; d < 2; d++) {
			int acquisition = d;
			SpectrumImage s = all.get(d);
			assertEquals(2, s.width());
			assertEquals(2, s.height());
			s.scan((x, y, sp) -> {
				int p = y * 2 + x;
				float[] expected = new float[5];
				expected[p % 5] = 1 + acquisition + p;
				assertArrayEquals(expected, sp, "acquisition " + acquisition + " pixel " + p);
			});
		}
	}

	@Test
	void realVelox_edsStreamHoldsEveryCountAndMatchesTheStoredSumSpectra() throws IOException {
		Path emd = RealData.require("spectra/example_velox_EELS_EDS.emd");
		SpectrumImage eds = SpectrumImageReaders.open(emd).get(0);
		assertEquals(SpectrumImage.SpectrumKind.EDS, eds.kind());
		// Independent truth: the raw streams' non-separator entries, and Velox's own sum spectrum per detector.
		long streamCounts = 0;
		double[] stored = new double[4096];
		try (HdfFile f = new HdfFile(emd)) {
			for (Node n : (Group) f.getByPath("Data/SpectrumStream"))
				for (int[] v : (int[][]) ((Dataset) ((Group) n).getChild("Data")).getData())
					if (v[0] != 65535)
						streamCounts++;
			for (Node n : (Group) f.getByPath("Data/Spectrum")) {
				long[][] sp = (long[][]) ((Dataset) ((Group) n).getChild("Data")).getData();
				for (int c = 0; c < sp.length; c++)
					stored[c] += sp[c][0];
			}
		}
		double[] sum = new double[eds.energyAxis().channels()];
		double[] total = { 0 };
		eds.scan((x, y, sp) -> {
			for (int c = 0; c < sp.length; c++) {
				sum[c] += sp[c];
				total[0] += sp[c];
			}
		});
		assertEquals(11093, streamCounts);
		assertEquals(streamCounts, (long) total[0]);
		assertArrayEquals(stored, sum, "sum spectrum equals the sum of the file's stored detector spectra");
		// Scan 128x128, spectrum image over ScanArea 0.2265625..0.3828125 x 0.3046875..0.4296875: 20x16 pixels, as the images recorded with it.
		assertEquals(20, eds.width());
		assertEquals(16, eds.height());
		assertEquals(-0.2, eds.energyAxis().offsetKeV(), 1e-12);
		assertEquals(0.010, eds.energyAxis().scaleKeV(), 1e-12);
		assertEquals(158.658, eds.calibration().pixelSize(), 1e-3);
		assertEquals("nm", eds.calibration().unit());
		// Stage.AlphaTilt -3.136e-6 rad: an untilted stage (in degrees it would be as small); returned in degrees.
		assertEquals(Math.toDegrees(-3.1359999998911242e-06), eds.tiltDeg().getAsDouble(), 1e-12);
		SpectrumImage.SurveyImage df = eds.images().get("DF-S");
		assertEquals(20, df.width());
		assertEquals(16, df.height());
		assertEquals(128, eds.images().get("DF-S survey").width());
	}

	@Test
	void realVelox_eelsSpectrumImagesReadWithTheirEnergyAxes() throws IOException {
		Path emd = RealData.require("spectra/example_velox_EELS_EDS.emd");
		List<SpectrumImage> eels = SpectrumImageReaders.open(emd).stream().filter(s -> s.kind() == SpectrumImage.SpectrumKind.EELS).toList();
		assertEquals(3, eels.size());
		double[] offsetsEv = new double[3];
		try (HdfFile f = new HdfFile(emd)) {
			int i = 0;
			for (Node n : (Group) f.getByPath("Data/EelsSpectrumImage")) {
				Group g = (Group) n;
				int[][][] raw = (int[][][]) ((Dataset) g.getChild("Data")).getData(); // (x, energy, y)
				int[][] acq = (int[][]) ((Dataset) g.getChild("AcquisitionMetadata")).getData(); // (bytes, row)
				SpectrumImage s = eels.get(i);
				assertTrue(s.source().contains(n.getName()), s.source());
				assertEquals(20, s.width());
				assertEquals(16, s.height());
				assertEquals(2048, s.energyAxis().channels());
				JsonObject row0 = json(acq, 0);
				offsetsEv[i] = row0.getAsJsonObject("Data").get("offset").getAsDouble();
				assertEquals(offsetsEv[i] / 1000, s.energyAxis().offsetKeV(), 1e-12);
				assertEquals(0.1692e-3, s.energyAxis().scaleKeV(), 1e-12);
				double[] err = { 0 };
				s.scan((x, y, sp) -> {
					JsonObject d = json(acq, y).getAsJsonObject("Data");
					double gain = d.get("intensityScale").getAsDouble(), bias = d.get("intensityOffset").getAsDouble();
					for (int c = 0; c < sp.length; c++)
						err[0] = Math.max(err[0], Math.abs(sp[c] - (raw[x][c][y] * gain + bias)));
				});
				assertTrue(err[0] < 1e-4, "max error " + err[0]);
				i++;
			}
		}
		assertArrayEquals(new double[] { 800, 480, -21.5026 }, offsetsEv, 1e-3);
	}

	private static JsonObject json(int[][] columns, int col) {
		StringBuilder s = new StringBuilder();
		for (int i = 0; i < columns.length && columns[i][col] != 0; i++)
			s.append((char) columns[i][col]);
		return JsonParser.parseString(s.toString()).getAsJsonObject();
	}
}
