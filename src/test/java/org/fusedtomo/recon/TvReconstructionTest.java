package org.fusedtomo.recon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TvReconstructionTest {

	/** Mean counts per unit ray sum of the phantom. */
	private static final double DOSE = 20;
	/** Best of 10, 20, 40, 60, 120 on this problem; λ scales with the dose. */
	private static final double LAMBDA = 50;
	private static final int ITERATIONS = 50;

	private static Volume phantom;
	private static Projector projector;
	private static TiltSeries noisy;
	private static Reconstruction tv;

	@BeforeAll
	static void reconstructWedgeData() {
		phantom = TestProblems.phantom();
		projector = TestProblems.projector(TestProblems.WEDGE);
		noisy = TestProblems.noisy(projector, phantom, DOSE, 17);
		tv = new TvReconstruction(projector, TvOptions.of(LAMBDA), Parallelism.available()).run(noisy, null, ITERATIONS, Monitor.NONE);
	}

	private static double objective(Volume x) {
		return org.fusedtomo.data.FloatArrays.halfSquaredDistance(projector.forward(x).data(), noisy.data()) + LAMBDA * TotalVariation.of(x);
	}

	@Test
	void run_beatsSirtOnNoisyWedgeData() {
		Volume sirt = new Sirt(projector, SirtOptions.DEFAULT).run(noisy, null, 50, Monitor.NONE).volume();
		double eTv = Nrmse.of(tv.volume(), phantom), eSirt = Nrmse.of(sirt, phantom);
		System.out.println("±69° wedge, Poisson dose " + DOSE + ": TV NRMSE = " + eTv + ", SIRT(50) NRMSE = " + eSirt);
		assertTrue(eTv < 0.95 * eSirt, "TV " + eTv + " vs SIRT " + eSirt);
	}

	@Test
	void run_reachesLowerObjectiveThanSirtAndTruth() {
		Volume sirt = new Sirt(projector, SirtOptions.DEFAULT).run(noisy, null, 50, Monitor.NONE).volume();
		Volume truth = phantom.copy();
		for (int i = 0; i < truth.data().length; i++)
			truth.data()[i] *= DOSE;
		double f = objective(tv.volume());
		assertTrue(f < objective(sirt), "TV objective " + f + " vs at SIRT " + objective(sirt));
		assertTrue(f < objective(truth), "TV objective " + f + " vs at the truth " + objective(truth));
	}

	@Test
	void run_recordsDataTvAndTotalPerIteration() {
		CostHistory h = tv.history();
		assertEquals(java.util.List.of("data", "tv", "total"), h.terms());
		double[] data = h.values("data"), tvs = h.values("tv"), total = h.values("total");
		assertEquals(ITERATIONS, total.length);
		for (int k = 0; k < ITERATIONS; k++)
			assertEquals(data[k] + LAMBDA * tvs[k], total[k], 1e-9 * total[k]);
		int last = ITERATIONS - 1;
		assertEquals(objective(tv.volume()), total[last], 1e-4 * total[last]);
		assertTrue(total[last] < 0.5 * total[0]);
	}

	@Test
	void volume_equalsTheVolumeOfRunBitForBit() {
		Volume alone = new TvReconstruction(projector, TvOptions.of(LAMBDA), Parallelism.available()).volume(noisy, null, ITERATIONS, Monitor.NONE);
		assertArrayEquals(tv.volume().data(), alone.data());
	}

	@Test
	void volume_withTheNormGiven_equalsTheVolumeOfRunBitForBit() {
		TvOptions options = TvOptions.of(LAMBDA);
		double normSquared = org.fusedtomo.projector.OperatorNorm.squared(projector, options.powerIterations(), TvReconstruction.powerSeed());
		Volume given = new TvReconstruction(projector, options, Parallelism.available()).volume(noisy, null, ITERATIONS, normSquared, Monitor.NONE);
		assertArrayEquals(tv.volume().data(), given.data());
	}

	@Test
	void run_outputIsNonNegative() {
		for (float f : tv.volume().data())
			assertTrue(f >= 0);
	}

	@Test
	void run_throwsWhenCancelled() {
		TestProblems.CancelAfter monitor = new TestProblems.CancelAfter(2);
		TvReconstruction r = new TvReconstruction(projector, TvOptions.of(LAMBDA), Parallelism.available());
		assertThrows(CancellationException.class, () -> r.run(noisy, null, 10, monitor));
		assertEquals(2, monitor.progressCalls);
	}

	@Test
	void options_rejectNegativeLambda() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TvOptions.of(-0.5));
		assertTrue(e.getMessage().contains("lambda") && e.getMessage().contains("-0.5"), e.getMessage());
	}
}
