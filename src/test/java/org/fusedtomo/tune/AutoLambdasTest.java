package org.fusedtomo.tune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.IntStream;

import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.recon.fused.FusedParameters;
import org.fusedtomo.recon.fused.FusedReconstruction;
import org.fusedtomo.simulate.Phantom;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The held-out chemistry split and the cross-validated choice of λ_C and λ_TV on a simulated phantom. */
class AutoLambdasTest {

	static final int SIZE = 32;
	static Phantom phantom;
	static MultiModalSeries series;

	@BeforeAll
	static void simulate() {
		// 9 chemical tilts (the DESIGN §6 protocol) at 5 counts per pixel, fewer HAADF tilts to keep it quick.
		phantom = Phantoms.create(Phantoms.CORE_SHELL, VolumeGeometry.cube(SIZE), 4);
		SimulatedData d = new Simulator(new Parallelism(2)).simulate(phantom,
			SimulationParameters.defaults().withHaadfAnglesDeg(TiltGeometry.range(-70, 70, 5)).withCountsPerPixel(5).withSeed(4));
		series = new MultiModalSeries(d.haadf(), d.chemical());
	}

	@Test
	void kFold_holdsOutEveryChemicalTiltExactlyOnceWithItsAngle() {
		Map<String, TiltSeries> chemical = series.chemical();
		assertEquals(9, chemical.get("Co").angleCount());
		int[] heldCount = new int[9];
		for (HeldOutChemistry fold : HeldOutChemistry.kFold(chemical, 3)) {
			for (String el : series.elements()) {
				TiltSeries full = chemical.get(el), held = fold.heldOut().get(el), kept = fold.training().get(el);
				int[] indices = fold.heldOutIndices(el);
				assertEquals(full.angleCount(), held.angleCount() + kept.angleCount());
				assertArrayEquals(IntStream.of(indices).mapToDouble(full::angleDeg).toArray(), held.anglesDeg());
				for (int k = 0; k < indices.length; k++)
					assertArrayEquals(java.util.Arrays.copyOfRange(full.data(), full.projectionOffset(indices[k]), full.projectionOffset(indices[k] + 1)),
						java.util.Arrays.copyOfRange(held.data(), held.projectionOffset(k), held.projectionOffset(k + 1)), "pixels of tilt " + indices[k]);
				for (double a : kept.anglesDeg())
					assertTrue(IntStream.of(indices).noneMatch(i -> full.angleDeg(i) == a), "tilt at " + a + " deg both kept and held out");
			}
			for (int i : fold.heldOutIndices("Co"))
				heldCount[i]++;
			assertEquals(series.haadf().angleCount(), fold.training(series).haadf().angleCount(), "the HAADF keeps every tilt");
		}
		assertArrayEquals(new int[] { 1, 1, 1, 1, 1, 1, 1, 1, 1 }, heldCount);
		assertArrayEquals(new int[] { 1, 4, 7 }, HeldOutChemistry.fold(chemical, 3, 1).heldOutIndices("Mn"));
		assertArrayEquals(new int[] { 1, 2, 4, 5, 7, 8 }, HeldOutChemistry.keepingEvery(chemical, 3).heldOutIndices("O"));
	}

	@Test
	void badSplitsAreRefused() {
		Map<String, TiltSeries> twoTilts = Map.of("Co", series.chemical("Co").subset(new int[] { 0, 1 }));
		assertThrows(IllegalArgumentException.class, () -> HeldOutChemistry.fold(series.chemical(), 3, 3));
		assertThrows(IllegalArgumentException.class, () -> HeldOutChemistry.keepingEvery(Map.of("Co", series.chemical("Co").subset(new int[] { 0 })), 2));
		assertThrows(IllegalArgumentException.class, () -> HeldOutChemistry.kFold(twoTilts, 3));
		MultiModalSeries tooFew = new MultiModalSeries(series.haadf(), twoTilts);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> AutoLambdas.choose(tooFew, VolumeGeometry.cube(SIZE), FusedParameters.DEFAULT, AutoLambdaSettings.DEFAULT, Monitor.NONE));
		assertTrue(e.getMessage().contains("at least 3 chemical tilts"), e.getMessage());
	}

	@Test
	void choose_picksLambdasInsideTheRangeThatBeatAnOffBase() {
		// The guided defaults with lambda_TV x 0.1 stand for defaults that are off for these data (truth NRMSE
		// 0.51 against 0.21). Both lambdas x 0.1 would not be off: scaling both together only shifts the
		// balance against the HAADF term, and truth NRMSE moves by 0.01 from 0.1x to 4x.
		FusedParameters defaults = FusedParameters.DEFAULT.withThreads(2);
		FusedParameters offBase = AutoLambdas.withLambdas(defaults, AutoLambdas.lambdaChem(defaults), 0.1 * AutoLambdas.lambdaTv(defaults));
		AutoLambdas.Result r = AutoLambdas.choose(series, VolumeGeometry.cube(SIZE), offBase, AutoLambdaSettings.DEFAULT, Monitor.NONE);

		assertEquals(9, r.evaluations().size());
		double[] f = r.best().parameters();
		for (double factor : f)
			assertTrue(factor >= 0.25 - 1e-12 && factor <= 4 + 1e-12, "factor " + factor);
		assertEquals(AutoLambdas.lambdaChem(offBase) * f[0], AutoLambdas.lambdaChem(r.chosen()), 1e-12);
		assertEquals(AutoLambdas.lambdaTv(offBase) * f[1], AutoLambdas.lambdaTv(r.chosen()), 1e-12);
		// Off defaults are left: the choice beats them by more than one standard error across folds.
		assertTrue(!r.keptBase() && r.best().value() < r.baseEvaluation().value(), "kept the off base; scores " + r.evaluations().stream().map(Evaluation::value).toList());

		double chosen = truthNrmse(r.chosen()), base = truthNrmse(offBase);
		assertTrue(chosen < base, "truth NRMSE with the chosen lambdas " + chosen + " vs the base's " + base + "; factors " + f[0] + ", " + f[1]);
	}

	private static double truthNrmse(FusedParameters p) {
		Map<String, Volume> x = FusedReconstruction.run(series, SIZE, p, Monitor.NONE).volumes();
		return series.elements().stream().mapToDouble(el -> Nrmse.of(x.get(el), phantom.density(el))).average().orElseThrow();
	}

	/**
	 * The one-standard-error rule: a point beats the defaults (factors 1, 1) only when its fold-by-fold
	 * differences to them lie below zero by more than their standard error, under both maps of the binned λ_C;
	 * the lowest mean alone is not enough.
	 */
	@Test
	void choice_keepsTheDefaultsUnlessAPointBeatsThemByMoreThanOneStandardErrorAcrossFolds() {
		java.util.List<Evaluation> grid = java.util.List.of(point(0, 1, 1), point(1, 4, 1), point(2, 0.25, 1));
		double[] base = { 0.20, 0.30, 0.25 };
		// Point 1: lower on average (by 0.01) but differences −0.05, +0.03, −0.01: mean −0.01, SD 0.04, SE 0.0231.
		double[] noisy = { 0.15, 0.33, 0.24 };
		// Point 2: higher than the defaults in every fold.
		double[] worse = { 0.21, 0.31, 0.26 };
		assertEquals(0, AutoLambdas.choice(withMeans(grid, base, noisy, worse), java.util.List.of(base, noisy, worse)).index());
		// Point 1 lower in every fold, by 0.010, 0.012, 0.008: mean −0.010, SE 0.0012.
		double[] steady = { 0.19, 0.288, 0.242 };
		assertEquals(1, AutoLambdas.choice(withMeans(grid, base, steady, worse), java.util.List.of(base, steady, worse)).index());
		double[] d = AutoLambdas.paired(noisy, base);
		assertEquals(-0.01, d[0], 1e-12);
		assertEquals(0.04 / Math.sqrt(3), d[1], 1e-12);
		// Steady under one map of the binned lambda_C but noisy under the other: not enough.
		assertEquals(0, AutoLambdas.choice(withMeans(grid, base, steady, worse), java.util.List.of(base, steady, worse), java.util.List.of(base, noisy, worse)).index());
		assertEquals(1, AutoLambdas.choice(withMeans(grid, base, steady, worse), java.util.List.of(base, steady, worse), java.util.List.of(base, steady, worse)).index());
		// Without the defaults on the grid (an even grid size) the lowest mean wins.
		java.util.List<Evaluation> noBase = java.util.List.of(point(0, 0.25, 1), point(1, 4, 1));
		assertEquals(1, AutoLambdas.choice(withMeans(noBase, base, noisy), java.util.List.of(base, noisy)).index());
	}

	private static Evaluation point(int index, double lambdaChemFactor, double lambdaTvFactor) {
		return new Evaluation(index, 0, new double[] { lambdaChemFactor, lambdaTvFactor }, Double.NaN, "grid", 1);
	}

	private static java.util.List<Evaluation> withMeans(java.util.List<Evaluation> grid, double[]... folds) {
		return IntStream.range(0, grid.size()).mapToObj(i -> new Evaluation(i, 0, grid.get(i).parameters(), java.util.Arrays.stream(folds[i]).average().orElseThrow(), "grid", 1))
			.toList();
	}

	/** A choice on the grid's outer factors (0.25 or 4) is flagged per option: the best score may lie beyond; the middle is not. */
	@Test
	void atEdgeNamesTheOptionsWhoseFactorIsTheGridsLowestOrHighest() {
		double[][] factors = { { 1, 1 }, { 4, 1 }, { 1, 0.25 }, { 0.25, 4 } };
		String[][] expected = { {}, { "--lambda-chem" }, { "--lambda-tv" }, { "--lambda-chem", "--lambda-tv" } };
		for (int k = 0; k < factors.length; k++) {
			Evaluation best = new Evaluation(0, 0, factors[k], 0.1, "grid", 1);
			AutoLambdas.Result r = new AutoLambdas.Result(FusedParameters.DEFAULT, FusedParameters.DEFAULT, AutoLambdaSettings.DEFAULT, java.util.List.of(best), best, 1, java.util.List.of(new double[] { 0.1 }), java.util.List.of(new double[] { 0.1 }));
			assertEquals(java.util.List.of(expected[k]), r.atEdge(), java.util.Arrays.toString(factors[k]));
		}
	}

	@Test
	void settingsAreValidated() {
		assertThrows(IllegalArgumentException.class, () -> AutoLambdaSettings.DEFAULT.withFolds(1));
		assertThrows(IllegalArgumentException.class, () -> AutoLambdaSettings.DEFAULT.withGridSize(1));
		assertThrows(IllegalArgumentException.class, () -> AutoLambdaSettings.DEFAULT.withFactors(4, 0.25));
	}
}
