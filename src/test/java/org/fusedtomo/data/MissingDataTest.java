package org.fusedtomo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.geometry.TiltGeometry;
import org.junit.jupiter.api.Test;

/** Missing pixels (NaN) as align writes them: {@link ShiftInterpolation#MISSING} and {@link MissingData}. */
public class MissingDataTest {

	/**
	 * {@code measured} recorded with each projection {@code a} drifted by {@code shifts[a]} whole pixels in x (content that
	 * leaves the frame is lost), then aligned back with {@code fill}: where the drifted frame still held the data the result
	 * is {@code measured} itself; elsewhere the fill.
	 */
	public static TiltSeries driftedAndAligned(TiltSeries measured, int[] shifts, ShiftInterpolation fill) {
		TiltSeries raw = measured.zerosLike(), aligned = measured.zerosLike();
		int w = measured.width(), h = measured.height();
		for (int a = 0; a < measured.angleCount(); a++) {
			int off = measured.projectionOffset(a);
			ShiftInterpolation.DEFAULT.shift(measured.data(), off, raw.data(), off, w, h, -shifts[a], 0);
			fill.shift(raw.data(), off, aligned.data(), off, w, h, shifts[a], 0);
		}
		return aligned;
	}

	/** {@code series} with NaN wherever {@code mask} is NaN. */
	public static TiltSeries missingLike(TiltSeries series, TiltSeries mask) {
		TiltSeries out = series.copy();
		for (int i : MissingData.indices(mask))
			out.data()[i] = Float.NaN;
		return out;
	}

	private static TiltSeries ramp(int w, int h, double[] angles) {
		TiltSeries s = TiltSeries.zeros(new TiltGeometry(w, h, angles));
		for (int i = 0; i < s.data().length; i++)
			s.data()[i] = 1 + i % 7;
		return s;
	}

	@Test
	void missingFill_marksExactlyThePixelsShiftedInFromOutside() {
		TiltSeries s = ramp(10, 3, new double[] { -10, 0, 10 });
		int[] shifts = { 3, 0, -2 };
		TiltSeries aligned = driftedAndAligned(s, shifts, ShiftInterpolation.MISSING);
		for (int a = 0; a < 3; a++)
			for (int y = 0; y < 3; y++)
				for (int x = 0; x < 10; x++) {
					// NB: aligned(x) reads the drifted frame at x + shift; beyond its edge nothing was recorded.
					boolean lost = x + shifts[a] > 9 || x + shifts[a] < 0;
					assertEquals(lost, Float.isNaN(aligned.get(x, y, a)), "x " + x + " tilt " + a);
					if (!lost)
						assertEquals(s.get(x, y, a), aligned.get(x, y, a), 0, "x " + x + " tilt " + a);
				}
		assertFalse(MissingData.any(driftedAndAligned(s, new int[3], ShiftInterpolation.MISSING)), "no shift, nothing missing (the last column is exact)");
		assertEquals(3 * 3 + 2 * 3, MissingData.indices(aligned).length);
	}

	@Test
	void missingFill_fractionalShiftLosesTheColumnItCannotInterpolate() {
		TiltSeries s = ramp(8, 1, new double[] { 0 });
		TiltSeries out = s.zerosLike();
		ShiftInterpolation.MISSING.shift(s.data(), 0, out.data(), 0, 8, 1, 0.5, 0);
		for (int x = 0; x < 7; x++)
			assertEquals((s.data()[x] + s.data()[x + 1]) / 2, out.data()[x], 1e-6);
		assertTrue(Float.isNaN(out.data()[7]));
	}

	@Test
	void filled_zeroesTheMissingPixelsAndReturnsCompleteSeriesAsTheyAre() {
		TiltSeries s = ramp(4, 2, new double[] { 0, 5 });
		assertSame(s, MissingData.filled(s));
		TiltSeries m = s.copy();
		m.data()[3] = Float.NaN;
		m.data()[9] = Float.NaN;
		TiltSeries f = MissingData.filled(m);
		assertEquals(0, f.data()[3]);
		assertEquals(0, f.data()[9]);
		assertEquals(s.data()[4], f.data()[4]);
		assertTrue(Float.isNaN(m.data()[3]), "the input is kept");
		assertEquals(2, MissingData.indices(m).length);
	}
}
