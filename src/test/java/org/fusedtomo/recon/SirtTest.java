package org.fusedtomo.recon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.junit.jupiter.api.Test;

class SirtTest {

	@Test
	void run_reconstructsPhantomFromFullRangeProjections() {
		Volume phantom = TestProblems.phantom();
		Projector p = TestProblems.projector(TestProblems.FULL_RANGE);
		Reconstruction r = new Sirt(p, SirtOptions.DEFAULT).run(p.forward(phantom), null, 100, Monitor.NONE);
		double nrmse = Nrmse.of(r.volume(), phantom);
		System.out.println("SIRT 100 it, full range, NRMSE = " + nrmse);
		assertTrue(nrmse < 0.10, "NRMSE " + nrmse);
	}

	@Test
	void run_residualDecreasesMonotonically() {
		Volume phantom = TestProblems.phantom();
		Projector p = TestProblems.projector(TestProblems.WEDGE);
		TiltSeries b = TestProblems.noisy(p, phantom, 20, 3);
		double[] data = new Sirt(p, SirtOptions.DEFAULT).run(b, null, 30, Monitor.NONE).history().values("data");
		assertEquals(30, data.length);
		for (int k = 1; k < data.length; k++)
			assertTrue(data[k] <= data[k - 1], "residual rose at iteration " + k + ": " + data[k - 1] + " -> " + data[k]);
		assertTrue(data[29] < 0.5 * data[0]);
	}

	@Test
	void run_continuesFromInitialVolume() {
		Volume phantom = TestProblems.phantom();
		Projector p = TestProblems.projector(TestProblems.WEDGE);
		TiltSeries b = p.forward(phantom);
		Sirt sirt = new Sirt(p, new SirtOptions(false, 1));
		Volume ten = sirt.run(b, null, 10, Monitor.NONE).volume();
		Volume fiveAndFive = sirt.run(b, sirt.run(b, null, 5, Monitor.NONE).volume(), 5, Monitor.NONE).volume();
		for (int i = 0; i < ten.data().length; i++)
			assertEquals(ten.data()[i], fiveAndFive.data()[i], 1e-4);
	}

	@Test
	void runWith_onAReusedInstanceEqualsAFreshOne() {
		// NB: runWith keeps its work arrays between calls; a later call must not see the last one's values.
		Volume phantom = TestProblems.phantom();
		Projector p = TestProblems.projector(TestProblems.WEDGE);
		TiltSeries b = TestProblems.noisy(p, phantom, 20, 3), c = TestProblems.noisy(p, phantom, 5, 8);
		Sirt reused = new Sirt(p, SirtOptions.DEFAULT);
		org.fusedtomo.parallel.Parallelism par = new org.fusedtomo.parallel.Parallelism(2);
		Volume start = reused.run(b, null, 2, Monitor.NONE).volume();
		reused.runWith(b, start, p.forward(start), reused.weights(), 3, par, Monitor.NONE);
		Volume zero = Volume.zeros(p.volumeGeometry());
		Volume actual = reused.runWith(c, zero, p.forward(zero), reused.weights(), 4, par, Monitor.NONE);
		Sirt fresh = new Sirt(p, SirtOptions.DEFAULT);
		Volume expected = fresh.runWith(c, zero, p.forward(zero), fresh.weights(), 4, par, Monitor.NONE);
		assertArrayEquals(expected.data(), actual.data());
	}

	@Test
	void runWith_rejectsAnInitialProjectionOfAnotherSize() {
		Projector p = TestProblems.projector(TestProblems.WEDGE);
		TiltSeries b = TestProblems.noisy(p, TestProblems.phantom(), 20, 3);
		Sirt sirt = new Sirt(p, SirtOptions.DEFAULT);
		Volume zero = Volume.zeros(p.volumeGeometry());
		TiltSeries wrong = TiltSeries.zeros(new org.fusedtomo.geometry.TiltGeometry(b.geometry().width(), b.geometry().height(), new double[] { 0 }));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> sirt.runWith(b, zero, wrong, sirt.weights(), 2, org.fusedtomo.parallel.Parallelism.SERIAL, Monitor.NONE));
		assertTrue(e.getMessage().contains("Initial projection"), e.getMessage());
	}

	@Test
	void runWith_equalsRunFromTheSameStart() {
		Volume phantom = TestProblems.phantom();
		Projector p = TestProblems.projector(TestProblems.WEDGE);
		TiltSeries b = TestProblems.noisy(p, phantom, 20, 3);
		Sirt sirt = new Sirt(p, SirtOptions.DEFAULT);
		Volume start = sirt.run(b, null, 2, Monitor.NONE).volume();
		Volume expected = sirt.run(b, start, 5, Monitor.NONE).volume();
		Volume actual = sirt.runWith(b, start, p.forward(start), sirt.weights(), 5, new org.fusedtomo.parallel.Parallelism(2), Monitor.NONE);
		for (int i = 0; i < expected.data().length; i++)
			assertEquals(expected.data()[i], actual.data()[i], 0f, "voxel " + i);
	}

	@Test
	void addScaledProduct_equalsTheUpdateThenTheClip() {
		SplittableRandom random = new SplittableRandom(4);
		int n = 101;
		float[] x = new float[n], c = new float[n], u = new float[n];
		for (int i = 0; i < n; i++) {
			x[i] = (float) random.nextDouble(-1, 2);
			c[i] = (float) random.nextDouble(0, 0.1);
			u[i] = (float) random.nextDouble(-30, 30);
		}
		u[3] = Float.NaN;
		u[4] = Float.POSITIVE_INFINITY;
		u[5] = Float.NEGATIVE_INFINITY;
		x[6] = Float.NaN;
		for (boolean nonNegative : new boolean[] { false, true }) {
			float[] expected = x.clone(), actual = x.clone();
			for (int i = 7; i < 90; i++)
				expected[i] += 0.9f * c[i] * u[i];
			if (nonNegative)
				for (int i = 7; i < 90; i++)
					if (!(expected[i] >= 0))
						expected[i] = 0;
			Sirt.addScaledProduct(actual, 0.9f, c, u, nonNegative, 7, 90);
			for (int i = 0; i < n; i++)
				assertEquals(expected[i], actual[i], 0f, "voxel " + i);
		}
	}

	@Test
	void run_withNonNegativityHasNoNegativeVoxels() {
		Volume phantom = TestProblems.phantom();
		Projector p = TestProblems.projector(TestProblems.WEDGE);
		Volume x = new Sirt(p, SirtOptions.DEFAULT).run(TestProblems.noisy(p, phantom, 5, 9), null, 10, Monitor.NONE).volume();
		for (float v : x.data())
			assertTrue(v >= 0);
	}

	@Test
	void run_throwsWhenCancelled() {
		Projector p = TestProblems.projector(TestProblems.WEDGE);
		TestProblems.CancelAfter monitor = new TestProblems.CancelAfter(2);
		Sirt sirt = new Sirt(p, SirtOptions.DEFAULT);
		TiltSeries b = p.forward(TestProblems.phantom());
		assertThrows(CancellationException.class, () -> sirt.run(b, null, 10, monitor));
		assertEquals(2, monitor.progressCalls);
	}

	@Test
	void constructor_rejectsBadRelaxation() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SirtOptions(true, 2.5));
		assertTrue(e.getMessage().contains("relaxation") && e.getMessage().contains("2.5"), e.getMessage());
	}
}
