package org.fusedtomo.recon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.junit.jupiter.api.Test;

class MlemTest {

	@Test
	void run_decreasesNegativeLogLikelihoodMonotonically() {
		Volume phantom = TestProblems.phantom();
		Projector p = TestProblems.projector(TestProblems.WEDGE);
		TiltSeries b = TestProblems.noisy(p, phantom, 10, 5);
		double[] nll = new Mlem(p, MlemOptions.DEFAULT).run(b, null, 40, Monitor.NONE).history().values("data");
		assertEquals(40, nll.length);
		for (int k = 1; k < nll.length; k++)
			assertTrue(nll[k] <= nll[k - 1] + 1e-7 * Math.abs(nll[k - 1]), "NLL rose at iteration " + k + ": " + nll[k - 1] + " -> " + nll[k]);
		assertTrue(nll[39] < nll[0]);
	}

	@Test
	void run_givesTheSameVolumeAndHistoryOnAnyNumberOfThreads() {
		// NB: more voxels and more projection pixels than one Parallelism chunk, so the loops really split.
		org.fusedtomo.geometry.VolumeGeometry g = new org.fusedtomo.geometry.VolumeGeometry(64, 24, 64);
		Volume phantom = org.fusedtomo.simulate.SheppLogan.create(g);
		Projector p = org.fusedtomo.projector.Projectors.create(g, new org.fusedtomo.geometry.TiltGeometry(64, 24, org.fusedtomo.geometry.TiltGeometry.range(-60, 60, 2.5)),
			org.fusedtomo.parallel.Parallelism.SERIAL);
		TiltSeries b = p.forward(phantom);
		Reconstruction serial = new Mlem(p, MlemOptions.DEFAULT).run(b, null, 6, Monitor.NONE);
		Reconstruction parallel = new Mlem(p, MlemOptions.DEFAULT, new org.fusedtomo.parallel.Parallelism(3)).run(b, null, 6, Monitor.NONE);
		for (int i = 0; i < phantom.data().length; i++)
			assertEquals(serial.volume().data()[i], parallel.volume().data()[i], 0);
		double[] a = serial.history().values("data"), c = parallel.history().values("data");
		for (int k = 0; k < a.length; k++)
			assertEquals(a[k], c[k], 0, "iteration " + k);
	}

	@Test
	void run_convergesTowardsPhantomOnNoiselessData() {
		Volume phantom = TestProblems.phantom();
		Projector p = TestProblems.projector(TestProblems.FULL_RANGE);
		TiltSeries b = p.forward(phantom);
		Mlem mlem = new Mlem(p, MlemOptions.DEFAULT);
		Volume ten = mlem.run(b, null, 10, Monitor.NONE).volume();
		Volume fifty = mlem.run(b, ten, 40, Monitor.NONE).volume();
		double e10 = Nrmse.of(ten, phantom), e50 = Nrmse.of(fifty, phantom);
		System.out.println("MLEM full range NRMSE 10 it = " + e10 + ", 50 it = " + e50);
		assertTrue(e50 < e10, "NRMSE " + e10 + " -> " + e50);
		assertTrue(e50 < 0.10, "NRMSE after 50 iterations " + e50);
	}

	@Test
	void run_fromNullStartsAtFluxMatchedConstant() {
		Volume phantom = TestProblems.phantom();
		Projector p = TestProblems.projector(TestProblems.WEDGE);
		TiltSeries b = p.forward(phantom);
		Volume x = new Mlem(p, MlemOptions.DEFAULT).run(b, null, 1, Monitor.NONE).volume();
		// EM preserves the total counts: Σ A x = Σ b after every update.
		double projected = 0, measured = 0;
		for (float f : p.forward(x).data())
			projected += f;
		for (float f : b.data())
			measured += f;
		assertEquals(measured, projected, 1e-3 * measured);
	}

	@Test
	void run_throwsWhenCancelled() {
		Projector p = TestProblems.projector(TestProblems.WEDGE);
		TestProblems.CancelAfter monitor = new TestProblems.CancelAfter(2);
		Mlem mlem = new Mlem(p, MlemOptions.DEFAULT);
		TiltSeries b = p.forward(TestProblems.phantom());
		assertThrows(CancellationException.class, () -> mlem.run(b, null, 10, monitor));
		assertEquals(2, monitor.progressCalls);
	}

	@Test
	void options_rejectNonPositiveEpsilon() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MlemOptions(0));
		assertTrue(e.getMessage().contains("epsilon"), e.getMessage());
	}
}
