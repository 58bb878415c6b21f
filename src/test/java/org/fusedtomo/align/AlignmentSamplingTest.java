package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.projector.SampledProjector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Alignment#inSampling}: an alignment found on the HAADF moves a coarser, smaller chemical map as it
 * moves the HAADF. Known truth: a smooth blob on the HAADF grid; its centre after aligning the fine image,
 * in the chemical map's pixels, against its centre after aligning the binned map with the scaled alignment.
 */
class AlignmentSamplingTest {

	private static final int W = 96, H = 80;

	private static TiltSeries blob(double cx, double cy) {
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(W, H, new double[] { 0 }));
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++)
				s.set(x, y, 0, (float) Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * 4.0 * 4.0)));
		return s;
	}

	private static double[] centroid(TiltSeries s) {
		double sum = 0, sx = 0, sy = 0;
		for (int y = 0; y < s.height(); y++)
			for (int x = 0; x < s.width(); x++) {
				double v = s.get(x, y, 0);
				sum += v;
				sx += v * x;
				sy += v * y;
			}
		return new double[] { sx / sum, sy / sum };
	}

	@ParameterizedTest
	@CsvSource({ "2, 0, 0, 0, 6.4, -3.2, 0", "3, 6, 3, 0, -4.5, 2.7, 1.5", "2, 10, 6, 7, 3.0, -2.0, 2.0", "4, 8, 4, -12, 5.0, 4.0, -3.0" })
	void inSampling_movesACoarseMapAsTheHaadf(int f, int x0, int y0, double rotationDeg, double dx, double dy, double offset) {
		TiltSeries fine = blob(50.3, 37.6);
		int w = (W - x0) / f - 1, h = (H - y0) / f - 1;
		ChemicalSampling s = new ChemicalSampling(f, x0, y0);
		Alignment a = new Alignment(new double[] { 0 }, new double[] { dx }, new double[] { dy }, rotationDeg, offset, List.of("test"));
		double[] expected = centroid(a.apply(fine));
		expected[0] = (expected[0] - x0 - (f - 1) / 2.0) / f;
		expected[1] = (expected[1] - y0 - (f - 1) / 2.0) / f;
		TiltSeries coarse = SampledProjector.bin(fine, s, w, h, Calibration.PIXEL);
		double[] got = centroid(a.inSampling(s, W, H, w, h).apply(coarse));
		assertEquals(expected[0], got[0], 0.05, "x in chemical pixels");
		assertEquals(expected[1], got[1], 0.05, "y in chemical pixels");
	}

	@Test
	void inSampling_ofTheHaadfGridIsTheAlignmentItself() {
		Alignment a = new Alignment(new double[] { -10, 10 }, new double[] { 1, 2 }, new double[] { 3, 4 }, 2, 1, List.of("test"));
		assertSame(a, a.inSampling(ChemicalSampling.FULL, 32, 32, 32, 32));
	}
}
