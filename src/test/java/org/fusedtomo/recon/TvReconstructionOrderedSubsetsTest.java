package org.fusedtomo.recon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link TvReconstruction#withOrderedSubsets}: the HAADF guide's ordered subsets, on the ±69° wedge (47 angles). */
class TvReconstructionOrderedSubsetsTest {

	private static final double DOSE = 20;
	/** Least squares: {@link TvReconstructionTest}'s λ; Poisson-weighted (weights about 1/b): about that over the mean count. */
	private static final TvOptions LEAST_SQUARES = TvOptions.of(50), WEIGHTED = new TvOptions(2, 1, true, 8, 1);
	private static final Parallelism PAR = new Parallelism(2);

	private static Volume phantom;
	private static Projector projector;
	private static TiltSeries noisy;
	/** Angles projected (forward and back together) by the projectors handed out below since the last reset. */
	private static final AtomicLong projected = new AtomicLong();

	@BeforeAll
	static void simulate() {
		phantom = TestProblems.phantom();
		projector = counting(TestProblems.projector(TestProblems.WEDGE));
		noisy = TestProblems.noisy(TestProblems.projector(TestProblems.WEDGE), phantom, DOSE, 17);
	}

	/** The wedge projector of the angles with the given indices, counted. */
	private static final Function<int[], Projector> SUBSET = idx -> counting(TestProblems.projector(projector.tiltGeometry().subset(idx).anglesDeg()));

	private static Projector counting(Projector p) {
		return new Projector() {
			public VolumeGeometry volumeGeometry() {
				return p.volumeGeometry();
			}

			public TiltGeometry tiltGeometry() {
				return p.tiltGeometry();
			}

			public void forward(Volume v, TiltSeries out) {
				projected.addAndGet(p.tiltGeometry().angleCount());
				p.forward(v, out);
			}

			public void back(TiltSeries s, Volume out) {
				projected.addAndGet(p.tiltGeometry().angleCount());
				p.back(s, out);
			}
		};
	}

	private static double relativeDistance(Volume a, Volume b) {
		double num = 0, den = 0;
		for (int i = 0; i < a.data().length; i++) {
			double d = a.data()[i] - b.data()[i];
			num += d * d;
			den += (double) b.data()[i] * b.data()[i];
		}
		return Math.sqrt(num / den);
	}

	private static double objective(TvReconstruction r, Volume x, TiltSeries b) {
		return r.dataTerm(projector.forward(x).data(), b) + r.options().lambda() * TotalVariation.of(x);
	}

	@Test
	void oneSubsetIsThePlainReconstructionBitForBit() {
		for (TvOptions o : new TvOptions[] { LEAST_SQUARES, WEIGHTED }) {
			TvReconstruction plain = new TvReconstruction(projector, o, PAR);
			assertArrayEquals(plain.volume(noisy, null, 12, Monitor.NONE).data(), plain.withOrderedSubsets(1, SUBSET).volume(noisy, null, 12, Monitor.NONE).data());
		}
	}

	/**
	 * Four subsets: 10 sweeps are about 40 plain iterations (the same number of proxes) for a quarter of their
	 * projections, and reach a lower objective than the 10 plain iterations that project as much.
	 */
	@Test
	void fourSubsetsFollowThePlainRunForAQuarterOfTheProjections() {
		for (TvOptions o : new TvOptions[] { LEAST_SQUARES, WEIGHTED }) {
			TvReconstruction plain = new TvReconstruction(projector, o, PAR), subsets = plain.withOrderedSubsets(4, SUBSET);
			double norm = org.fusedtomo.projector.OperatorNorm.squared(projector, o.powerIterations(), TvReconstruction.powerSeed());
			projected.set(0);
			Volume os = subsets.volume(noisy, null, 10, norm, Monitor.NONE);
			long osAngles = projected.getAndSet(0);
			Volume same = plain.volume(noisy, null, 40, norm, Monitor.NONE);
			long plainAngles = projected.getAndSet(0);
			Volume cheap = plain.volume(noisy, null, 10, norm, Monitor.NONE);
			double distance = relativeDistance(os, same), fOs = objective(plain, os, noisy), fSame = objective(plain, same, noisy), fCheap = objective(plain, cheap, noisy);
			System.out.printf("%s: 4 subsets x 10 sweeps vs 40 plain iterations: relative L2 %.4g, objective %.6g vs %.6g (10 plain: %.6g); angles projected %d vs %d%n",
				o.poissonWeighted() ? "weighted" : "least squares", distance, fOs, fSame, fCheap, osAngles, plainAngles);
			assertTrue(distance < 0.01, "relative L2 to 40 plain iterations " + distance);
			assertTrue(fOs < fCheap, "objective " + fOs + " vs " + fCheap + " after 10 plain iterations");
			assertTrue(Math.abs(fOs - fSame) < 0.005 * fSame, "objective " + fOs + " vs " + fSame + " after 40 plain iterations");
			// NB: both with the weighted metric's one forward and one back projection of all angles.
			assertTrue(osAngles < 0.3 * plainAngles, "angles projected " + osAngles + " vs " + plainAngles);
		}
	}

	/**
	 * The public steps an engine runs on slabs: 3 sweeps of {@link TvReconstruction.SubsetSteps} are the run's
	 * volume bit for bit, and a fresh state given another's {@code volumeArrays} and momentum after a sweep and a
	 * half continues it bit for bit (x is only written by a step). Plain FISTA has no subset steps.
	 */
	@Test
	void subsetStepsRestoredFromTheirArraysContinueTheRun() {
		for (TvOptions o : new TvOptions[] { LEAST_SQUARES, WEIGHTED }) {
			TvReconstruction subsets = new TvReconstruction(projector, o, PAR).withOrderedSubsets(4, SUBSET);
			double norm = org.fusedtomo.projector.OperatorNorm.squared(projector, o.powerIterations(), TvReconstruction.powerSeed());
			Volume run = subsets.volume(noisy, null, 3, norm, Monitor.NONE);
			double lipschitz = TvReconstruction.lipschitz(norm);
			TvReconstruction.SubsetSteps whole = subsets.new SubsetSteps(noisy, null, lipschitz);
			for (int k = 0; k < 6; k++)
				whole.step(k % 4);
			TvReconstruction.SubsetSteps restored = subsets.new SubsetSteps(noisy, null, lipschitz);
			float[][] from = whole.volumeArrays(), to = restored.volumeArrays();
			for (int i = 0; i < from.length; i++)
				System.arraycopy(from[i], 0, to[i], 0, from[i].length);
			restored.momentum(whole.momentum());
			for (int k = 6; k < 12; k++) {
				whole.step(k % 4);
				restored.step(k % 4);
			}
			assertArrayEquals(run.data(), whole.x().data(), "3 sweeps of steps vs the run");
			assertArrayEquals(run.data(), restored.x().data(), "restored after 6 steps vs the run");
		}
		TvReconstruction plain = new TvReconstruction(projector, LEAST_SQUARES, PAR);
		assertThrows(IllegalStateException.class, () -> plain.new SubsetSteps(noisy, null, 1));
	}

	/**
	 * A state restored for one step, as an engine's job restores it, given the step factors of the state it continues:
	 * it builds and projects that step's subset alone (forward and back of its 12 of the 47 angles; before, the
	 * state built all 4 subsets and formed the factors, forward and back of all 47 more) and steps as that state,
	 * bit for bit.
	 */
	@Test
	void aRestoredSubsetStepBuildsAndProjectsItsSubsetAlone() {
		java.util.List<int[]> built = new java.util.ArrayList<>();
		TvReconstruction subsets = new TvReconstruction(projector, WEIGHTED, PAR).withOrderedSubsets(4, idx -> {
			built.add(idx);
			return SUBSET.apply(idx);
		});
		double lipschitz = TvReconstruction.lipschitz(org.fusedtomo.projector.OperatorNorm.squared(projector, WEIGHTED.powerIterations(), TvReconstruction.powerSeed()));
		TvReconstruction.SubsetSteps whole = subsets.new SubsetSteps(noisy, null, lipschitz);
		for (int k = 0; k < 5; k++)
			whole.step(k % 4);
		built.clear();
		projected.set(0);
		TvReconstruction.SubsetSteps restored = subsets.new SubsetSteps(noisy, null, lipschitz, whole.stepFactors());
		float[][] from = whole.volumeArrays(), to = restored.volumeArrays();
		for (int i = 0; i < from.length; i++)
			System.arraycopy(from[i], 0, to[i], 0, from[i].length);
		restored.momentum(whole.momentum());
		restored.step(5 % 4);
		int[] one = TvReconstruction.subsetAngles(1, 4, noisy.anglesDeg());
		assertEquals(1, built.size());
		assertArrayEquals(one, built.get(0));
		assertEquals(2L * one.length, projected.get());
		whole.step(5 % 4);
		assertArrayEquals(whole.x().data(), restored.x().data());
		assertThrows(IllegalArgumentException.class, () -> subsets.new SubsetSteps(noisy, null, lipschitz, new float[3]));
	}

	/** Pixels not measured (NaN) are left out of every subset's data term, as of the plain run's. */
	@Test
	void fourSubsetsLeaveOutPixelsNotMeasured() {
		TiltSeries holed = noisy.copy();
		float[] d = holed.data();
		for (int i = 0; i < d.length; i += 7)
			d[i] = Float.NaN;
		TvReconstruction plain = new TvReconstruction(projector, WEIGHTED, PAR);
		Volume os = plain.withOrderedSubsets(4, SUBSET).volume(holed, null, 10, Monitor.NONE), same = plain.volume(holed, null, 40, Monitor.NONE);
		Volume full = plain.withOrderedSubsets(4, SUBSET).volume(noisy, null, 10, Monitor.NONE);
		double distance = relativeDistance(os, same), toFull = relativeDistance(os, full);
		System.out.printf("NaN pixels, 4 subsets x 10 sweeps vs 40 plain iterations: relative L2 %.4g (to the run on all pixels %.4g)%n", distance, toFull);
		assertTrue(distance < 0.01, "relative L2 " + distance);
		assertTrue(distance < toFull, "relative L2 " + distance + " vs " + toFull + " to the run without holes");
	}

	@Test
	void withOrderedSubsets_rejectsCountsWithoutAnAngleEachAndMissingProjectors() {
		TvReconstruction r = new TvReconstruction(projector, LEAST_SQUARES, PAR);
		assertThrows(IllegalArgumentException.class, () -> r.withOrderedSubsets(0, SUBSET));
		assertThrows(IllegalArgumentException.class, () -> r.withOrderedSubsets(48, SUBSET));
		assertThrows(IllegalArgumentException.class, () -> r.withOrderedSubsets(4, null));
	}

	/** Distinct tilts interleave; a tilt's repeated exposures stay in one subset (as their mean would). */
	@Test
	void subsetAngles_keepEachTiltsExposuresTogether() {
		assertArrayEquals(new int[] { 1, 4 }, TvReconstruction.subsetAngles(1, 3, new double[] { -10, 0, 10, 20, 30 }));
		double[] repeated = { -10, -10, 0, 0, 10, 10, 20, 20, 30, 30 };
		assertArrayEquals(new int[] { 0, 1, 6, 7 }, TvReconstruction.subsetAngles(0, 3, repeated));
		assertArrayEquals(new int[] { 2, 3, 8, 9 }, TvReconstruction.subsetAngles(1, 3, repeated));
		assertArrayEquals(new int[] { 4, 5 }, TvReconstruction.subsetAngles(2, 3, repeated));
		// exposures recorded apart (a second pass over the tilts) join their tilt's subset too
		assertArrayEquals(new int[] { 0, 2, 3, 5 }, TvReconstruction.subsetAngles(0, 2, new double[] { -10, 0, 10, -10, 0, 10 }));
	}
}
