package org.fusedtomo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.spark.api.java.JavaSparkContext;
import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.CentralSlices;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.metrics.Percentiles;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.fusedtomo.recon.Reconstruction;
import org.fusedtomo.recon.ReconstructionEngine;
import org.fusedtomo.recon.TvOptions;
import org.fusedtomo.recon.TvReconstruction;
import org.fusedtomo.recon.WbpFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Volumes written by the tasks as slab files and assembled plane by plane by the driver (WBP, SIRT, EM and TV):
 * the TIFF is byte for byte the single-machine volume's, the central slices and quantiles taken from the slabs
 * are the whole volume's, the NRMSE summed from the slabs' shares is the whole volume's within double
 * round-off, the cost history is the same, and no slab file is left behind.
 */
class SlabVolumeWriterTest {

	private static final int N = 22, SLICES = 9, TILTS = 11;

	private static JavaSparkContext sc;
	private static TiltSeries b;
	private static VolumeGeometry volume;
	private static Volume truth;
	private static final double[] QUANTILES = { 0.005, 0.995 };
	private static final TvOptions TV = new TvOptions(0.02, 2, true, 6);

	@TempDir
	Path tmp;

	@BeforeAll
	static void start() {
		sc = SlabTestData.context("local[2]", "SlabVolumeWriterTest");
		volume = new VolumeGeometry(N, SLICES, N);
		TiltSeries p = SlabTestData.projectedRandomVolume(volume, TILTS, 60, 3, 5);
		b = new TiltSeries(p.img(), p.anglesDeg(), new Calibration(0.25, "nm"));
		truth = Volume.zeros(volume);
		java.util.Random random = new java.util.Random(9);
		for (int i = 0; i < truth.data().length; i++)
			truth.data()[i] = random.nextFloat();
	}

	@AfterAll
	static void stop() {
		sc.stop();
	}

	@ParameterizedTest
	@CsvSource({ "WBP,1", "WBP,5", "SIRT,2", "SIRT,5", "EM,5", "TV,1", "TV,5" })
	void theAssembledFileIsTheSingleMachineVolumesFile(ConventionalMethod method, int slabs) throws IOException {
		// NB: TV with 2 prox iterations, so that its halos (3 below, 4 above) are narrower than the volume.
		ConventionalParameters params = new ConventionalParameters(4, WbpFilter.SHEPP_LOGAN, 0.02);
		Reconstruction single = method == ConventionalMethod.TV ? new TvReconstruction(Projectors.create(volume, b.geometry(), Parallelism.SERIAL), TV, Parallelism.SERIAL).run(b, null, 4, Monitor.NONE)
			: method.run(Projectors.create(volume, b.geometry(), Parallelism.SERIAL), b, params, Parallelism.SERIAL, Monitor.NONE);
		Path dir = Files.createDirectories(tmp.resolve("out")), expected = tmp.resolve("single.tif"), actual = dir.resolve("slabs.tif");
		TiffSeries.writeVolume(single.volume().withCalibration(b.calibration()), expected, AtomicFiles.protecting());
		long[] nonFinite = { -1 };
		ReconstructionEngine.Written r;
		try (SparkEngine engine = SparkEngine.on(sc, slabs)) {
			if (method == ConventionalMethod.TV) {
				SparkTv.Iterated run = SparkTv.iterate(engine, Slab.split(SLICES, slabs), SlabTv.haloBelow(2), SlabTv.haloAbove(2), volume, b, TV, 4, 1, SlabTv::next, Monitor.NONE);
				try {
					r = SlabVolumeWriter.write(engine, run.slabs(), run.parts(), run.history(), volume, b.calibration(), truth, QUANTILES, dir, actual, AtomicFiles.protecting(),
						bad -> nonFinite[0] = bad, "TV volume", Monitor.NONE);
				}
				finally {
					run.release();
				}
			}
			else
				r = engine.write(method, volume, b, params, truth, QUANTILES, actual, AtomicFiles.protecting(), bad -> nonFinite[0] = bad, Monitor.NONE);
		}
		Volume x = TiffSeries.readVolume(expected);
		if (method == ConventionalMethod.EM) {
			// NB: EM's start is a double sum grouped by slab (SparkSlabsTest): compare the voxels within 1e-6 relative.
			float[] e = x.data(), a = TiffSeries.readVolume(actual).data();
			float max = 0;
			for (float f : e)
				max = Math.max(max, Math.abs(f));
			assertArrayEquals(e, a, 1e-6f * max);
		}
		else {
			assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(actual));
			// NB: the same voxels, so the same central slices and quantiles, bit for bit.
			CentralSlices c = CentralSlices.of(x, Percentiles.of(x.data(), QUANTILES[0], QUANTILES[1]));
			assertArrayEquals(c.xy(), r.slices().xy());
			assertArrayEquals(c.xz(), r.slices().xz());
			assertArrayEquals(c.zy(), r.slices().zy());
			assertArrayEquals(c.range(), r.slices().range());
		}
		assertEquals(0, nonFinite[0]);
		// NB: the slabs' shares are summed in another order than one machine's sums: double round-off.
		double nrmse = Nrmse.of(x, truth);
		assertTrue(nrmse > 0.01, "a non-trivial score: " + nrmse);
		assertEquals(nrmse, r.nrmse(), method == ConventionalMethod.EM ? 1e-6 * nrmse : 1e-12 * nrmse);
		for (String term : single.history().terms())
			assertArrayEquals(single.history().values(term), r.history().values(term), 1e-5 * Math.abs(single.history().values(term)[0]), term);
		try (var left = Files.list(dir)) {
			assertEquals(List.of(actual), left.toList(), "slab files left behind");
		}
	}

	/** A run refused for its NaN voxels (the callback throws) writes nothing and leaves no slab file. */
	@org.junit.jupiter.api.Test
	void refusedBeforeWritingLeavesNothing() throws IOException {
		Path dir = Files.createDirectories(tmp.resolve("refused")), tiff = dir.resolve("x.tif");
		try (SparkEngine engine = SparkEngine.on(sc, 3)) {
			assertThrows(IllegalArgumentException.class, () -> engine.write(ConventionalMethod.WBP, volume, b, new ConventionalParameters(1, WbpFilter.SHEPP_LOGAN, 0), null,
				QUANTILES, tiff, AtomicFiles.protecting(), bad -> {
					throw new IllegalArgumentException("refused");
				}, Monitor.NONE));
		}
		try (var left = Files.list(dir)) {
			assertEquals(List.of(), left.toList());
		}
	}
}
