package org.fusedtomo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.fusedtomo.align.Alignment;
import org.fusedtomo.align.AlignmentJson;
import org.fusedtomo.data.Binning;
import org.fusedtomo.align.SurveyRegistrationJson;
import org.fusedtomo.cli.FusedTomoTest.Run;
import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.io.AtomicFiles;
import org.fusedtomo.io.TiffSeries;
import org.fusedtomo.simulate.Poisson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --survey} and {@code --chem-survey} of {@code align} and {@code reconstruct} in-process: a simulated
 * acquisition whose Ti maps are displaced per tilt by known sub-pixel offsets, with survey images made from
 * the HAADF projection at the same tilt displaced alike (other contrast, Poisson noise).
 */
class SurveyOptionsTest {

	static final int SIZE = 40;
	static final double[] CHEM_ANGLES = { -60, -30, 0, 30, 60 };

	@TempDir
	static Path tmp;

	static Path sim;
	static Path survey;
	static Path displacedTi;
	static double[][] offsets = new double[2][CHEM_ANGLES.length];

	@BeforeAll
	static void simulate() {
		sim = tmp.resolve("sim");
		Run s = FusedTomoTest.run("simulate", "--phantom", "au-on-support", "--size", "" + SIZE, "--out", sim.toString(), "--haadf-angles", "-60:60:10",
			"--chem-angles", "-60:60:30", "--counts", "20", "--seed", "7");
		assertEquals(0, s.code(), s.err());
		SplittableRandom r = new SplittableRandom(8);
		for (int i = 0; i < CHEM_ANGLES.length; i++) {
			offsets[0][i] = r.nextDouble(-2.5, 2.5);
			offsets[1][i] = r.nextDouble(-2.5, 2.5);
		}
		TiltSeries haadf = TiffSeries.readTiltSeries(sim.resolve("HAADF.tif"));
		TiltSeries ti = TiffSeries.readTiltSeries(sim.resolve("Ti.tif"));
		TiltSeries surveyImages = displaced(haadf, offsets);
		float max = 0;
		for (float v : surveyImages.data())
			max = Math.max(max, v);
		float[] d = surveyImages.data();
		for (int i = 0; i < d.length; i++)
			d[i] = (float) (0.5 * d[i] / max + 0.1);
		new Poisson(9).apply(d, 300);
		survey = write(surveyImages, "survey.tif");
		displacedTi = write(displaced(ti, offsets), "Ti-displaced.tif");
	}

	/** The projections of {@code s} at the chemical tilts, each displaced by d_i: {@code out(p) = s(p − d_i)}. */
	static TiltSeries displaced(TiltSeries s, double[][] d) {
		TiltSeries out = new TiltSeries(new TiltGeometry(s.width(), s.height(), CHEM_ANGLES), s.calibration());
		for (int i = 0; i < CHEM_ANGLES.length; i++) {
			int k = 0;
			while (Math.abs(s.angleDeg(k) - CHEM_ANGLES[i]) > 1e-6)
				k++;
			ShiftInterpolation.DEFAULT.shift(s.data(), s.projectionOffset(k), out.data(), out.projectionOffset(i), s.width(), s.height(), -d[0][i], -d[1][i]);
		}
		return out;
	}

	static Path write(TiltSeries s, String name) {
		Path p = tmp.resolve(name);
		TiffSeries.writeTiltSeries(s, p, AtomicFiles.protecting());
		return p;
	}

	static TiltSeries recalibrated(TiltSeries s, Calibration c, double[] angles) {
		TiltSeries out = new TiltSeries(new TiltGeometry(s.width(), s.height(), angles), c);
		System.arraycopy(s.data(), 0, out.data(), 0, s.data().length);
		return out;
	}

	@Test
	void align_withSurvey_recoversTheOffsetsAndAlignsTheMapsAsUndisplaced() throws IOException {
		Path out = tmp.resolve("aligned");
		Run a = FusedTomoTest.run("align", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Ti=" + displacedTi, "--survey", survey.toString(), "--out",
			out.toString(), "--method", "com", "--no-tilt-axis");
		assertEquals(0, a.code(), a.err());
		assertTrue(Files.isRegularFile(out.resolve("survey-registration.png")));
		String json = Files.readString(out.resolve("alignment.json"));
		double[][] found = SurveyRegistrationJson.offsets(json).get("Ti");
		double worst = 0;
		for (int i = 0; i < CHEM_ANGLES.length; i++)
			worst = Math.max(worst, Math.max(Math.abs(found[0][i] - offsets[0][i]), Math.abs(found[1][i] - offsets[1][i])));
		System.out.printf("align --survey (au-on-support %d px, offsets up to 2.5 px): worst offset error %.3f px%n", SIZE, worst);
		assertTrue(worst <= 0.3, "worst survey offset error " + worst);
		JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
		assertTrue(report.getAsJsonObject("survey_registration").has("Ti"));

		// The same alignment on the undisplaced maps (the saved file, with its survey section, still loads).
		Alignment saved = AlignmentJson.load(out.resolve("alignment.json"));
		Path reference = tmp.resolve("aligned-undisplaced"), plain = tmp.resolve("aligned-no-survey");
		assertEquals(0, FusedTomoTest.run("align", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Ti=" + sim.resolve("Ti.tif"), "--alignment",
			out.resolve("alignment.json").toString(), "--out", reference.toString()).code());
		assertEquals(0, FusedTomoTest.run("align", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Ti=" + displacedTi, "--alignment",
			out.resolve("alignment.json").toString(), "--out", plain.toString()).code());
		TiltSeries truth = TiffSeries.readTiltSeries(reference.resolve("Ti.tif"));
		double with = relativeDifference(TiffSeries.readTiltSeries(out.resolve("Ti.tif")), truth);
		double without = relativeDifference(TiffSeries.readTiltSeries(plain.resolve("Ti.tif")), truth);
		System.out.printf("aligned Ti vs aligned undisplaced Ti: relative difference %.3f with --survey, %.3f without (alignment %s)%n", with, without, saved.methods());
		assertTrue(with < 0.35 * without, with + " vs " + without);
	}

	@Test
	void reconstruct_withChemSurvey_movesTheMapsAndReports() throws IOException {
		Path out = tmp.resolve("recon");
		Run r = FusedTomoTest.run("reconstruct", "--haadf", sim.resolve("HAADF.tif").toString(), "--chem", "Ti=" + displacedTi, "--chem-survey", "Ti=" + survey, "--method",
			"wbp", "--out", out.toString());
		assertEquals(0, r.code(), r.err());
		assertTrue(r.out().contains("Survey of Ti"), r.out());
		assertTrue(Files.isRegularFile(out.resolve("survey-registration.png")));
		JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report.json"))).getAsJsonObject();
		assertEquals(CHEM_ANGLES.length, report.getAsJsonObject("survey_registration").getAsJsonObject("Ti").getAsJsonArray("dxPx").size());
	}

	@Test
	void badSurvey_exitsTwoWithOneLineNamingItAndWritesNothing() throws IOException {
		String haadf = sim.resolve("HAADF.tif").toString();
		TiltSeries s = TiffSeries.readTiltSeries(survey);

		// Angles that are not the maps'.
		Path shifted = write(recalibrated(s, s.calibration(), new double[] { -55, -25, 5, 35, 65 }), "survey-angles.tif");
		assertOneLineError(FusedTomoTest.run("align", "--haadf", haadf, "--chem", "Ti=" + displacedTi, "--survey", shifted.toString(), "--out", tmp.resolve("bad1").toString()),
			shifted, tmp.resolve("bad1"));

		// Not the maps' size.
		Path small = write(Binning.bin(s, 2), "survey-small.tif");
		assertOneLineError(FusedTomoTest.run("reconstruct", "--haadf", haadf, "--chem", "Ti=" + displacedTi, "--chem-survey", "Ti=" + small, "--method", "wbp", "--out",
			tmp.resolve("bad2").toString()), small, tmp.resolve("bad2"));

		// A pixel-size ratio of 1.5 to a calibrated HAADF.
		Path nmHaadf = write(recalibrated(TiffSeries.readTiltSeries(sim.resolve("HAADF.tif")), new Calibration(1, "nm"), TiffSeries.readTiltSeries(sim.resolve("HAADF.tif")).anglesDeg()),
			"HAADF-nm.tif");
		Path coarse = write(recalibrated(s, new Calibration(1.5, "nm"), CHEM_ANGLES), "survey-1.5nm.tif");
		Run ratio = FusedTomoTest.run("align", "--haadf", nmHaadf.toString(), "--chem", "Ti=" + displacedTi, "--survey", coarse.toString(), "--out", tmp.resolve("bad3").toString());
		assertOneLineError(ratio, coarse, tmp.resolve("bad3"));
		assertTrue(ratio.err().contains("1.5"), ratio.err());

		// Option errors.
		assertEquals(2, FusedTomoTest.run("align", "--haadf", haadf, "--chem", "Ti=" + displacedTi, "--chem-survey", "Fe=" + survey, "--out", tmp.resolve("bad5").toString()).code());
		assertEquals(2, FusedTomoTest.run("align", "--haadf", haadf, "--survey", survey.toString(), "--out", tmp.resolve("bad5").toString()).code());
		assertFalse(Files.exists(tmp.resolve("bad5")));
		// --unmoved is for reconstruct --alignment, which does not apply survey registrations.
		Run unmoved = FusedTomoTest.run("align", "--haadf", haadf, "--chem", "Ti=" + displacedTi, "--survey", survey.toString(), "--unmoved", "--out", tmp.resolve("bad6").toString());
		assertEquals(2, unmoved.code(), unmoved.err());
		assertTrue(unmoved.err().contains("--unmoved") && unmoved.err().contains("--survey"), unmoved.err());
		assertFalse(Files.exists(tmp.resolve("bad6")));
	}

	@Test
	void surveyAtTwiceThePixelSize_placesTheBinnedMapsOnTheirHaadfWindow() throws IOException {
		TiltSeries haadfSeries = TiffSeries.readTiltSeries(sim.resolve("HAADF.tif"));
		Path nmHaadf = write(recalibrated(haadfSeries, new Calibration(1, "nm"), haadfSeries.anglesDeg()), "HAADF-nm-2x.tif");
		Path binnedMaps = write(recalibrated(Binning.bin(TiffSeries.readTiltSeries(displacedTi), 2), new Calibration(2, "nm"), CHEM_ANGLES), "Ti-binned.tif");
		Path binnedSurvey = write(recalibrated(Binning.bin(TiffSeries.readTiltSeries(survey), 2), new Calibration(2, "nm"), CHEM_ANGLES), "survey-2nm.tif");
		for (String command : new String[] { "align", "reconstruct" }) {
			Path out = tmp.resolve("binned-" + command);
			Run r = command.equals("align")
				? FusedTomoTest.run("align", "--haadf", nmHaadf.toString(), "--chem", "Ti=" + binnedMaps, "--survey", binnedSurvey.toString(), "--out", out.toString())
				: FusedTomoTest.run("reconstruct", "--haadf", nmHaadf.toString(), "--chem", "Ti=" + binnedMaps, "--survey", binnedSurvey.toString(), "--method", "em", "--iterations",
					"5", "--out", out.toString());
			assertEquals(0, r.code(), r.err());
			JsonObject section = JsonParser.parseString(Files.readString(out.resolve(command.equals("align") ? "alignment.json" : "report.json"))).getAsJsonObject()
				.getAsJsonObject(command.equals("align") ? "surveyRegistration" : "survey_registration").getAsJsonObject("Ti");
			assertEquals(2, section.getAsJsonObject("sampling").get("factor").getAsInt(), section.toString());
		}
		// The EM volume of the binned maps lies on the HAADF grid.
		assertEquals(haadfSeries.width(), TiffSeries.readVolume(tmp.resolve("binned-reconstruct").resolve("Ti.tif")).width());
	}

	private static void assertOneLineError(Run r, Path file, Path out) throws IOException {
		assertEquals(2, r.code(), r.err());
		assertTrue(r.err().contains(file.toString()), r.err());
		assertEquals(1, r.err().strip().lines().count(), r.err());
		if (Files.exists(out))
			try (Stream<Path> files = Files.list(out)) {
				assertEquals(0, files.count(), "nothing written to " + out);
			}
	}

	private static double relativeDifference(TiltSeries a, TiltSeries b) {
		double diff = 0, norm = 0;
		for (int i = 0; i < a.data().length; i++) {
			// NB: pixels that a shift left without data (NaN, MissingData) in either are not compared.
			if (!Float.isFinite(a.data()[i]) || !Float.isFinite(b.data()[i]))
				continue;
			double e = a.data()[i] - b.data()[i];
			diff += e * e;
			norm += (double) b.data()[i] * b.data()[i];
		}
		return Math.sqrt(diff / norm);
	}
}
