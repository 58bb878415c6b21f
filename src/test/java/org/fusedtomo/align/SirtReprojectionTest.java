package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projectors;
import org.junit.jupiter.api.Test;

class SirtReprojectionTest {

	/** Two 2 x 1 projections whose model misses the data by hand-chosen amounts. */
	@Test
	void squaredResiduals_andRelativeResidual_followTheDifferences() {
		TiltGeometry g = new TiltGeometry(2, 1, new double[] { -10, 10 });
		TiltSeries data = TiltSeries.zeros(g), model = TiltSeries.zeros(g);
		float[] d = { 3, 4, 1, 0 }, m = { 3, 2, 0, 0 };
		System.arraycopy(d, 0, data.data(), 0, 4);
		System.arraycopy(m, 0, model.data(), 0, 4);
		SirtReprojection r = new SirtReprojection(data, model);
		assertArrayEquals(new double[] { 4, 1 }, r.squaredResiduals(), 0);
		assertEquals(Math.sqrt(5.0 / 26), r.relativeResidual(), 1e-15);
		TiltResiduals t = TiltResiduals.of(r, 1);
		assertArrayEquals(new double[] { 2 / 5.0, 1 }, t.residual(), 1e-15);
		assertTrue(Double.isNaN(t.heldOutDxPx()[0]));
	}

	@Test
	void of_reconstructsAndReprojectsConsistentData() {
		TiltSeries data = boxSeries();
		TiltGeometry tg = data.geometry();
		SirtReprojection few = SirtReprojection.of(data, 2, Parallelism.SERIAL, Monitor.NONE), many = SirtReprojection.of(data, 40, Parallelism.SERIAL, Monitor.NONE);
		assertTrue(many.relativeResidual() < few.relativeResidual() && many.relativeResidual() < 0.05, few.relativeResidual() + " then " + many.relativeResidual());
		// the held-out form at the series' own angles is the same model
		assertArrayEquals(many.model().data(), SirtReprojection.model(data, tg, 40, Parallelism.SERIAL).data());
	}

	/** The hand-chosen case with one pixel per projection not measured (NaN): it drops out of every sum. */
	@Test
	void residuals_leaveOutPixelsNotMeasured() {
		TiltGeometry g = new TiltGeometry(3, 1, new double[] { -10, 10 });
		TiltSeries data = TiltSeries.zeros(g), model = TiltSeries.zeros(g);
		float[] d = { 3, 4, Float.NaN, Float.NaN, 1, 0 }, m = { 3, 2, 7, 5, 0, 0 };
		System.arraycopy(d, 0, data.data(), 0, 6);
		System.arraycopy(m, 0, model.data(), 0, 6);
		SirtReprojection r = new SirtReprojection(data, model);
		assertArrayEquals(new double[] { 4, 1 }, r.squaredResiduals(), 0);
		assertEquals(Math.sqrt(5.0 / 26), r.relativeResidual(), 1e-15);
		assertArrayEquals(new double[] { 2 / 5.0, 1 }, TiltResiduals.of(r, 1).residual(), 1e-15);
	}

	/** A border not measured (NaN, as an alignment shifts in) neither enters the fit nor the residual: consistent data still fit. */
	@Test
	void of_fitsTheMeasuredPixelsOnly() {
		TiltSeries data = boxSeries(), zeroed = data.copy();
		TiltGeometry tg = data.geometry();
		for (int p = 0; p < tg.angleCount(); p++)
			for (int y = 0; y < 3; y++) {
				int i = data.projectionOffset(p) + y * 12 + (p % 2 == 0 ? 4 : 6); // a column through the object
				data.data()[i] = Float.NaN;
				zeroed.data()[i] = 0;
			}
		double missing = SirtReprojection.of(data, 40, Parallelism.SERIAL, Monitor.NONE).relativeResidual();
		double zeros = SirtReprojection.of(zeroed, 40, Parallelism.SERIAL, Monitor.NONE).relativeResidual();
		assertTrue(missing < 0.05, "residual over the measured pixels " + missing);
		assertTrue(zeros > 2 * missing, "zeros read as data must fit worse: " + zeros + " against " + missing);
	}

	/** Consistent projections of a box (6 x 3 x 4 voxels in a 12 x 3 x 12 volume) at 9 tilts over ±60 deg. */
	private static TiltSeries boxSeries() {
		VolumeGeometry vg = new VolumeGeometry(12, 3, 12);
		TiltGeometry tg = new TiltGeometry(12, 3, TiltGeometry.range(-60, 60, 15));
		var truth = new org.fusedtomo.data.Volume(vg, org.fusedtomo.data.Calibration.PIXEL);
		for (int z = 4; z < 8; z++)
			for (int y = 0; y < 3; y++)
				for (int x = 3; x < 9; x++)
					truth.set(x, y, z, 1);
		return Projectors.create(vg, tg, Parallelism.SERIAL).forward(truth);
	}

	@Test
	void constructor_refusesAModelOfAnotherGeometry() {
		TiltSeries a = TiltSeries.zeros(new TiltGeometry(4, 4, new double[] { 0, 10 })), b = TiltSeries.zeros(new TiltGeometry(4, 4, new double[] { 0, 20 }));
		assertThrows(IllegalArgumentException.class, () -> new SirtReprojection(a, b));
	}
}
