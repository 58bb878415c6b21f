package org.fusedtomo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;

import org.fusedtomo.cli.FusedTomoTest.Run;
import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.projector.SampledProjector;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;
import org.fusedtomo.geometry.TiltGeometry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chemical maps at their own sampling on the command line (issue 17, part 5): a 24-pixel HAADF series at 1 nm
 * per pixel and Co maps of 12 pixels at 2 nm (binned 2x by summing), at 1.5 nm (refused), and without
 * calibration (placed by --chem-sampling).
 */
class ChemSamplingCommandTest {

	@TempDir
	static Path tmp;

	static Path haadf, co2nm, co15nm, coUncalibrated;

	@BeforeAll
	static void write() {
		SimulationParameters p = SimulationParameters.defaults().withHaadfAnglesDeg(TiltGeometry.range(-70, 70, 10)).withChemAnglesDeg(TiltGeometry.range(-60, 60, 30));
		SimulatedData d = new Simulator(Parallelism.SERIAL).simulate(Phantoms.create(Phantoms.CORE_SHELL, VolumeGeometry.cube(24), 3), p);
		AtomicFiles files = new AtomicFiles(java.util.List.of());
		TiltSeries h = d.haadf();
		haadf = tmp.resolve("HAADF.tif");
		TiffSeries.writeTiltSeries(new TiltSeries(h.img(), h.anglesDeg(), new Calibration(1, "nm")), haadf, files);
		TiltSeries fine = d.chemical().get("Co");
		ChemicalSampling two = new ChemicalSampling(2, 0, 0);
		co2nm = tmp.resolve("Co-2nm.tif");
		TiffSeries.writeTiltSeries(SampledProjector.bin(fine, two, 12, 12, new Calibration(2, "nm")), co2nm, files);
		co15nm = tmp.resolve("Co-1.5nm.tif");
		TiffSeries.writeTiltSeries(SampledProjector.bin(fine, two, 12, 12, new Calibration(1.5, "nm")), co15nm, files);
		coUncalibrated = tmp.resolve("Co-uncalibrated.tif");
		TiffSeries.writeTiltSeries(SampledProjector.bin(fine, two, 12, 12, Calibration.PIXEL), coUncalibrated, files);
	}

	@Test
	void simulate_chemBinWritesMapsThatSumTheFinePixels() {
		Path fine = tmp.resolve("sim-fine"), coarse = tmp.resolve("sim-bin3");
		String[] common = { "simulate", "--size", "16", "--haadf-angles", "-60:60:60", "--chem-angles", "0:0:1", "--seed", "5" };
		assertEquals(0, FusedTomoTest.run(FusedTomoTest.concat(common, "--out", fine.toString())).code());
		assertEquals(0, FusedTomoTest.run(FusedTomoTest.concat(common, "--out", coarse.toString(), "--chem-bin", "3")).code());
		ImagePlus f = IJ.openImage(fine.resolve("Co.tif").toString()), c = IJ.openImage(coarse.resolve("Co.tif").toString());
		assertEquals(5, c.getWidth());
		double sum = 0;
		for (int y = 3; y < 6; y++)
			for (int x = 6; x < 9; x++)
				sum += f.getProcessor().getPixelValue(x, y);
		assertEquals(sum, c.getProcessor().getPixelValue(2, 1), 1e-3);
		assertEquals(16, IJ.openImage(coarse.resolve("HAADF.tif").toString()).getWidth());
	}

	@Test
	void simulate_pixelSizeCalibratesTheHaadfAndTheBinnedMapsSoReconstructPlacesThem() {
		Path sim = tmp.resolve("sim-px"), out = tmp.resolve("sim-px-em");
		assertEquals(0, FusedTomoTest.run("simulate", "--size", "16", "--haadf-angles", "-60:60:30", "--chem-angles", "-30:30:30", "--seed", "5", "--chem-bin", "4",
			"--pixel-size", "0.5", "--out", sim.toString()).code());
		ImagePlus h = IJ.openImage(sim.resolve("HAADF.tif").toString()), co = IJ.openImage(sim.resolve("Co.tif").toString());
		assertEquals(0.5, h.getCalibration().pixelWidth, 1e-9);
		assertEquals("nm", h.getCalibration().getUnit());
		assertEquals(4, co.getWidth());
		assertEquals(2.0, co.getCalibration().pixelWidth, 1e-9, "4 x 0.5 nm");
		assertEquals("nm", co.getCalibration().getUnit());
		assertEquals(0.5, IJ.openImage(sim.resolve("truth").resolve("Co.tif").toString()).getCalibration().pixelWidth, 1e-9);
		// No --chem-sampling: the calibrations say the maps are binned 4x.
		Run r = FusedTomoTest.run("reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Co=" + sim.resolve("Co.tif"), "--method", "em", "--iterations", "5",
			"--out", out.toString());
		assertEquals(0, r.code(), r.err());
		ImagePlus rec = IJ.openImage(out.resolve("Co.tif").toString());
		assertEquals(16, rec.getWidth());
		assertEquals(0.5, rec.getCalibration().pixelWidth, 1e-9);
		Run bad = FusedTomoTest.run("simulate", "--size", "16", "--pixel-size", "0", "--out", tmp.resolve("sim-px0").toString());
		assertEquals(2, bad.code(), bad.err());
		assertTrue(bad.err().contains("--pixel-size"), bad.err());
		assertFalse(Files.exists(tmp.resolve("sim-px0")));
	}

	@Test
	void reconstruct_emOfACoarserCalibratedMapRunsOnTheHaadfGrid() {
		Path out = tmp.resolve("em-2nm");
		Run r = FusedTomoTest.run("reconstruct", "--haadf", haadf.toString(), "--chem", "Co=" + co2nm, "--method", "em", "--iterations", "10", "--out", out.toString());
		assertEquals(0, r.code(), r.err());
		ImagePlus co = IJ.openImage(out.resolve("Co.tif").toString());
		assertEquals(24, co.getWidth());
		assertEquals(24, co.getHeight());
		assertEquals(24, co.getStackSize());
		assertEquals(1, co.getCalibration().pixelWidth, 1e-6);
	}

	@Test
	void reconstruct_fusesAnUncalibratedCoarserMapPlacedByTheOption() {
		Path out = tmp.resolve("fused-option");
		Run r = FusedTomoTest.run("reconstruct", "--haadf", haadf.toString(), "--chem", "Co=" + coUncalibrated, "--chem-sampling", "Co=2", "--method", "fused", "--iterations", "3",
			"--em-iterations", "3", "--out", out.toString());
		assertEquals(0, r.code(), r.err());
		assertEquals(24, IJ.openImage(out.resolve("Co.tif").toString()).getWidth());
	}

	@Test
	void reconstruct_refusesAPixelSizeRatioOfOneAndAHalfInOneLineNamingBothFiles() {
		Path out = tmp.resolve("refused-1.5");
		Run r = FusedTomoTest.run("reconstruct", "--haadf", haadf.toString(), "--chem", "Co=" + co15nm, "--method", "fused", "--out", out.toString());
		assertEquals(2, r.code(), r.err());
		String line = r.err().strip();
		assertFalse(line.contains("\n"), line);
		assertTrue(line.contains(co15nm.toString()) && line.contains(haadf.toString()) && line.contains("1.5"), line);
		assertFalse(Files.exists(out));
	}

	@Test
	void reconstruct_refusesAWindowOutsideTheHaadfAndAnUnplacedMap() {
		Path out = tmp.resolve("refused-window");
		Run outside = FusedTomoTest.run("reconstruct", "--haadf", haadf.toString(), "--chem", "Co=" + coUncalibrated, "--chem-sampling", "Co=2,2,0", "--method", "em", "--out",
			out.toString());
		assertEquals(2, outside.code(), outside.err());
		assertFalse(outside.err().strip().contains("\n"), outside.err());
		assertTrue(outside.err().contains("outside") && outside.err().contains(coUncalibrated.toString()) && outside.err().contains(haadf.toString()), outside.err());
		Run unplaced = FusedTomoTest.run("reconstruct", "--haadf", haadf.toString(), "--chem", "Co=" + coUncalibrated, "--method", "em", "--out", out.toString());
		assertEquals(2, unplaced.code(), unplaced.err());
		assertTrue(unplaced.err().contains("--chem-sampling"), unplaced.err());
		Run malformed = FusedTomoTest.run("reconstruct", "--haadf", haadf.toString(), "--chem", "Co=" + coUncalibrated, "--chem-sampling", "Co=1.5", "--out", out.toString());
		assertEquals(2, malformed.code(), malformed.err());
		assertFalse(Files.exists(out));
	}
}
