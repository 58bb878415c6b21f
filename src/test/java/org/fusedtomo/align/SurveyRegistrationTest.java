package org.fusedtomo.align;

import org.fusedtomo.data.Binning;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.Poisson;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link SurveyRegistration} against known truth: a simulated HAADF series, and survey images made from it
 * by known sub-pixel displacements (per tilt, up to ±3 px), optionally binned 2 x 2, another contrast
 * (scale and offset) and Poisson noise; the chemical maps of the same scans carry the same displacements.
 */
class SurveyRegistrationTest {

	static final int N = 64;
	static final double[] HAADF_ANGLES = { -60, -45, -30, -15, 0, 15, 30, 45, 60 };
	static final double[] CHEM_ANGLES = { -60, -30, 0, 30, 60 };
	/** Survey counts per pixel at the brightest HAADF value, like an ADF image of a short dwell. */
	static final double SURVEY_COUNTS = 200;

	static SimulatedData data;

	@BeforeAll
	static void simulate() {
		SimulationParameters p = SimulationParameters.defaults().withHaadfAnglesDeg(HAADF_ANGLES).withChemAnglesDeg(CHEM_ANGLES).withShiftRmsPx(0).withNoise(false).withSeed(3);
		data = new Simulator(Parallelism.available()).simulate(Phantoms.create(Phantoms.CORE_SHELL, VolumeGeometry.cube(N), 3), p);
	}

	/** Known displacements d_i, uniform in ±3 px, per chemical tilt. */
	static double[][] offsets(long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		double[][] d = new double[2][CHEM_ANGLES.length];
		for (int i = 0; i < d[0].length; i++) {
			d[0][i] = r.nextDouble(-3, 3);
			d[1][i] = r.nextDouble(-3, 3);
		}
		return d;
	}

	/** {@code s} at the chemical tilts with projection i displaced by d_i: {@code out(p) = s(p − d_i)}. */
	static TiltSeries displaced(TiltSeries s, double[][] d) {
		TiltSeries out = new TiltSeries(new TiltGeometry(s.width(), s.height(), CHEM_ANGLES), s.calibration());
		for (int i = 0; i < CHEM_ANGLES.length; i++) {
			int k = SurveyRegistration.nearest(s.geometry(), CHEM_ANGLES[i]);
			ShiftInterpolation.DEFAULT.shift(s.data(), s.projectionOffset(k), out.data(), out.projectionOffset(i), s.width(), s.height(), -d[0][i], -d[1][i]);
		}
		return out;
	}

	/** An ADF-like survey: another contrast than the HAADF (0.6 x + 0.1), Poisson noise, in the given calibration. */
	static TiltSeries survey(TiltSeries displacedHaadf, int bin, Calibration calibration, long seed) {
		TiltSeries b = bin == 1 ? displacedHaadf.copy() : Binning.bin(displacedHaadf, bin);
		float max = 0;
		for (float v : b.data())
			max = Math.max(max, v);
		float[] d = b.data();
		for (int i = 0; i < d.length; i++)
			d[i] = (float) (0.6 * d[i] / max + 0.1);
		new Poisson(seed).apply(d, SURVEY_COUNTS);
		TiltSeries out = new TiltSeries(b.geometry(), calibration);
		System.arraycopy(d, 0, out.data(), 0, d.length);
		return out;
	}

	private static void assertRecovered(SurveyRegistration r, double[][] d, String what) {
		double worst = 0;
		for (int i = 0; i < d[0].length; i++) {
			SurveyRegistration.Tilt t = r.tilts().get(i);
			worst = Math.max(worst, Math.max(Math.abs(t.dx() - d[0][i]), Math.abs(t.dy() - d[1][i])));
			assertEquals(CHEM_ANGLES[i], t.haadfAngleDeg(), 1e-9, "registered to the HAADF at the same tilt");
			assertTrue(t.quality() > 0.8, what + ": quality " + t.quality());
		}
		System.out.printf("survey registration, %s: worst offset error %.3f px (of offsets up to 3 px), worst quality %.3f%n", what, worst, r.worstQuality());
		assertTrue(worst <= 0.3, what + ": worst offset error " + worst + " px");
	}

	@Test
	void register_sameGrid_recoversKnownSubPixelOffsets() {
		double[][] d = offsets(11);
		Calibration nm = new Calibration(0.5, "nm");
		TiltSeries haadf = withCalibration(data.haadf(), nm);
		SurveyRegistration r = SurveyRegistration.register(haadf, survey(displaced(haadf, d), 1, nm, 12));
		assertEquals(1, r.factor());
		assertEquals(SurveyRegistration.ScaleSource.CALIBRATION, r.scaleSource());
		assertEquals(ChemicalSampling.FULL, r.sampling());
		assertTrue(r.isFullGrid());
		assertRecovered(r, d, "same grid");
		for (int i = 0; i < d[0].length; i++)
			assertEquals(-d[0][i], r.tilts().get(i).originX(), 0.3, "origin is minus the displacement on equal grids");
	}

	@Test
	void register_binnedSurvey_recoversOffsetsAndTheIntegerWindow() {
		double[][] d = offsets(21);
		TiltSeries haadf = withCalibration(data.haadf(), new Calibration(0.5, "nm"));
		// NB: a survey of 1 nm pixels on 0.5 nm HAADF pixels, calibrated in another unit.
		SurveyRegistration r = SurveyRegistration.register(haadf, survey(displaced(haadf, d), 2, new Calibration(10, "Å"), 22));
		assertEquals(2, r.factor());
		assertEquals(SurveyRegistration.ScaleSource.CALIBRATION, r.scaleSource());
		assertRecovered(r, d, "survey binned 2x");
		assertEquals(2, r.sampling().factor());
		// The residual shift puts every map on the integer window: x0 + f s = origin.
		for (int i = 0; i < d[0].length; i++) {
			SurveyRegistration.Tilt t = r.tilts().get(i);
			assertEquals(r.sampling().originX(), t.originX() + 2 * r.shiftX(i), 1e-9);
			assertEquals(r.sampling().originY(), t.originY() + 2 * r.shiftY(i), 1e-9);
		}
		// Uncalibrated, the sizes give the same factor.
		SurveyRegistration bySize = SurveyRegistration.register(data.haadf(), survey(displaced(data.haadf(), d), 2, Calibration.PIXEL, 22));
		assertEquals(2, bySize.factor());
		assertEquals(SurveyRegistration.ScaleSource.IMAGE_SIZES, bySize.scaleSource());
	}

	@Test
	void register_uncalibratedSubWindow_estimatesTheScaleAndFindsTheWindow() {
		double[][] d = offsets(31);
		TiltSeries binned = survey(displaced(data.haadf(), d), 2, Calibration.PIXEL, 32);
		// A 24 x 24 window of the 32 x 32 binned survey, from survey pixel (5, 3): no integer size ratio to 64.
		int w = 24, x0 = 5, y0 = 3;
		TiltSeries window = new TiltSeries(new TiltGeometry(w, w, CHEM_ANGLES), Calibration.PIXEL);
		for (int a = 0; a < CHEM_ANGLES.length; a++)
			for (int y = 0; y < w; y++)
				for (int x = 0; x < w; x++)
					window.set(x, y, a, binned.get(x + x0, y + y0, a));
		SurveyRegistration r = SurveyRegistration.register(data.haadf(), window);
		assertEquals(2, r.factor());
		assertEquals(SurveyRegistration.ScaleSource.ESTIMATED, r.scaleSource());
		double worst = 0;
		for (int i = 0; i < d[0].length; i++) {
			// The window's first pixel covers HAADF pixels from 2 x0 − d.
			SurveyRegistration.Tilt t = r.tilts().get(i);
			worst = Math.max(worst, Math.max(Math.abs(t.originX() - (2 * x0 - d[0][i])), Math.abs(t.originY() - (2 * y0 - d[1][i]))));
		}
		System.out.printf("survey registration, 24 px window binned 2x, scale estimated: worst origin error %.3f px%n", worst);
		assertTrue(worst <= 0.3, "worst origin error " + worst);
		assertEquals(2 * x0, r.sampling().originX(), 2);
		assertEquals(2 * y0, r.sampling().originY(), 2);
	}

	@Test
	void moved_chemicalMapOfTheSameScan_matchesTheUndisplacedMap() {
		double[][] d = offsets(41);
		SurveyRegistration r = SurveyRegistration.register(data.haadf(), survey(displaced(data.haadf(), d), 1, Calibration.PIXEL, 42));
		for (Map.Entry<String, TiltSeries> e : data.chemical().entrySet()) {
			TiltSeries truth = e.getValue();
			TiltSeries map = displaced(truth, d);
			TiltSeries moved = r.moved(map, ShiftInterpolation.DEFAULT);
			double before = interiorNrmse(map, truth), after = interiorNrmse(moved, truth);
			// The same two bilinear moves with the true displacements: the floor an exact registration reaches.
			TiltSeries exact = truth.zerosLike();
			for (int i = 0; i < CHEM_ANGLES.length; i++)
				ShiftInterpolation.DEFAULT.shift(map.data(), map.projectionOffset(i), exact.data(), exact.projectionOffset(i), N, N, d[0][i], d[1][i]);
			double floor = interiorNrmse(exact, truth);
			System.out.printf("moved %s map vs undisplaced: NRMSE %.4f (displaced %.4f, exact registration %.4f)%n", e.getKey(), after, before, floor);
			assertTrue(after < 0.25 * before, e.getKey() + ": " + after + " vs displaced " + before);
			assertTrue(after < floor + 0.03, e.getKey() + ": " + after + " vs exact registration " + floor);
		}
		// Aligned in one resampling with a HAADF alignment: the same as moving first, then aligning.
		Alignment haadfAlignment = new Alignment(HAADF_ANGLES, new double[HAADF_ANGLES.length], new double[HAADF_ANGLES.length], 0, 0, List.of("none"));
		TiltSeries map = displaced(data.chemical().values().iterator().next(), d);
		Alignment composed = r.alignmentOf(map, haadfAlignment, data.haadf().geometry());
		assertEquals(List.of("none", "survey-registration"), composed.methods());
		TiltSeries once = composed.apply(map), twice = haadfAlignment.apply(r.moved(map, ShiftInterpolation.DEFAULT));
		for (int i = 0; i < once.data().length; i++)
			assertEquals(twice.data()[i], once.data()[i], 1e-5);
		// With the fill as missing data (align, reconstruct --chem-survey): NaN where the move brought nothing in, the same values elsewhere.
		TiltSeries zeros = r.moved(map, ShiftInterpolation.DEFAULT), missing = r.moved(map, ShiftInterpolation.MISSING);
		int nan = 0;
		for (int i = 0; i < zeros.data().length; i++)
			if (Float.isNaN(missing.data()[i]))
				nan++;
			else
				assertEquals(zeros.data()[i], missing.data()[i], 0f);
		assertTrue(nan > 0 && nan < zeros.data().length / 4, nan + " missing pixels");
	}

	@Test
	void moved_binnedChemicalMap_landsOnItsIntegerWindow() {
		double[][] d = offsets(61);
		SurveyRegistration r = SurveyRegistration.register(data.haadf(), survey(displaced(data.haadf(), d), 2, Calibration.PIXEL, 62));
		ChemicalSampling s = r.sampling();
		assertEquals(2, s.factor());
		for (Map.Entry<String, TiltSeries> e : data.chemical().entrySet()) {
			// The map of the 2x scan, and the truth binned on the window of the sampling: pixel i covers origin + 2 i.
			TiltSeries map = Binning.bin(displaced(e.getValue(), d), 2), moved = r.moved(map, ShiftInterpolation.DEFAULT);
			TiltSeries truth = map.zerosLike();
			for (int a = 0; a < CHEM_ANGLES.length; a++)
				for (int y = 0; y < map.height(); y++)
					for (int x = 0; x < map.width(); x++) {
						double sum = 0;
						for (int j = 0; j < 2; j++)
							for (int i = 0; i < 2; i++)
								sum += e.getValue().get(s.originX() + 2 * x + i, s.originY() + 2 * y + j, a);
						truth.set(x, y, a, (float) (sum / 4));
					}
			double before = interiorNrmse(map, truth, 2), after = interiorNrmse(moved, truth, 2);
			System.out.printf("moved %s map binned 2x vs the truth on window %s: NRMSE %.4f (displaced %.4f)%n", e.getKey(), s, after, before);
			assertTrue(after < 0.35 * before, e.getKey() + ": " + after + " vs displaced " + before);
		}
	}

	@Test
	void calibratedFactor_refusesNonIntegerRatios() {
		Calibration h = new Calibration(1, "nm");
		assertEquals(1, SurveyRegistration.calibratedFactor(new Calibration(1.01, "nm"), h));
		assertEquals(3, SurveyRegistration.calibratedFactor(new Calibration(0.003, "µm"), h));
		assertEquals(0, SurveyRegistration.calibratedFactor(Calibration.PIXEL, h));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SurveyRegistration.calibratedFactor(new Calibration(1.5, "nm"), h));
		assertTrue(e.getMessage().contains("1.5"), e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> SurveyRegistration.calibratedFactor(new Calibration(0.5, "nm"), h));
		// A survey field larger than the HAADF at its scale.
		TiltSeries big = new TiltSeries(new TiltGeometry(40, 40, CHEM_ANGLES), new Calibration(2, "nm"));
		assertThrows(IllegalArgumentException.class, () -> SurveyRegistration.register(withCalibration(data.haadf(), h), big));
	}

	@Test
	void json_sectionRoundTripsAndOldReadersIgnoreIt() {
		double[][] d = offsets(51);
		SurveyRegistration r = SurveyRegistration.register(data.haadf(), survey(displaced(data.haadf(), d), 1, Calibration.PIXEL, 52));
		Alignment a = Alignment.identity(HAADF_ANGLES);
		String text = SurveyRegistrationJson.withSection(AlignmentJson.toJson(a), Map.of("Co", r));
		assertEquals(a, AlignmentJson.fromJson(text, "test"));
		double[][] back = SurveyRegistrationJson.offsets(text).get("Co");
		for (int i = 0; i < d[0].length; i++) {
			assertEquals(r.tilts().get(i).dx(), back[0][i], 1e-12);
			assertEquals(r.tilts().get(i).quality(), back[2][i], 1e-12);
		}
		JsonObject co = JsonParser.parseString(text).getAsJsonObject().getAsJsonObject(SurveyRegistrationJson.SECTION).getAsJsonObject("Co");
		assertEquals(1, co.getAsJsonObject("sampling").get("factor").getAsInt());
		assertTrue(SurveyRegistrationJson.offsets(AlignmentJson.toJson(a)).isEmpty());
	}

	private static TiltSeries withCalibration(TiltSeries s, Calibration c) {
		TiltSeries out = new TiltSeries(s.geometry(), c);
		System.arraycopy(s.data(), 0, out.data(), 0, s.data().length);
		return out;
	}

	private static double interiorNrmse(TiltSeries a, TiltSeries truth) {
		return interiorNrmse(a, truth, 4);
	}

	/** NRMSE (RMS difference ÷ RMS of the truth) inside a border, where no move brings in zeros. */
	private static double interiorNrmse(TiltSeries a, TiltSeries truth, int border) {
		double diff = 0, norm = 0;
		for (int p = 0; p < truth.angleCount(); p++)
			for (int y = border; y < truth.height() - border; y++)
				for (int x = border; x < truth.width() - border; x++) {
					double t = truth.get(x, y, p), e = a.get(x, y, p) - t;
					diff += e * e;
					norm += t * t;
				}
		return Math.sqrt(diff / norm);
	}
}
