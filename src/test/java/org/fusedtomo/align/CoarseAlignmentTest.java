package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.progress.Monitor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CoarseAlignmentTest {

	static final int N = 64;

	/** Three Gaussian blobs of different widths, all displaced by (dx, dy) pixels, rendered exactly. */
	static void blobs(float[] out, int off, double dx, double dy) {
		double[][] blobs = { { 28, 30, 3, 1 }, { 38, 26, 1.5, 0.7 }, { 30, 40, 2, 0.5 } };
		for (int y = 0; y < N; y++)
			for (int x = 0; x < N; x++) {
				double v = 0;
				for (double[] b : blobs) {
					double rx = x - b[0] - dx, ry = y - b[1] - dy;
					v += b[3] * Math.exp(-(rx * rx + ry * ry) / (2 * b[2] * b[2]));
				}
				out[off + y * N + x] = (float) v;
			}
	}

	@ParameterizedTest
	@CsvSource({ "3,-7", "0,0", "2.3,-4.7", "0.5,0.25", "-11.6,9.4" })
	void shift_recoversKnownShiftsWithinATenthOfAPixel(double dx, double dy) {
		float[] reference = new float[N * N], moving = new float[N * N];
		blobs(reference, 0, 0, 0);
		blobs(moving, 0, dx, dy);
		for (CrossCorrelationOptions.PeakFit fit : CrossCorrelationOptions.PeakFit.values()) {
			CrossCorrelationOptions o = new CrossCorrelationOptions(0.25, 1, 0, Double.POSITIVE_INFINITY, fit);
			double[] d = new CrossCorrelation(N, N, o).shift(reference, 0, moving, 0);
			assertEquals(dx, d[0], 0.1, fit + " dx");
			assertEquals(dy, d[1], 0.1, fit + " dy");
		}
	}

	@Test
	void centreOfMass_ofShiftedBlob() {
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(N, N, new double[] { -10, 0, 10 }));
		double[][] shifts = { { 4.25, -2 }, { 0, 0 }, { -7.5, 3.75 } };
		for (int a = 0; a < 3; a++)
			for (int y = 0; y < N; y++)
				for (int x = 0; x < N; x++) {
					double rx = x - 31.5 - shifts[a][0], ry = y - 31.5 - shifts[a][1];
					s.set(x, y, a, (float) Math.exp(-(rx * rx + ry * ry) / 18));
				}
		double[] com = CentreOfMassAlignment.centreOfMass(s.data(), s.projectionOffset(0), N, N);
		assertEquals(31.5 + 4.25, com[0], 1e-3);
		assertEquals(31.5 - 2, com[1], 1e-3);
		Alignment a = new CentreOfMassAlignment(true, true).run(s, Monitor.NONE);
		for (int i = 0; i < 3; i++) {
			assertEquals(shifts[i][0], a.dx(i), 1e-3);
			assertEquals(shifts[i][1], a.dy(i), 1e-3);
		}
		// Applying it centres the blob.
		double[] centred = CentreOfMassAlignment.centreOfMass(a.apply(s).data(), s.projectionOffset(2), N, N);
		assertEquals(31.5, centred[0], 0.05);
		assertEquals(31.5, centred[1], 0.05);
	}

	/**
	 * The centre's standard error, read from the negative values, matches the scatter of the centre over noise draws
	 * (blobs of mass 950 under Gaussian noise of sigma 0.9 per pixel: about 1.1 px), and such a centre is an estimate.
	 */
	@Test
	void standardError_matchesTheScatterOfTheCentreOverNoise() {
		java.util.Random random = new java.util.Random(7);
		int draws = 300;
		double sum = 0, sumSq = 0, errors = 0;
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(N, N, new double[] { 0 }));
		for (int d = 0; d < draws; d++) {
			blobs(s.data(), 0, 0, 0);
			for (int i = 0; i < N * N; i++)
				s.data()[i] = s.data()[i] * 12 + (float) (0.9 * random.nextGaussian());
			double[] com = CentreOfMassAlignment.centreOfMass(s.data(), 0, N, N);
			sum += com[0];
			sumSq += com[0] * com[0];
			errors += CentreOfMassAlignment.standardError(s.data(), 0, N, N, com);
			assertEquals(0, CentreOfMassAlignment.unreliable(s).length);
		}
		double scatter = Math.sqrt(sumSq / draws - (sum / draws) * (sum / draws)), error = errors / draws;
		assertTrue(scatter > 0.8, "scatter " + scatter);
		assertEquals(scatter, error, 0.15 * scatter, "standard error " + error + " against the scatter " + scatter);
	}

	/**
	 * Where the content fills the frame (the real IDP set), the background model leaves no mass and no centre: every
	 * projection is named, and the alignment pipeline leaves the step out with a warning, so that cross-correlation
	 * alone recovers the known shifts (to 0.5 px: content crossing the frame's edges biases it by about 0.25 px here).
	 * Before, the IDP's centres landed up to 160 px off a 64 px frame and the default chain kept them.
	 */
	@Test
	void centreOfMass_isLeftOutWhereTheContentFillsTheFrame() {
		double[][] shifts = { { 2, -1 }, { 0, 0 }, { -3, 2 } };
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(N, N, new double[] { -2, 0, 2 }));
		java.util.Random random = new java.util.Random(3);
		double[][] spots = new double[1000][];
		for (int i = 0; i < spots.length; i++)
			spots[i] = new double[] { random.nextDouble() * (N + 20) - 10, random.nextDouble() * (N + 20) - 10, 2 + 3 * random.nextDouble(), 0.5 + random.nextDouble() };
		for (int a = 0; a < 3; a++)
			for (int y = 0; y < N; y++)
				for (int x = 0; x < N; x++) {
					double v = 1 + 0.01 * x;
					for (double[] b : spots) {
						double rx = x - b[0] - shifts[a][0], ry = y - b[1] - shifts[a][1];
						v += b[3] * Math.exp(-(rx * rx + ry * ry) / (2 * b[2] * b[2]));
					}
					s.set(x, y, a, (float) v);
				}
		TiltSeries clean = new BackgroundSubtraction(BackgroundOptions.DEFAULT.withClipNegative(false)).run(s, Monitor.NONE).series();
		assertEquals(3, CentreOfMassAlignment.unreliable(clean).length);
		AlignmentPipeline.Result r = new AlignmentPipeline(AlignmentOptions.of(java.util.EnumSet.of(AlignmentOptions.Step.CENTRE_OF_MASS, AlignmentOptions.Step.CROSS_CORRELATION)),
			org.fusedtomo.parallel.Parallelism.SERIAL).run(s, Monitor.NONE);
		assertTrue(r.warnings().stream().anyMatch(w -> w.startsWith("centre of mass: not used; in 3 of 3 projections")), "warnings " + r.warnings());
		for (int a = 0; a < 3; a++) {
			assertEquals(shifts[a][0] - shifts[1][0], r.alignment().dx(a) - r.alignment().dx(1), 0.5, "dx at " + a);
			assertEquals(shifts[a][1] - shifts[1][1], r.alignment().dy(a) - r.alignment().dy(1), 0.5, "dy at " + a);
		}
	}

	@Test
	void crossCorrelationAlignment_recoversRelativeShifts() {
		double[] angles = { -6, -3, 0, 3, 6 };
		double[][] shifts = { { 5, -2 }, { -3.5, 1.25 }, { 0.5, 0 }, { 2.2, 7 }, { -9, -4.5 } };
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(N, N, angles));
		for (int a = 0; a < angles.length; a++)
			blobs(s.data(), s.projectionOffset(a), shifts[a][0], shifts[a][1]);
		Alignment al = new CrossCorrelationAlignment(CrossCorrelationOptions.DEFAULT).run(s, Monitor.NONE);
		double mx = 0, my = 0;
		for (double[] d : shifts) {
			mx += d[0] / shifts.length;
			my += d[1] / shifts.length;
		}
		for (int a = 0; a < angles.length; a++) {
			assertEquals(shifts[a][0] - mx, al.dx(a), 0.15, "dx " + a);
			assertEquals(shifts[a][1] - my, al.dy(a), 0.15, "dy " + a);
		}
	}

	@Test
	void run_throwsWhenCancelled() {
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(8, 8, new double[] { 0, 3 }));
		assertThrows(CancellationException.class, () -> new CentreOfMassAlignment(true, false).run(s, Cancelled.MONITOR));
		assertThrows(CancellationException.class, () -> new CrossCorrelationAlignment(CrossCorrelationOptions.DEFAULT).run(s, Cancelled.MONITOR));
	}
}
