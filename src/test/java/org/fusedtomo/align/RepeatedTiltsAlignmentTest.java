package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.RepeatedTilts;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.simulate.Phantom;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.Poisson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alignment of series with several exposures per tilt, against known shifts: the exposures of a tilt are
 * aligned to each other and averaged, cross-correlation alignment gives each exposure its own shift, and
 * an alignment with repeated angles applies per index to its own series and per angle (the mean of the
 * exposures) to other series, and round-trips through alignment.json.
 */
class RepeatedTiltsAlignmentTest {

	private static final int N = 64;
	private static final int K = 3;
	private static final double[] TILTS = TiltGeometry.range(-60, 60, 6);
	private static final double COUNTS = 500;

	@TempDir
	Path dir;

	/** K exposures per tilt, each displaced by a known shift, with independent Poisson noise at COUNTS per unit. */
	private static final class Acquisition {
		final TiltSeries clean;
		final TiltSeries raw;
		final double[] dx, dy;

		Acquisition(double shiftRms, long seed) {
			Phantom p = MisalignedAcquisition.padded(Phantoms.create(Phantoms.CORE_SHELL, VolumeGeometry.cube(40), seed), N);
			Volume v = Volume.zeros(p.geometry());
			for (Volume d : p.densities().values())
				for (int i = 0; i < v.data().length; i++)
					v.data()[i] += d.data()[i];
			double[] angles = new double[TILTS.length * K];
			for (int i = 0; i < angles.length; i++)
				angles[i] = TILTS[i / K];
			TiltGeometry g = new TiltGeometry(N, N, angles);
			clean = Projectors.create(p.geometry(), g, Parallelism.available()).forward(v);
			float max = 0;
			for (float f : clean.data())
				max = Math.max(max, f);
			for (int i = 0; i < clean.data().length; i++)
				clean.data()[i] /= max;
			Random r = new Random(seed);
			dx = new double[angles.length];
			dy = new double[angles.length];
			raw = clean.zerosLike();
			for (int i = 0; i < angles.length; i++) {
				dx[i] = r.nextGaussian() * shiftRms;
				dy[i] = r.nextGaussian() * shiftRms;
				// NB: raw(q) = clean(q − d): content displaced by d.
				ShiftInterpolation.DEFAULT.shift(clean.data(), clean.projectionOffset(i), raw.data(), raw.projectionOffset(i), N, N, -dx[i], -dy[i]);
			}
			new Poisson(seed + 1).apply(raw.data(), COUNTS);
			for (int i = 0; i < raw.data().length; i++)
				raw.data()[i] /= COUNTS;
		}
	}

	@Test
	void average_recoversTheShiftsBetweenExposuresAndLowersTheNoise() {
		Acquisition a = new Acquisition(2, 3);
		RepeatAveraging.Result r = RepeatAveraging.average(a.raw, CrossCorrelationOptions.DEFAULT);
		assertEquals(TILTS.length, r.averaged().angleCount());
		assertArrayEquals(TILTS, r.averaged().anglesDeg(), 1e-12);
		double err = 0, errAverage = 0, errSingle = 0;
		int plane = N * N;
		for (int t = 0; t < TILTS.length; t++) {
			double mx = 0, my = 0;
			for (int j = 0; j < K; j++) {
				mx += a.dx[t * K + j] / K;
				my += a.dy[t * K + j] / K;
			}
			for (int j = 0; j < K; j++) {
				int i = t * K + j;
				double ex = r.dx()[i] - (a.dx[i] - mx), ey = r.dy()[i] - (a.dy[i] - my);
				err += (ex * ex + ey * ey) / (2 * a.dx.length);
			}
			// Truth of the average: the clean projection where the exposures sit on average.
			float[] truth = new float[plane], single = new float[plane], average = new float[plane];
			ShiftInterpolation.DEFAULT.shift(a.clean.data(), a.clean.projectionOffset(t * K), truth, 0, N, N, -mx, -my);
			ShiftInterpolation.DEFAULT.shift(a.raw.data(), a.raw.projectionOffset(t * K), single, 0, N, N, a.dx[t * K] - mx, a.dy[t * K] - my);
			System.arraycopy(r.averaged().data(), r.averaged().projectionOffset(t), average, 0, plane);
			errAverage += Nrmse.of(inner(average), inner(truth)) / TILTS.length;
			errSingle += Nrmse.of(inner(single), inner(truth)) / TILTS.length;
		}
		double rms = Math.sqrt(err);
		System.out.println("Averaging " + K + " exposures per tilt: shift error RMS " + rms + " px per axis; NRMSE of the average " + errAverage + ", of one exposure " + errSingle);
		assertTrue(rms < 0.1, "shift error RMS " + rms + " px");
		assertTrue(errAverage < 0.75 * errSingle, "average " + errAverage + " vs one exposure " + errSingle);
	}

	/**
	 * An aligned series (NaN where a shift brought no data in, here the 3 left columns of every second exposure): the
	 * correlations read those pixels as 0, so the shifts are the zero-filled series' and still near the truth, and
	 * the average is NaN where an exposure lacks data, finite elsewhere.
	 */
	@Test
	void average_ofASeriesWithPixelsNotMeasured_readsThemAsNoSignal() {
		Acquisition a = new Acquisition(2, 3);
		TiltSeries holed = a.raw.copy();
		for (int i = 1; i < holed.angleCount(); i += 2)
			for (int y = 0; y < N; y++)
				for (int x = 0; x < 3; x++)
					holed.set(x, y, i, Float.NaN);
		RepeatAveraging.Result r = RepeatAveraging.average(holed, CrossCorrelationOptions.DEFAULT);
		RepeatAveraging.Result filled = RepeatAveraging.average(org.fusedtomo.data.MissingData.filled(holed), CrossCorrelationOptions.DEFAULT);
		assertArrayEquals(filled.dx(), r.dx());
		assertArrayEquals(filled.dy(), r.dy());
		double err = 0;
		for (int t = 0; t < TILTS.length; t++) {
			double mx = 0;
			for (int j = 0; j < K; j++)
				mx += a.dx[t * K + j] / K;
			for (int j = 0; j < K; j++)
				err += Math.pow(r.dx()[t * K + j] - (a.dx[t * K + j] - mx), 2) / a.dx.length;
			for (int y = 8; y < N - 8; y++) {
				assertTrue(Float.isNaN(r.averaged().get(0, y, t)), "tilt " + t + " column 0");
				assertTrue(Float.isFinite(r.averaged().get(N / 2, y, t)), "tilt " + t + " centre");
			}
		}
		assertTrue(Math.sqrt(err) < 0.1, "x shift error RMS " + Math.sqrt(err));
	}

	/** The pixels at least 8 from the edge, where no shifted exposure has run out of frame. */
	private static float[] inner(float[] image) {
		int m = 8, w = N - 2 * m;
		float[] out = new float[w * w];
		for (int y = 0; y < w; y++)
			System.arraycopy(image, (y + m) * N + m, out, y * w, w);
		return out;
	}

	@Test
	void crossCorrelation_givesEachExposureItsOwnShift() {
		Acquisition a = new Acquisition(2, 5);
		Alignment al = new CrossCorrelationAlignment(CrossCorrelationOptions.DEFAULT).run(a.raw, Monitor.NONE);
		assertEquals(a.raw.angleCount(), al.angleCount());
		// Within a tilt, shift differences are free of the chain's drift and of the unobservable
		// rigid translation: they must match the truth closely.
		double err = 0;
		int pairs = 0;
		for (int t = 0; t < TILTS.length; t++)
			for (int j = 1; j < K; j++) {
				int i = t * K + j, first = t * K;
				double ex = (al.dx(i) - al.dx(first)) - (a.dx[i] - a.dx[first]);
				double ey = (al.dy(i) - al.dy(first)) - (a.dy[i] - a.dy[first]);
				err += ex * ex + ey * ey;
				pairs += 2;
			}
		double rms = Math.sqrt(err / pairs);
		// Across tilts, after removing the best rigid translation t_x cos θ + t_z sin θ (x) and a constant (y).
		double across = Math.sqrt(residualAfterRigid(al.dx(), a.dx, al.anglesDeg()) / 2
			+ residualAfterConstant(al.dy(), a.dy) / 2);
		System.out.println("Cross-correlation with " + K + " exposures per tilt: within-tilt error RMS " + rms + " px, whole-series RMS " + across + " px");
		assertTrue(rms < 0.15, "within-tilt shift error RMS " + rms);
		assertTrue(across < 0.5, "whole-series shift error RMS " + across);
	}

	@Test
	void wholePipeline_alignsEveryExposureOfARepeatedSeries() {
		Acquisition a = new Acquisition(2, 7);
		Alignment al = new AlignmentPipeline(AlignmentOptions.of(java.util.EnumSet.allOf(AlignmentOptions.Step.class)), Parallelism.available()).run(a.raw, Monitor.NONE)
			.alignment();
		assertEquals(a.raw.angleCount(), al.angleCount());
		double across = Math.sqrt(residualAfterRigid(al.dx(), a.dx, al.anglesDeg()) / 2 + residualAfterConstant(al.dy(), a.dy) / 2);
		System.out.println("Alignment pipeline (all steps) with " + K + " exposures per tilt: shift RMS " + across + " px, axis " + al.axisRotationDeg() + " deg");
		assertTrue(across < 0.5, "whole-series shift error RMS " + across);
	}

	/** Mean square of {@code est − truth} after the least-squares fit of a + b cos θ + c sin θ (a rigid translation). */
	private static double residualAfterRigid(double[] est, double[] truth, double[] anglesDeg) {
		int n = est.length;
		double[][] x = new double[n][3];
		double[] e = new double[n];
		for (int i = 0; i < n; i++) {
			double t = Math.toRadians(anglesDeg[i]);
			x[i] = new double[] { 1, Math.cos(t), Math.sin(t) };
			e[i] = est[i] - truth[i];
		}
		var design = org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(x);
		var rhs = org.apache.commons.math3.linear.MatrixUtils.createRealVector(e);
		var c = new org.apache.commons.math3.linear.QRDecomposition(design).getSolver().solve(rhs);
		var residual = design.operate(c).subtract(rhs);
		return residual.dotProduct(residual) / n;
	}

	/** Mean square of {@code est − truth} after removing its mean. */
	private static double residualAfterConstant(double[] est, double[] truth) {
		int n = est.length;
		double mean = 0, sq = 0;
		for (int i = 0; i < n; i++)
			mean += (est[i] - truth[i]) / n;
		for (int i = 0; i < n; i++)
			sq += (est[i] - truth[i] - mean) * (est[i] - truth[i] - mean) / n;
		return sq;
	}

	@Test
	void alignmentWithRepeatedAngles_appliesPerIndexToItsSeriesAndPerAngleToOthers() {
		double[] angles = { -10, 0, 0, 0, 10 };
		Alignment al = new Alignment(angles, new double[] { 1, 2, 4, 9, -3 }, new double[] { 0, -1, -2, 0, 6 }, 0, 0, List.of("test"));
		// At a repeated angle: the mean of its exposures; between tilts: interpolated between tilt means.
		assertArrayEquals(new double[] { 5, -1 }, al.shiftAt(0), 1e-12);
		assertArrayEquals(new double[] { 3, -0.5 }, al.shiftAt(-5), 1e-12);
		assertArrayEquals(new double[] { 1, 2.5 }, al.shiftAt(5), 1e-12);
		// Its own series: each exposure by its own shift.
		TiltSeries s = spot(angles);
		TiltSeries own = al.apply(s);
		for (int i = 0; i < angles.length; i++)
			assertEquals(1f, own.get(32 - (int) al.dx(i), 32 - (int) al.dy(i), i), 1e-6f, "exposure " + i);
		// Another series (one projection at 0°): the mean shift of the exposures at 0°.
		TiltSeries other = spot(new double[] { 0 });
		assertEquals(1f, al.apply(other).get(32 - 5, 32 + 1, 0), 1e-6f);
		RepeatedTilts tilts = RepeatedTilts.of(angles);
		assertEquals(3, tilts.tiltCount());
		assertArrayEquals(new int[] { 1, 2, 3 }, tilts.exposures(1));
	}

	/** 64 x 64 projections at {@code angles}, each 1 at (32, 32) and 0 elsewhere. */
	private static TiltSeries spot(double[] angles) {
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(N, N, angles));
		for (int i = 0; i < angles.length; i++)
			s.set(32, 32, i, 1);
		return s;
	}

	@Test
	void alignmentJson_roundTripsRepeatedAngles() {
		Alignment al = new Alignment(new double[] { -10, 0, 0, 10 }, new double[] { 1, 2, 3, 4 }, new double[] { -1, -2, -3, -4 }, 0.5, 1.5, List.of("cross-correlation"));
		Path file = dir.resolve("alignment.json");
		AlignmentJson.save(al, file);
		Alignment back = AlignmentJson.load(file);
		assertArrayEquals(al.anglesDeg(), back.anglesDeg());
		assertArrayEquals(al.dx(), back.dx());
		assertArrayEquals(al.dy(), back.dy());
		assertTrue(back.matches(new TiltGeometry(N, N, new double[] { -10, 0, 0, 10 })));
	}
}
