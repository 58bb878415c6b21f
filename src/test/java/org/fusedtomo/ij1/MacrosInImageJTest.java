package org.fusedtomo.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;

import org.fusedtomo.align.AlignmentJson;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the pipeline macro and every step macro of {@code macros/} in one real ImageJ 1.x process under
 * Xvfb, with the plugin installed as a user would (jar in plugins/, dependencies in plugins/jars/), and
 * checks the files they save. Skipped, with a message, where {@code xvfb-run} is missing.
 */
class MacrosInImageJTest {

	@TempDir
	Path dir;

	@Test
	void macros_runInImageJAndSaveTheirResults() throws Exception {
		Assumptions.assumeTrue(ImageJProcess.xvfbAvailable(), "xvfb-run is not installed (apt-get install xvfb); ImageJ 1.x needs a display to build its menus");
		ImageJProcess imagej = ImageJProcess.install(dir.resolve("imagej"));
		Path macros = Path.of("macros").toAbsolutePath(), pipeline = Files.createDirectories(dir.resolve("pipeline")), steps = Files.createDirectories(dir.resolve("steps"));
		Path driver = dir.resolve("driver.ijm");
		ImageJProcess.write(driver, String.join("\n",
			"m = \"" + macros + "/\"; s = \"" + steps + "/\";",
			"setBatchMode(true);",
			"runMacro(m + \"fused_pipeline.ijm\", \"" + pipeline + "/\");",
			"run(\"Close All\");",
			"runMacro(m + \"simulate_phantom.ijm\", s);",
			"selectImage(\"haadf\"); runMacro(m + \"subtract_background.ijm\", s);",
			"runMacro(m + \"align_centre_of_mass.ijm\", s);",
			"selectImage(\"background.tif\"); runMacro(m + \"align_cross_correlation.ijm\", s);",
			"selectImage(\"background.tif\"); runMacro(m + \"find_tilt_axis.ijm\", s);",
			"selectImage(\"background.tif\"); runMacro(m + \"align_projection_matching.ijm\", s);",
			"selectImage(\"chemical\"); runMacro(m + \"apply_alignment.ijm\", s);",
			"runMacro(m + \"reconstruct_em.ijm\", s);",
			"selectImage(\"matched.tif\"); runMacro(m + \"reconstruct_sirt.ijm\", s);",
			"selectImage(\"matched.tif\"); runMacro(m + \"reconstruct_wbp.ijm\", s);",
			"selectImage(\"matched.tif\"); runMacro(m + \"reconstruct_tv.ijm\", s);",
			"selectImage(\"matched.tif\"); runMacro(m + \"resolution_fsc.ijm\", s);",
			"selectImage(\"matched.tif\"); rename(\"haadf-aligned\"); selectImage(\"aligned.tif\"); rename(\"chemical-aligned\");",
			"runMacro(m + \"fused_reconstruction.ijm\", s);",
			"runMacro(m + \"show_composite.ijm\", s);",
			"selectImage(\"fused.tif\"); runMacro(m + \"export_bdv.ijm\", s);",
			"selectImage(\"fused.tif\"); runMacro(m + \"show_viewers.ijm\", s);",
			"print(\"driver done\");"));
		String output = imagej.runBatch(driver, "", 240);
		assertTrue(output.contains("driver done"), output);
		assertTrue(output.contains("Fused Tomography pipeline finished"), output);
		assertTrue(output.contains("BigDataViewer is not installed"), output);
		assertTrue(output.contains("The 3D Viewer is not installed"), output);

		ImagePlus fused = IJ.openImage(pipeline.resolve("fused.tif").toString());
		assertEquals(3, fused.getNChannels());
		assertEquals(32, fused.getNSlices());
		assertEquals(32, fused.getWidth());
		assertEquals("Co,Mn,O", fused.getProp(ImagePlusConverter.ELEMENTS));
		assertTrue(AlignmentJson.load(pipeline.resolve("alignment.json")).methods().size() >= 3);
		ImagePlus chemical = IJ.openImage(pipeline.resolve("chemical-aligned.tif").toString());
		assertEquals(3, chemical.getNChannels());
		assertEquals(9, chemical.getNSlices());
		assertTrue(Files.size(pipeline.resolve("elements.h5")) > 0 && Files.isRegularFile(pipeline.resolve("elements.xml")));
		assertTrue(IJ.openImage(pipeline.resolve("composite.tif").toString()).isComposite());

		for (String f : List.of("haadf.tif", "chemical.tif", "background.tif", "com.tif", "xcorr.tif", "axis.tif", "matched.tif", "aligned.tif", "em.tif",
			"sirt.tif", "wbp.tif", "tv.tif", "fused.tif", "composite.tif", "composite.png", "elements.xml", "elements.h5", "projection.tif",
			"alignment-com.json", "alignment-xcorr.json", "alignment-axis.json", "alignment.json"))
			assertTrue(Files.isRegularFile(steps.resolve(f)), f + " missing; ImageJ said:\n" + output);
		ImagePlus em = IJ.openImage(steps.resolve("em.tif").toString());
		assertEquals(3, em.getNChannels());
		ImagePlus haadf = IJ.openImage(steps.resolve("haadf.tif").toString());
		assertEquals(29, haadf.getStackSize());
		assertEquals("tilt -70.00 deg", haadf.getStack().getSliceLabel(1));
		assertArrayEquals(new int[] { 32, 32, 1, 32, 1 }, IJ.openImage(steps.resolve("sirt.tif").toString()).getDimensions());
		assertTrue(output.contains("resolutionZ: ") && output.contains("resolutionX: "), output);
	}

	/**
	 * A command that stops (here: a missing folder) ends the macro that ran it, and ImageJ -batch exits; before, the
	 * macro's next line failed on the missing image and ImageJ waited on that error's dialog for ever (killed here at
	 * 60 s). Nothing is saved.
	 */
	@Test
	void aCommandThatStopsEndsTheMacro() throws Exception {
		Assumptions.assumeTrue(ImageJProcess.xvfbAvailable(), "xvfb-run is not installed (apt-get install xvfb); ImageJ 1.x needs a display to build its menus");
		ImageJProcess imagej = ImageJProcess.install(dir.resolve("imagej"));
		Path out = Files.createDirectories(dir.resolve("out"));
		String output = imagej.runBatch(Path.of("macros/extract_element_maps.ijm").toAbsolutePath(), dir.resolve("missing") + "/ " + out + "/", 60);
		assertTrue(output.contains("Extract Element Maps... stopped: ") && output.contains("no such file or folder"), output);
		assertEquals(List.of(), List.of(out.toFile().list()));
	}

	/**
	 * extract_element_maps.ijm takes folders with spaces ("IN/ OUT/"; it split its argument at every space). Real
	 * Bruker file test_TEM.bcf as two tilts; skipped without ../shared/data.
	 */
	@Test
	void extractElementMaps_takesFoldersWithSpaces() throws Exception {
		Assumptions.assumeTrue(ImageJProcess.xvfbAvailable(), "xvfb-run is not installed (apt-get install xvfb); ImageJ 1.x needs a display to build its menus");
		Path bcf = org.fusedtomo.io.RealData.require("spectra/test_TEM.bcf");
		ImageJProcess imagej = ImageJProcess.install(dir.resolve("imagej"));
		Path in = Files.createDirectories(dir.resolve("spectrum images/tilt series")), out = Files.createDirectories(dir.resolve("element maps"));
		Files.copy(bcf, in.resolve("0.bcf"));
		Files.copy(bcf, in.resolve("10.bcf"));
		String output = imagej.runBatch(Path.of("macros/extract_element_maps.ijm").toAbsolutePath(), in + "/ " + out + "/", 60);
		ImagePlus maps = IJ.openImage(out.resolve("maps.tif").toString());
		assertTrue(maps != null, output);
		assertEquals(2, maps.getNSlices(), output);
		assertEquals(5, maps.getNChannels(), output);
		assertTrue(Files.isRegularFile(out.resolve("haadf.tif")), output);
	}

	/**
	 * fused_2d.ijm saves the three fused maps: ImageJ 1.x could not show the command's 2D outputs ("must have 3
	 * dimensions"), and the macro then saved whatever image was active (after the fix of that, the one-slice HAADF model).
	 */
	@Test
	void fused2dMacroSavesTheFusedMaps() throws Exception {
		Assumptions.assumeTrue(ImageJProcess.xvfbAvailable(), "xvfb-run is not installed (apt-get install xvfb); ImageJ 1.x needs a display to build its menus");
		ImageJProcess imagej = ImageJProcess.install(dir.resolve("imagej"));
		Path out = Files.createDirectories(dir.resolve("fused 2d"));
		Path driver = dir.resolve("driver2d.ijm");
		ImageJProcess.write(driver, String.join("\n",
			"setBatchMode(true);",
			"newImage(\"haadf\", \"32-bit ramp\", 32, 32, 1);",
			"newImage(\"chemical\", \"32-bit ramp\", 32, 32, 3);",
			"runMacro(\"" + Path.of("macros/fused_2d.ijm").toAbsolutePath() + "\", \"" + out + "/\");",
			"print(\"driver done\");"));
		String output = imagej.runBatch(driver, "", 60);
		assertTrue(output.contains("driver done") && !output.contains("Exception"), output);
		ImagePlus fused = IJ.openImage(out.resolve("fused2d.tif").toString());
		assertEquals(3, fused.getStackSize(), "the Co, Mn and O maps, not the HAADF model");
		assertEquals(32, fused.getWidth());
	}
}
