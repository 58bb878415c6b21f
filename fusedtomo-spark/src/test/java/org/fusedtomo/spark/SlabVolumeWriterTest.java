package org.fusedtomo.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.spark.api.java.JavaSparkContext;
import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.ConventionalMethod;
import org.fusedtomo.recon.ConventionalParameters;
import org.fusedtomo.recon.Reconstruction;
import org.fusedtomo.recon.WbpFilter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Volumes written by the tasks as slab files and assembled plane by plane by the driver: the TIFF is byte for
 * byte the single-machine volume's, with the same cost history, and no slab file is left behind.
 */
class SlabVolumeWriterTest {

	private static final int N = 22, SLICES = 9, TILTS = 11;

	private static JavaSparkContext sc;
	private static TiltSeries b;
	private static VolumeGeometry volume;

	@TempDir
	Path tmp;

	@BeforeAll
	static void start() {
		sc = SlabTestData.context("local[2]", "SlabVolumeWriterTest");
		volume = new VolumeGeometry(N, SLICES, N);
		TiltSeries p = SlabTestData.projectedRandomVolume(volume, TILTS, 60, 3, 5);
		b = new TiltSeries(p.img(), p.anglesDeg(), new Calibration(0.25, "nm"));
	}

	@AfterAll
	static void stop() {
		sc.stop();
	}

	@ParameterizedTest
	@CsvSource({ "WBP,1", "WBP,5", "SIRT,2", "SIRT,5", "EM,5" })
	void theAssembledFileIsTheSingleMachineVolumesFile(ConventionalMethod method, int slabs) throws IOException {
		ConventionalParameters params = new ConventionalParameters(4, WbpFilter.SHEPP_LOGAN, 0);
		Reconstruction single = method.run(Projectors.create(volume, b.geometry(), Parallelism.SERIAL), b, params, Parallelism.SERIAL, Monitor.NONE);
		Path expected = tmp.resolve("single.tif"), actual = tmp.resolve("slabs.tif");
		TiffSeries.writeVolume(single.volume().withCalibration(b.calibration()), expected, AtomicFiles.protecting());
		SlabVolumeWriter.Result r;
		try (SparkEngine engine = SparkEngine.on(sc, slabs)) {
			r = SlabVolumeWriter.run(engine, method, volume, b, params, tmp, actual, AtomicFiles.protecting(), Monitor.NONE);
		}
		if (method == ConventionalMethod.EM) {
			// NB: EM's start is a double sum grouped by slab (SparkSlabsTest): compare the voxels within 1e-6 relative.
			float[] e = TiffSeries.readVolume(expected).data(), a = TiffSeries.readVolume(actual).data();
			float max = 0;
			for (float f : e)
				max = Math.max(max, Math.abs(f));
			assertArrayEquals(e, a, 1e-6f * max);
		}
		else
			assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(actual));
		assertEquals(0, r.nonFinite());
		for (String term : single.history().terms())
			assertArrayEquals(single.history().values(term), r.history().values(term), 1e-5 * Math.abs(single.history().values(term)[0]), term);
		try (var left = Files.list(tmp)) {
			assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith(".fusedtomo-slabs-")), "slab files left behind");
		}
	}
}
