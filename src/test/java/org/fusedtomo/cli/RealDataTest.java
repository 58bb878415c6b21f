package org.fusedtomo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.io.RealData;
import org.fusedtomo.io.readers.SeriesReaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipelines of docs/real-data.md on the real data of DESIGN §9, at reduced size; skipped without
 * ../shared/data.
 */
class RealDataTest {

	@Test
	@Timeout(180)
	void needleDm3InfoAlignAndSirt(@TempDir Path tmp) throws IOException {
		Path dm3 = RealData.require("needle-dm3/HAADF.dm3");
		assertEquals(0, FusedTomo.run("info", dm3.toString()));
		Path aligned = tmp.resolve("align");
		// The needle's tilt axis lies along image x: a quarter turn brings it near our y.
		assertEquals(0, FusedTomo.run("align", "--haadf", dm3.toString(), "--method", "xcorr", "--axis-rotation", "90", "--out", aligned.toString()));
		JsonObject alignment = json(aligned.resolve("alignment.json"));
		assertEquals(91, alignment.getAsJsonArray("anglesDeg").size());
		// -90 and +90 deg are mirror images: the axis is 10.3 deg past the quarter turn, where a scan of fixed
		// rotations (docs/real-data.md) puts the smallest SIRT reprojection residual (0.105 at 10.3, 0.133 at 5, 0.174 at 0).
		double rotation = alignment.get("axisRotationDeg").getAsDouble();
		assertTrue(rotation > 9 && rotation < 12, "residual axis rotation " + rotation);
		double residual = json(aligned.resolve("report.json")).getAsJsonObject("metrics").get("haadf_reprojection_residual").getAsDouble();
		assertTrue(residual < 0.12, "HAADF reprojection residual " + residual);
		Path rec = tmp.resolve("sirt");
		assertEquals(0, FusedTomo.run("reconstruct", "--haadf", aligned.resolve("HAADF.tif").toString(), "--method", "sirt", "--iterations", "30", "--out",
			rec.toString()));
		assertTrue(Files.size(rec.resolve("HAADF.tif")) > 64 * 64 * 64 * 4);
	}

	/**
	 * The IDP at 64 x 64 px (README's align command): the offset refinement finds no minimum there, and its warning gives
	 * its numbers relative to the offset kept, not in the uncentred frame (it said "no minimum near 0.00 px" while the
	 * result printed "offset -8.69 px").
	 */
	@Test
	@Timeout(300)
	void idpOffsetWarningIsRelativeToTheOffsetKept(@TempDir Path tmp) throws IOException {
		Path h5 = RealData.require("idp-haadf-edx/IDP_L2083-K-4-1_HAADF_EDS_tiltseries.h5");
		Path recipe = Files.writeString(tmp.resolve("idp.json"), "{\"file\": " + new JsonPrimitive(h5.toAbsolutePath().toString())
			+ ", \"haadf\": \"HAADF\", \"angles\": \"tilt_angles_deg\", \"angleAxis\": 0, \"pixelSize\": 13.08, \"unit\": \"nm\"}");
		Path a = tmp.resolve("align");
		assertEquals(0, FusedTomo.run("align", "--haadf", recipe.toString(), "--bin", "4", "--method", "com", "--out", a.toString()));
		JsonObject alignment = json(a.resolve("alignment.json"));
		String warnings = String.valueOf(alignment.get("warnings"));
		assertTrue(warnings.contains("tilt-axis offset: the reprojection residual has no minimum around the offset found before"), warnings);
		assertTrue(warnings.matches(".*from it\\); that offset is kept.*") && !warnings.contains(" near "), warnings);
		// NB: the IDP's content reaches the frame's edges, so there is no centre of mass: the step is left out, not
		// applied (it had put projections 110-160 px off this 64 px frame, and the default chain kept them).
		assertTrue(warnings.contains("centre of mass: not used; in 16 of 16 projections"), warnings);
		for (String axis : new String[] { "dxPx", "dyPx" })
			for (var d : alignment.getAsJsonArray(axis))
				assertTrue(Math.abs(d.getAsDouble()) < 4, axis + " " + alignment.get(axis));
	}

	@Test
	@Timeout(300)
	void idpAlignAgainstTomvizAndHeldOutChemistry(@TempDir Path tmp) throws IOException {
		Path h5 = RealData.require("idp-haadf-edx/IDP_L2083-K-4-1_HAADF_EDS_tiltseries.h5");
		Path tomviz = h5.resolveSibling("TomVizAlignments.json");
		// The recipe of recipes/idp-haadf-edx.json with two maps, pointing at the data wherever it is.
		Path recipe = Files.writeString(tmp.resolve("idp.json"), "{\"file\": " + new JsonPrimitive(h5.toAbsolutePath().toString())
			+ ", \"haadf\": \"HAADF\", \"angles\": \"tilt_angles_deg\", \"angleAxis\": 0, \"chemical\": {\"Fe_Ka\": \"EDS_maps/Fe_Ka\", \"Pt_La\": \"EDS_maps/Pt_La\"},"
			+ " \"pixelSize\": 13.08, \"unit\": \"nm\"}");
		Path a = tmp.resolve("align");
		assertEquals(0, FusedTomo.run("align", "--haadf", recipe.toString(), "--bin", "8", "--method", "xcorr", "--compare-shifts", tomviz.toString(),
			"--compare-angles", "-50:50:5", "--out", a.toString()));
		assertTrue(Files.size(a.resolve("shift-comparison.png")) > 0);
		// tomviz aligned the same data independently: at 32 x 32 pixels we agree with it to about a binned pixel (8 raw px).
		JsonObject rms = json(a.resolve("report.json")).getAsJsonObject("metrics").getAsJsonObject("shift_rms_vs_reference_px");
		assertTrue(rms.get("x").getAsDouble() < 4 && rms.get("y").getAsDouble() < 4, "RMS vs tomviz " + rms);
		String[] chem = { "--chem", "Fe=" + a.resolve("Fe.tif"), "--chem", "Pt=" + a.resolve("Pt.tif") };
		Path em = tmp.resolve("em");
		assertEquals(0, FusedTomo.run(FusedTomoTest.concat(new String[] { "reconstruct", "--haadf", a.resolve("HAADF.tif").toString(), "--method", "em", "--iterations", "20",
			"--hold-out-chem", "3", "--out", em.toString() }, chem)));
		// The tuned weights of docs/real-data.md; the defaults predict barely better than a constant map here.
		Path fused = tmp.resolve("fused");
		assertEquals(0, FusedTomo.run(FusedTomoTest.concat(new String[] { "reconstruct", "--haadf", a.resolve("HAADF.tif").toString(), "--method", "fused", "--solver", "proximal", "--lambda-chem", "5", "--iterations", "10",
			"--hold-out-chem", "3", "--compare-with", em.toString(), "--out", fused.toString() }, chem)));
		assertTrue(Files.size(fused.resolve("comparison.png")) > 0);
		// The score of a prediction with no information: the best constant map, NRMSE = sqrt(1 - mean² / mean of squares).
		TiltSeries pt = SeriesReaders.read(a.resolve("Pt.tif")).haadf();
		TiltSeries heldPt = pt.subset(java.util.stream.IntStream.range(0, pt.angleCount()).filter(i -> i % 3 != 0).toArray());
		double sum = 0, sum2 = 0;
		long measured = 0;
		for (float v : heldPt.data()) {
			if (Float.isNaN(v))
				continue; // not measured (align's MissingData)
			measured++;
			sum += v;
			sum2 += v * v;
		}
		double constant = Math.sqrt(1 - sum * sum / measured / sum2);
		for (Path dir : new Path[] { em, fused }) {
			double nrmse = heldOut(dir, "Pt");
			System.out.printf("IDP bin 8, held-out Pt NRMSE: %s %.3f, constant map %.3f%n", dir.getFileName(), nrmse, constant);
			assertTrue(nrmse < 0.75 * constant, dir.getFileName() + ": held-out Pt NRMSE " + nrmse + " vs a constant map's " + constant);
		}
	}

	/**
	 * The five main maps at 64 x 64 px, every third chemical tilt reconstructed: fusion with HAADF-guided TV,
	 * at the simulation protocol's settings (not tuned on these data), predicts every held-out map better
	 * than EM on the chemistry alone at 20 iterations, the best EM stop of docs/real-data.md; so does fused
	 * with {@code --auto}, whose cross-validation sees only the kept tilts. The defaults, with the margin
	 * beyond the view that this section needs, remove about half of EM's error above the Poisson floor.
	 */
	@Test
	@Timeout(600)
	void idpGuidedAndAutoFusionPredictHeldOutChemistryBetterThanEm(@TempDir Path tmp) throws IOException {
		Path h5 = RealData.require("idp-haadf-edx/IDP_L2083-K-4-1_HAADF_EDS_tiltseries.h5");
		String[] elements = { "Fe", "Si", "O", "S", "Pt" };
		StringBuilder maps = new StringBuilder();
		for (String el : elements)
		{
			String line = el + (el.equals("Pt") ? "_La" : "_Ka");
			maps.append(maps.length() == 0 ? "" : ", ").append("\"").append(line).append("\": \"EDS_maps/").append(line).append("\"");
		}
		Path recipe = Files.writeString(tmp.resolve("idp.json"), "{\"file\": " + new JsonPrimitive(h5.toAbsolutePath().toString())
			+ ", \"haadf\": \"HAADF\", \"angles\": \"tilt_angles_deg\", \"angleAxis\": 0, \"chemical\": {" + maps + "}, \"pixelSize\": 13.08, \"unit\": \"nm\"}");
		Path a = tmp.resolve("align");
		assertEquals(0, FusedTomo.run("align", "--haadf", recipe.toString(), "--bin", "4", "--method", "xcorr", "--out", a.toString()));
		List<String> chem = new java.util.ArrayList<>();
		for (String el : elements)
			chem.addAll(List.of("--chem", el + "=" + a.resolve(el + ".tif")));
		String[] series = chem.toArray(String[]::new);
		Path em = tmp.resolve("em"), guided = tmp.resolve("guided");
		assertEquals(0, FusedTomo.run(FusedTomoTest.concat(new String[] { "reconstruct", "--haadf", a.resolve("HAADF.tif").toString(), "--method", "em", "--iterations", "20",
			"--hold-out-chem", "3", "--out", em.toString() }, series)));
		assertEquals(0, FusedTomo.run(FusedTomoTest.concat(new String[] { "reconstruct", "--haadf", a.resolve("HAADF.tif").toString(), "--method", "fused", "--solver", "proximal",
			"--tv-guide", "0.95", "--lambda-chem", "0.2", "--lambda-tv", "0.15", "--em-iterations", "20", "--hold-out-chem", "3", "--out", guided.toString() }, series)));
		Path auto = tmp.resolve("auto");
		assertEquals(0, FusedTomo.run(FusedTomoTest.concat(new String[] { "reconstruct", "--haadf", a.resolve("HAADF.tif").toString(), "--method", "fused", "--auto",
			"--hold-out-chem", "3", "--out", auto.toString() }, series)));
		Path defaults = tmp.resolve("defaults");
		assertEquals(0, FusedTomo.run(FusedTomoTest.concat(new String[] { "reconstruct", "--haadf", a.resolve("HAADF.tif").toString(), "--method", "fused", "--hold-out-chem", "3",
			"--out", defaults.toString() }, series)));
		double mean = 0, meanEm = 0;
		for (String el : elements) {
			double g = heldOut(guided, el), au = heldOut(auto, el), e = heldOut(em, el), d = heldOut(defaults, el);
			System.out.printf("IDP bin 4, held-out %s NRMSE: guided fused %.3f, --auto %.3f, defaults %.3f, EM(20) %.3f%n", el, g, au, d, e);
			assertTrue(g < e, el + ": guided fused " + g + " does not predict the held-out maps better than EM " + e);
			assertTrue(au < e, el + ": fused --auto " + au + " does not predict the held-out maps better than EM " + e);
			mean += d / elements.length;
			meanEm += e / elements.length;
			// Every element's maps carry a per-tilt efficiency well above their noise, and scaling the prediction by it,
			// estimated from the kept tilts only, predicts the held-out tilts better (docs/real-data.md, "Per-tilt efficiency").
			JsonObject metrics = json(defaults.resolve("report.json")).getAsJsonObject("metrics");
			assertTrue(metrics.getAsJsonObject("tilt_efficiency").getAsJsonObject(el).get("supported").getAsBoolean(), el);
			assertTrue(d < metrics.getAsJsonObject("heldout_chem_nrmse_without_efficiency").get(el).getAsDouble(), el);
		}
		// The section runs out of the view: every run reconstructs 27 voxels beyond it on each side (docs/real-data.md).
		for (Path dir : new Path[] { em, guided, auto, defaults })
			assertEquals(27, json(dir.resolve("report.json")).getAsJsonObject("parameters").get("margin").getAsInt(), dir.toString());
		// The maps keep their counts and the pixels align shifted nothing into are left out (docs/real-data.md, "Missing
		// pixels"): the Poisson floor of the scored maps is 0.180; with the per-tilt efficiency in both predictions EM(20)
		// 0.263, the defaults 0.220, 52 % of EM's excess removed (issue 16 asks for half).
		assertTrue(mean - FLOOR <= 0.5 * (meanEm - FLOOR), "defaults: mean held-out NRMSE " + mean + ", EM(20) " + meanEm);
	}

	/** The Poisson floor of the held-out IDP maps at bin 4, every third tilt kept (scripts/AlignedPoissonFloor.java). */
	private static final double FLOOR = 0.180;

	private static double heldOut(Path dir, String element) throws IOException {
		return json(dir.resolve("report.json")).getAsJsonObject("metrics").getAsJsonObject("heldout_chem_nrmse").get(element).getAsDouble();
	}

	private static JsonObject json(Path file) throws IOException {
		return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
	}
}
