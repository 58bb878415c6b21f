package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
