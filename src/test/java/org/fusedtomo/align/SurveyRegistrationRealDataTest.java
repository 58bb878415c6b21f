package org.fusedtomo.align;

import org.fusedtomo.data.Binning;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import com.google.gson.JsonPrimitive;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.io.RealData;
import org.fusedtomo.io.readers.SeriesReaders;
import org.fusedtomo.simulate.Poisson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SurveyRegistration} on real HAADF images with known offsets (as scripts/idp-survey-registration.jsh,
 * one seed): the IDP HAADF series binned to 64 px, a 56 px window of it as the HAADF, the survey the window
 * moved by uniform ±3 px per tilt, in another contrast with Poisson noise, on the same grid and binned 2x.
 * Skipped without ../shared/data.
 */
class SurveyRegistrationRealDataTest {

	@Test
	void idpHaadfImages_offsetsRecoveredWithin0p3Px(@TempDir Path tmp) throws IOException {
		Path h5 = RealData.require("idp-haadf-edx/IDP_L2083-K-4-1_HAADF_EDS_tiltseries.h5");
		// The HAADF part of recipes/idp-haadf-edx.json, pointing at the data wherever it is.
		Path recipe = Files.writeString(tmp.resolve("idp.json"), "{\"file\": " + new JsonPrimitive(h5.toAbsolutePath().toString())
			+ ", \"haadf\": \"HAADF\", \"angles\": \"tilt_angles_deg\", \"angleAxis\": 0, \"pixelSize\": 13.08, \"unit\": \"nm\"}");
		TiltSeries full = Binning.bin(SeriesReaders.read(recipe).haadf(), 4);
		int w = 56, o = 4;
		TiltSeries haadf = new TiltSeries(new TiltGeometry(w, w, full.anglesDeg()), full.calibration());
		for (int a = 0; a < full.angleCount(); a++)
			for (int y = 0; y < w; y++)
				for (int x = 0; x < w; x++)
					haadf.set(x, y, a, full.get(x + o, y + o, a));
		SplittableRandom r = new SplittableRandom(1);
		for (int bin : new int[] { 1, 2 }) {
			TiltSeries moved = haadf.zerosLike();
			double[][] d = new double[2][haadf.angleCount()];
			for (int a = 0; a < haadf.angleCount(); a++) {
				d[0][a] = r.nextDouble(-3, 3);
				d[1][a] = r.nextDouble(-3, 3);
				for (int y = 0; y < w; y++)
					for (int x = 0; x < w; x++)
						moved.set(x, y, a, ShiftInterpolation.DEFAULT.sample(full.data(), full.projectionOffset(a), full.width(), full.height(), x + o - d[0][a], y + o - d[1][a]));
			}
			TiltSeries b = Binning.bin(moved, bin);
			double mean = 0;
			for (float v : b.data())
				mean += v;
			mean /= b.data().length;
			float[] s = b.data();
			for (int i = 0; i < s.length; i++)
				s[i] = (float) (0.6 * s[i] / mean + 0.1);
			new Poisson(bin).apply(s, 50);
			TiltSeries survey = new TiltSeries(b.geometry(), new Calibration(full.calibration().pixelSize() * bin, full.calibration().unit()));
			System.arraycopy(s, 0, survey.data(), 0, s.length);
			SurveyRegistration reg = SurveyRegistration.register(haadf, survey);
			assertEquals(bin, reg.factor());
			double worst = 0;
			for (int a = 0; a < haadf.angleCount(); a++)
				worst = Math.max(worst, Math.max(Math.abs(reg.tilts().get(a).dx() - d[0][a]), Math.abs(reg.tilts().get(a).dy() - d[1][a])));
			System.out.printf("IDP HAADF (56 px window), survey binned %dx: worst offset error %.3f px over %d tilts, worst quality %.3f%n", bin, worst, haadf.angleCount(),
				reg.worstQuality());
			assertTrue(worst <= 0.3, "binned " + bin + "x: worst offset error " + worst);
		}
	}
}
