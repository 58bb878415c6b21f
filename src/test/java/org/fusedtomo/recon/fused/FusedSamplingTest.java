package org.fusedtomo.recon.fused;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.fusedtomo.data.ChemicalSampling;
import org.fusedtomo.data.MultiModalSeries;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.metrics.PoissonGain;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.SampledProjector;
import org.fusedtomo.recon.Mlem;
import org.fusedtomo.recon.MlemOptions;
import org.fusedtomo.simulate.Phantom;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.SimulatedData;
import org.fusedtomo.simulate.SimulationParameters;
import org.fusedtomo.simulate.Simulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chemical maps at their own sampling (issue 17, part 5): maps recorded with pixels 2 or 4 times the HAADF's
 * are simulated at full sampling with the counts of the protocol and binned by summing (the same total
 * counts), then fused as they are on the HAADF grid.
 */
class FusedSamplingTest {

	private static final int SIZE = 64, THREADS = 2;
	private static final VolumeGeometry GRID = VolumeGeometry.cube(SIZE);
	private static SimulatedData data;

	@BeforeAll
	static void simulate() {
		Phantom phantom = Phantoms.create(Phantoms.CORE_SHELL, GRID, 1);
		data = new Simulator(new Parallelism(THREADS)).simulate(phantom, SimulationParameters.defaults());
	}

	/** Every chemical series of {@link #data} binned {@code factor} x {@code factor} by summing, from the HAADF origin. */
	private static MultiModalSeries binned(int factor) {
		return binned(data, factor);
	}

	/** {@link #binned(int)} of {@code data}. */
	private static MultiModalSeries binned(SimulatedData data, int factor) {
		ChemicalSampling s = new ChemicalSampling(factor, 0, 0);
		Map<String, TiltSeries> chemical = new LinkedHashMap<>();
		Map<String, ChemicalSampling> samplings = new LinkedHashMap<>();
		data.chemical().forEach((el, fine) -> {
			chemical.put(el, SampledProjector.bin(fine, s, SIZE / factor, SIZE / factor, fine.calibration()));
			samplings.put(el, s);
		});
		return new MultiModalSeries(data.haadf(), chemical, samplings);
	}

	private static double meanNrmse(Map<String, Volume> volumes) {
		return volumes.entrySet().stream().mapToDouble(e -> Nrmse.of(e.getValue(), data.truth().density(e.getKey()))).average().orElseThrow();
	}

	/**
	 * The default fused method on maps binned 2x and 4x (32 and 16 pixels across, the same counts) keeps the mean
	 * NRMSE within 10 % of that at full sampling (issue 17's check): the HAADF carries the fine detail. Each run has
	 * the product's defaults for its sampling: binned maps converge more slowly, so 4x gets 100 iterations
	 * ({@link FusedParameters#defaultIterations}; at 50 it was 0.167 against 0.093). With session 13's guide
	 * (preconditioned, γ 0.99) full sampling reads 0.0850 and 4x 0.0923, ratio 1.086; under session 9's guide it was
	 * 1.106 and the bound was 12 %.
	 */
	@Test
	void run_binnedChemicalMapsStayWithinTenPercentOfFullSampling() {
		double full = meanNrmse(FusedReconstruction.run(binned(1), GRID, FusedParameters.builder(null).threads(THREADS).build(), Monitor.NONE).volumes());
		for (int factor : new int[] { 2, 4 }) {
			FusedParameters p = FusedParameters.builder(null).coarsestChemicalSampling(factor).threads(THREADS).build();
			assertEquals(FusedParameters.defaultIterations(factor), p.iterations());
			FusedResult r = FusedReconstruction.run(binned(factor), GRID, p, Monitor.NONE);
			r.volumes().values().forEach(v -> assertEquals(GRID, v.geometry()));
			double nrmse = meanNrmse(r.volumes());
			System.out.printf("fused core-shell 64^3 seed 1, 9 chemical tilts at 10 counts: mean NRMSE full %.4f, binned %dx %.4f (ratio %.3f)%n", full, factor, nrmse,
				nrmse / full);
			assertTrue(nrmse <= 1.10 * full, "binned " + factor + "x: mean NRMSE " + nrmse + " against " + full + " at full sampling");
		}
	}

	/**
	 * The iterations follow the count level for binned maps only: full sampling and 10 counts binned 4x (levels
	 * 18–22 per HAADF pixel, under {@link ProximalSolverSettings#ITERATION_COUNT_LEVEL}) keep theirs; 80 counts binned
	 * 4x get 100 × √(level ÷ 30) for the largest level, which for binned counts is the largest bin ÷ 16
	 * ({@link #countLevel_ofMapsBinnedFourTimesIsTheirMaximumAtAnyCounts}); iterations given and the reference solver
	 * are run as given.
	 */
	@Test
	void forSeries_raisesTheIterationsOfBinnedMapsWithTheirCounts() {
		FusedParameters full = FusedParameters.builder(null).threads(THREADS).build(), four = FusedParameters.builder(null).coarsestChemicalSampling(4).threads(THREADS).build();
		assertEquals(full, full.forSeries(binned(1)));
		assertEquals(100, four.forSeries(binned(4)).iterations());
		MultiModalSeries eighty = binned(eightyCounts(), 4);
		double level = 0;
		for (String el : eighty.elements())
			for (float v : eighty.chemical(el).data())
				level = Math.max(level, v / 16.0);
		FusedParameters raised = four.forSeries(eighty);
		assertEquals(Math.round(100 * Math.sqrt(level / 30)), raised.iterations());
		assertTrue(raised.iterations() > 200 && raised.iterations() < 300, "iterations " + raised.iterations());
		assertEquals(raised, raised.forSeries(eighty), "applied once");
		assertEquals(100, FusedParameters.builder(null).iterations(100).build().forSeries(eighty).iterations());
		assertEquals(100, FusedParameters.builder("reference").coarsestChemicalSampling(4).build().forSeries(eighty).iterations());
	}

	/**
	 * At 80 counts, 4x binned maps are far from converged at 100 iterations (1.6–1.9 × full sampling on core-shell
	 * seeds 1 and 2): the default, with iterations raised for the counts, lowers the mean NRMSE by a quarter at least
	 * and ends within 30 % of full sampling at the same counts (1.26 ×; the cost's own minimum is 1.2 ×,
	 * docs/fused-study.md "4× maps: iterations").
	 */
	@Test
	void run_fourTimesBinnedMapsAtEightyCountsGetTheIterationsOfTheirCounts() {
		SimulatedData eighty = eightyCounts();
		double full = meanNrmse(eighty, FusedReconstruction.run(binned(eighty, 1), GRID, FusedParameters.builder(null).threads(THREADS).build(), Monitor.NONE).volumes());
		FusedParameters four = FusedParameters.builder(null).coarsestChemicalSampling(4).threads(THREADS).build();
		FusedResult raised = FusedReconstruction.run(binned(eighty, 4), GRID, four, Monitor.NONE);
		double fixed = meanNrmse(eighty, FusedReconstruction.run(binned(eighty, 4), GRID, four.withIterations(100), Monitor.NONE).volumes()),
			nrmse = meanNrmse(eighty, raised.volumes());
		System.out.printf("fused core-shell 64^3 seed 1 at 80 counts: mean NRMSE full %.4f, 4x %.4f at 100 iterations, %.4f at %d (ratio %.3f)%n", full, fixed, nrmse,
			raised.history().values("total").length, nrmse / full);
		assertTrue(raised.history().values("total").length > 200, "iterations run " + raised.history().values("total").length);
		assertTrue(nrmse < 0.75 * fixed, nrmse + " against " + fixed + " at 100 iterations");
		assertTrue(nrmse < 1.3 * full, nrmse + " against " + full + " at full sampling");
	}

	/** {@link #data}'s phantom at 80 counts per pixel, simulated once for the two tests that use it. */
	private static SimulatedData eightyCounts;

	private static synchronized SimulatedData eightyCounts() {
		if (eightyCounts == null)
			eightyCounts = new Simulator(new Parallelism(THREADS)).simulate(Phantoms.create(Phantoms.CORE_SHELL, GRID, 1),
				SimulationParameters.defaults().withCountsPerPixel(80));
		return eightyCounts;
	}

	private static double meanNrmse(SimulatedData d, Map<String, Volume> volumes) {
		return volumes.entrySet().stream().mapToDouble(e -> Nrmse.of(e.getValue(), d.truth().density(e.getKey()))).average().orElseThrow();
	}

	/**
	 * Counts binned 4x by summing are still counts (gain 1): the count level of the weighting reads them so,
	 * although 2 x 2 blocks of 4 x 4 pixels hold structure that the noise takes for a larger gain. With the empty
	 * background around the particle their faint values read them as counts without the binning too
	 * (PoissonGain.faintCounts, session 19); on the map's central quarter they do not, and only the binning tells:
	 * without it the structure reads as noise (11 counts against 289).
	 */
	@Test
	void countLevel_ofBinnedCountsIsTheirMaximum() {
		TiltSeries coarse = binned(4).chemical("Co");
		assertEquals(max(coarse), PoissonGain.countLevel(coarse, "Co", 16), 1e-3 * max(coarse));
		assertEquals(max(coarse), PoissonGain.countLevel(coarse, "Co"), 1e-3 * max(coarse));
		int w = coarse.width() / 2, h = coarse.height() / 2;
		TiltSeries centre = TiltSeries.zeros(new TiltGeometry(w, h, coarse.anglesDeg()));
		for (int a = 0; a < centre.angleCount(); a++)
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++)
					centre.set(x, y, a, coarse.get(x + w / 2, y + h / 2, a));
		assertEquals(max(centre), PoissonGain.countLevel(centre, "Co", 16), 1e-3 * max(centre));
		assertTrue(PoissonGain.countLevel(centre, "Co") < 0.5 * max(centre), "without the binning the structure reads as noise");
	}

	private static float max(TiltSeries s) {
		float max = 0;
		for (float v : s.data())
			max = Math.max(max, v);
		return max;
	}

	/**
	 * Every 2 x 2 block of bins of 4 x 4 pixels holds structure, the more the more counts: core-shell seed 2's
	 * elements binned 4x at 10, 80 and 10⁴ counts still read as counts. Tested against the noise as full sampling
	 * is, Co at 10 counts read 55 counts as one (a count level of 0.36 per HAADF pixel against 20 for Mn, and the
	 * fused Co spread into the shells: NRMSE 0.52 against 0.12 at full sampling), Co and Mn at 80 counts 446 and 157,
	 * all three at 10⁴ counts thousands (docs/fused-study.md "4× maps, session 14").
	 */
	@Test
	void countLevel_ofMapsBinnedFourTimesIsTheirMaximumAtAnyCounts() {
		for (double counts : new double[] { 10, 80, 1e4 }) {
			SimulatedData seed2 = new Simulator(new Parallelism(THREADS)).simulate(Phantoms.create(Phantoms.CORE_SHELL, GRID, 2),
				SimulationParameters.defaults().withCountsPerPixel(counts));
			seed2.chemical().forEach((el, fine) -> {
				TiltSeries coarse = SampledProjector.bin(fine, new ChemicalSampling(4, 0, 0), SIZE / 4, SIZE / 4, fine.calibration());
				float max = 0;
				for (float v : coarse.data())
					max = Math.max(max, v);
				assertEquals(max, PoissonGain.countLevel(coarse, el, 16), 1e-3 * max, el + " at " + counts + " counts");
			});
		}
	}

	/**
	 * Poisson EM of a map binned 4x, 16 x 16 pixels, from a window at (8, 4), reconstructs on the 64-pixel HAADF
	 * grid: the volume has the HAADF's size and its reprojection, binned and cropped, explains the data.
	 */
	@Test
	void em_ofABinnedCroppedSeriesRunsOnTheHaadfGrid() {
		ChemicalSampling s = new ChemicalSampling(4, 8, 4);
		TiltSeries fine = data.chemical().get("Co");
		TiltSeries coarse = SampledProjector.bin(fine, s, 12, 14, fine.calibration());
		SampledProjector a = (SampledProjector) SampledProjector.create(GRID, coarse.geometry(), s, new Parallelism(THREADS));
		Volume x = new Mlem(a, MlemOptions.DEFAULT, new Parallelism(THREADS)).run(coarse, null, 20, Monitor.NONE).volume();
		assertEquals(GRID, x.geometry());
		double residual = Nrmse.of(a.forward(x).data(), coarse.data());
		double emNrmse = Nrmse.of(x, data.truth().density("Co"));
		System.out.printf("EM 20 iterations of Co binned 4x from (8, 4): reprojection NRMSE %.4f, volume NRMSE %.4f%n", residual, emNrmse);
		assertTrue(residual < 0.5, "reprojection NRMSE " + residual);
		// NB: outside the window nothing is measured, so only the window's columns can hold Co.
		float outside = 0;
		for (int z = 0; z < SIZE; z++)
			for (int y = 0; y < SIZE; y++)
				for (int xx = 0; xx < SIZE; xx++)
					if (y < 4 || y >= 4 + 4 * 14)
						outside = Math.max(outside, x.get(xx, y, z));
		assertEquals(0f, outside, "EM put Co in rows no map pixel sees");
	}
}
