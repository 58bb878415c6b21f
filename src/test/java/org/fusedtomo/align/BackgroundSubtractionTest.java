package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.CancellationException;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.progress.Monitor;
import org.junit.jupiter.api.Test;

class BackgroundSubtractionTest {

	static final int W = 48, H = 40;

	/** Two bright discs on 5 + 0.05 x − 0.03 y, plus seeded Gaussian noise of the given sigma. */
	static TiltSeries discsOnPlane(double noise, float[] truth) {
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(W, H, new double[] { -10, 10 }));
		Random random = new Random(42);
		for (int a = 0; a < 2; a++)
			for (int y = 0; y < H; y++)
				for (int x = 0; x < W; x++) {
					double disc = (sq(x - 15 - a) + sq(y - 20) < 64 ? 20 : 0) + (sq(x - 34) + sq(y - 12 - a) < 25 ? 12 : 0);
					if (a == 0)
						truth[y * W + x] = (float) disc;
					s.set(x, y, a, (float) (disc + 5 + 0.05 * x - 0.03 * y + noise * random.nextGaussian()));
				}
		return s;
	}

	static double sq(double v) {
		return v * v;
	}

	@Test
	void run_polynomialRemovesPlaneAndConstant() {
		float[] truth = new float[W * H];
		TiltSeries s = discsOnPlane(0.1, truth);
		float[] before = s.data().clone();
		BackgroundSubtraction.Result r = new BackgroundSubtraction(BackgroundOptions.polynomial(1)).run(s, Monitor.NONE);
		assertSame(BackgroundOptions.polynomial(1).method(), r.options().method());
		// Plane in normalised coordinates: 5 + 0.05 (W-1)/2 (X+1) − 0.03 (H-1)/2 (Y+1).
		double[] c = r.coefficients()[0];
		assertEquals(5 + 0.05 * (W - 1) / 2 - 0.03 * (H - 1) / 2, c[0], 0.05);
		assertEquals(0.05 * (W - 1) / 2, c[1], 0.05);
		assertEquals(-0.03 * (H - 1) / 2, c[2], 0.05);
		double err = 0;
		for (int i = 0; i < truth.length; i++)
			err += Math.abs(r.series().data()[i] - truth[i]);
		// Noise of sigma 0.1 clipped at 0 averages under 0.1 per pixel.
		assertTrue(err / truth.length < 0.1, "mean abs error " + err / truth.length);
		assertArrayEquals(before, s.data(), "input untouched");
	}

	@Test
	void run_constantMethodsAndClipping() {
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(W, H, new double[] { 0 }));
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				s.set(x, y, 0, (x - 24) * (x - 24) + (y - 20) * (y - 20) < 36 ? 10f : 3f);
		s.set(0, 0, 0, 1f);
		BackgroundSubtraction.Result border = new BackgroundSubtraction(BackgroundOptions.border(2)).run(s, Monitor.NONE);
		assertEquals(3, border.coefficients()[0][0], 1e-9);
		assertEquals(7f, border.series().get(24, 20, 0));
		assertEquals(0f, border.series().get(0, 0, 0), "negatives clipped");
		BackgroundSubtraction.Result pct = new BackgroundSubtraction(BackgroundOptions.percentile(5)).run(s, Monitor.NONE);
		assertEquals(3, pct.coefficients()[0][0], 1e-9);
	}

	/**
	 * Pixels not measured (NaN, as an aligned series has them along its edges) are left out and stay NaN: the plane
	 * and the percentile are those of the same data with those columns cut off, the border median that of the measured
	 * border pixels.
	 */
	@Test
	void run_leavesPixelsNotMeasuredOutAndNaN() {
		TiltSeries s = discsOnPlane(0.1, new float[W * H]), holed = s.copy(), cut = TiltSeries.zeros(new TiltGeometry(W - 3, H, s.anglesDeg()));
		for (int a = 0; a < 2; a++)
			for (int y = 0; y < H; y++)
				for (int x = 0; x < W; x++)
					if (x < 3)
						holed.set(x, y, a, Float.NaN);
					else
						cut.set(x - 3, y, a, s.get(x, y, a));
		for (BackgroundOptions o : new BackgroundOptions[] { BackgroundOptions.polynomial(1), BackgroundOptions.percentile(5), BackgroundOptions.border(2) }) {
			BackgroundSubtraction.Result r = new BackgroundSubtraction(o).run(holed, Monitor.NONE);
			for (int a = 0; a < 2; a++) {
				for (int y = 0; y < H; y++)
					for (int x = 0; x < W; x++)
						assertEquals(x < 3, Float.isNaN(r.series().get(x, y, a)), o.method() + " at (" + x + ", " + y + ")");
				if (o.method() == BackgroundOptions.Method.BORDER) {
					float[] frame = new float[2 * W * H];
					int k = 0;
					for (int y = 0; y < H; y++)
						for (int x = 3; x < W; x++)
							if (x < 2 || y < 2 || x >= W - 2 || y >= H - 2)
								frame[k++] = s.get(x, y, a);
					float[] sorted = java.util.Arrays.copyOf(frame, k);
					java.util.Arrays.sort(sorted);
					assertEquals((sorted[(k - 1) / 2] + sorted[k / 2]) / 2.0, r.coefficients()[a][0], 1e-6, "border median of projection " + a);
				}
			}
			if (o.method() == BackgroundOptions.Method.BORDER)
				continue;
			// NB: the plane is fitted in coordinates normalised to the image, so the two fits agree to rounding only.
			TiltSeries expected = new BackgroundSubtraction(o).run(cut, Monitor.NONE).series();
			for (int a = 0; a < 2; a++)
				for (int y = 0; y < H; y++)
					for (int x = 3; x < W; x++)
						assertEquals(expected.get(x - 3, y, a), r.series().get(x, y, a), 1e-4, o.method() + " at (" + x + ", " + y + ")");
		}
	}

	@Test
	void run_throwsWhenCancelled() {
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(8, 8, new double[] { 0 }));
		assertThrows(CancellationException.class, () -> new BackgroundSubtraction(BackgroundOptions.DEFAULT).run(s, Cancelled.MONITOR));
	}

	@Test
	void backgroundOptions_validates() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> new BackgroundOptions(BackgroundOptions.Method.POLYNOMIAL, 4, 5, 3, 2.5, 10, true));
		assertTrue(e.getMessage().contains("polynomialOrder") && e.getMessage().contains("3"), e.getMessage());
	}
}
