package org.fusedtomo.io;

import java.util.Random;

import net.imglib2.img.array.ArrayImgs;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;

/** Seeded tilt series for the round-trip tests of every format. */
public final class TestSeries {

	private TestSeries() {}

	/**
	 * A (w, h, angles) series of Gaussian values (sd 1000) from {@code seed}, whose first three pixels
	 * are the float edge cases a writer must keep bit-exact: the smallest subnormal, -0 and the largest
	 * float.
	 */
	public static TiltSeries random(int w, int h, double[] angles, Calibration c, long seed) {
		Random r = new Random(seed);
		float[] d = new float[w * h * angles.length];
		for (int i = 0; i < d.length; i++)
			d[i] = (float) (r.nextGaussian() * 1e3);
		d[0] = Float.MIN_VALUE;
		d[1] = -0f;
		d[2] = Float.MAX_VALUE;
		return new TiltSeries(ArrayImgs.floats(d, w, h, angles.length), angles, c);
	}
}
