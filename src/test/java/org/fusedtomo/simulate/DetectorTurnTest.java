package org.fusedtomo.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DetectorTurnTest {

	/**
	 * Gaussian blobs (x, y from the centre of a 40 x 38 image, σx, σy, height) of σ ≥ 2.5 px: band-limited (spectra below 1e-5
	 * of the peak past 0.3 cycles/px), and below 1e-5 beyond the inscribed circle, so no turn moves content out of the frame.
	 */
	static final double[][] BLOBS = { { 19.5 - 2, 18.5 - 3, 3, 2.5, 1 }, { 19.5 + 4.5, 18.5 + 2, 2.5, 3, 0.7 }, { 19.5 - 3.5, 18.5 + 2.5, 2.5, 2.5, 0.5 } };

	static float[] blobs(int w, int h, double[][] blobs) {
		float[] out = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				out[y * w + x] = (float) value(blobs, x, y);
		return out;
	}

	static double value(double[][] blobs, double x, double y) {
		double v = 0;
		for (double[] g : blobs) {
			double u = (x - g[0]) / g[2], t = (y - g[1]) / g[3];
			v += g[4] * Math.exp(-0.5 * (u * u + t * t));
		}
		return v;
	}

	static float[] turned(float[] src, int w, int h, double rotationDeg, double offsetPx) {
		float[] dst = new float[w * h];
		new DetectorTurn(w, h, rotationDeg, offsetPx).turn(src, 0, dst, 0);
		return dst;
	}

	@ParameterizedTest
	@CsvSource({ "2", "-7", "23" })
	void turnThenTurnBack_returnsTheImage(double rotationDeg) {
		int w = 40, h = 38;
		float[] image = blobs(w, h, BLOBS);
		float[] back = turned(turned(image, w, h, rotationDeg, 0), w, h, -rotationDeg, 0);
		assertArrayEquals(image, back, 1e-4f);
	}

	/** Against the contract written out: raw(q) = s(c + R(−φ)(q − c − (o, 0))) with R(φ)(x, y) = (x cos φ − y sin φ, x sin φ + y cos φ). */
	@ParameterizedTest
	@CsvSource({ "-7, 0", "2, 1.3", "23, -2.5", "0, 3.25" })
	void turn_ofAGaussianBlob_isTheRotatedGaussian(double rotationDeg, double offsetPx) {
		int w = 40, h = 36;
		double[][] blob = { { 22, 15.5, 3.2, 2.1, 1 } };
		float[] out = turned(blobs(w, h, blob), w, h, rotationDeg, offsetPx);
		double phi = Math.toRadians(rotationDeg), cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
		float[] expected = new float[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				double px = x - cx - offsetPx, py = y - cy;
				// R(−φ): (x cos φ + y sin φ, −x sin φ + y cos φ)
				expected[y * w + x] = (float) value(blob, cx + px * Math.cos(phi) + py * Math.sin(phi), cy - px * Math.sin(phi) + py * Math.cos(phi));
			}
		assertArrayEquals(expected, out, 1e-4f);
	}

	@Test
	void turnBy90Deg_isThePixelPermutation() {
		int n = 40;
		float[] image = blobs(n, n, BLOBS); // NB: centred as in 40 x 38, 0.5 px above the centre, within the circle all the same
		float[] out = turned(image, n, n, 90, 0);
		// raw(q) = s(c + R(−90°)(q − c)) = s(c + (qy − cy, −(qx − cx))): raw(x, y) = s(y, n − 1 − x).
		float[] expected = new float[n * n];
		for (int y = 0; y < n; y++)
			for (int x = 0; x < n; x++)
				expected[y * n + x] = image[(n - 1 - x) * n + y];
		assertArrayEquals(expected, out, 1e-4f);
	}

	@Test
	void turnBy0Deg_isTheIdentity() {
		int w = 24, h = 20;
		float[] image = new float[w * h];
		java.util.SplittableRandom random = new java.util.SplittableRandom(5);
		for (int i = 0; i < image.length; i++)
			image[i] = (float) random.nextDouble();
		assertArrayEquals(image, turned(image, w, h, 0, 0), 0f);
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(w, h, new double[] { 0 }));
		System.arraycopy(image, 0, s.data(), 0, image.length);
		TiltSeries same = DetectorTurn.onTiltAxis(s, 0, 0);
		assertNotSame(s, same, "a copy, so that noise added to it leaves the input alone");
		assertArrayEquals(image, same.data(), 0f);
	}

	@Test
	void onTiltAxis_turnsEveryProjectionAlike() {
		int w = 40, h = 38;
		float[] one = blobs(w, h, BLOBS), two = new float[2 * w * h];
		System.arraycopy(one, 0, two, 0, one.length);
		System.arraycopy(one, 0, two, one.length, one.length);
		TiltSeries in = TiltSeries.zeros(new TiltGeometry(w, h, new double[] { -10, 10 }));
		System.arraycopy(two, 0, in.data(), 0, two.length);
		TiltSeries out = DetectorTurn.onTiltAxis(in, -7, 0.8);
		float[] expected = turned(one, w, h, -7, 0.8);
		for (int a = 0; a < 2; a++)
			for (int i = 0; i < one.length; i++)
				assertEquals(expected[i], out.data()[out.projectionOffset(a) + i], 0f);
	}

	@Test
	void constructor_rejectsBadArguments() {
		assertThrows(IllegalArgumentException.class, () -> new DetectorTurn(0, 4, 1, 0));
		assertThrows(IllegalArgumentException.class, () -> new DetectorTurn(4, 4, Double.NaN, 0));
	}
}
