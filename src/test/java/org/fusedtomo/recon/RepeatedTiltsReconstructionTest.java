package org.fusedtomo.recon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.TiltGeometry;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.JosephProjector;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.simulate.Poisson;
import org.junit.jupiter.api.Test;

/**
 * Series recorded with several exposures per tilt reconstruct to what the per-tilt average gives: SIRT
 * and EM use every exposure (with k exposures at every tilt their updates equal those with the mean
 * projection, so the results agree to float rounding; with k varying between tilts a tilt counts k
 * times, as its dose does, and the results agree within noise), and WBP weights by angular density (a
 * duplicated projection takes half its tilt's weight).
 */
class RepeatedTiltsReconstructionTest {

	/** Exposures per tilt, cycling along the tilts: some tilts once, some twice, some three times. */
	private static final int[] MIXED = { 3, 1, 2 };

	/** Three exposures at every tilt. */
	private static final int[] THREE = { 3 };

	/** {@code TestProblems.WEDGE} with tilt t recorded {@code exposures[t % length]} times, exposures adjacent. */
	private static double[] repeatedAngles(int[] exposures) {
		double[] a = TestProblems.WEDGE;
		int n = 0;
		for (int t = 0; t < a.length; t++)
			n += exposures[t % exposures.length];
		double[] r = new double[n];
		int i = 0;
		for (int t = 0; t < a.length; t++)
			for (int k = 0; k < exposures[t % exposures.length]; k++)
				r[i++] = a[t];
		return r;
	}

	private static Projector projector(double[] angles) {
		return new JosephProjector(TestProblems.VOLUME, new TiltGeometry(TestProblems.VOLUME.width(), TestProblems.VOLUME.height(), angles), Parallelism.available());
	}

	/** Each exposure an independent Poisson draw at {@code dose}, scaled back to the projection's units. */
	private static TiltSeries exposures(Projector p, Volume phantom, double dose, long seed) {
		TiltSeries b = p.forward(phantom);
		new Poisson(seed).apply(b.data(), dose);
		for (int i = 0; i < b.data().length; i++)
			b.data()[i] /= dose;
		return b;
	}

	/** The mean of the exposures of each tilt of {@code repeated} (angles as {@link #repeatedAngles}). */
	private static TiltSeries perTiltMean(TiltSeries repeated, int[] exposures) {
		double[] a = TestProblems.WEDGE;
		TiltSeries mean = TiltSeries.zeros(new TiltGeometry(repeated.width(), repeated.height(), a));
		int plane = repeated.width() * repeated.height(), i = 0;
		for (int t = 0; t < a.length; t++) {
			int k = exposures[t % exposures.length];
			for (int e = 0; e < k; e++, i++)
				for (int q = 0; q < plane; q++)
					mean.data()[t * plane + q] += repeated.data()[i * plane + q] / k;
		}
		return mean;
	}

	@Test
	void sirt_ofRepeatedExposuresEqualsSirtOfTheirPerTiltMean() {
		Volume phantom = TestProblems.phantom();
		Projector repeated = projector(repeatedAngles(THREE)), single = projector(TestProblems.WEDGE);
		TiltSeries b = exposures(repeated, phantom, 20, 41);
		Volume all = new Sirt(repeated, SirtOptions.DEFAULT).run(b, null, 20, Monitor.NONE).volume();
		Volume mean = new Sirt(single, SirtOptions.DEFAULT).run(perTiltMean(b, THREE), null, 20, Monitor.NONE).volume();
		// One exposure per tilt (the first): noisier, so using every exposure must do better.
		Volume first = new Sirt(single, SirtOptions.DEFAULT).run(firstExposures(b, THREE), null, 20, Monitor.NONE).volume();
		double same = Nrmse.of(all, mean), eAll = Nrmse.of(all, phantom), eFirst = Nrmse.of(first, phantom);
		System.out.println("SIRT 3 exposures per tilt vs per-tilt mean NRMSE " + same + "; vs phantom: all exposures " + eAll + ", first exposure only " + eFirst);
		assertTrue(same < 1e-4, "SIRT of the exposures differs from SIRT of their mean by NRMSE " + same);
		assertTrue(eAll < eFirst, "all exposures " + eAll + " vs first only " + eFirst);
	}

	@Test
	void em_ofRepeatedExposuresEqualsEmOfTheirPerTiltMean() {
		Volume phantom = TestProblems.phantom();
		Projector repeated = projector(repeatedAngles(THREE)), single = projector(TestProblems.WEDGE);
		TiltSeries b = exposures(repeated, phantom, 20, 43);
		Volume all = new Mlem(repeated, MlemOptions.DEFAULT).run(b, null, 20, Monitor.NONE).volume();
		Volume mean = new Mlem(single, MlemOptions.DEFAULT).run(perTiltMean(b, THREE), null, 20, Monitor.NONE).volume();
		double same = Nrmse.of(all, mean);
		System.out.println("EM 3 exposures per tilt vs per-tilt mean NRMSE " + same + ", vs phantom " + Nrmse.of(all, phantom));
		assertTrue(same < 1e-4, "EM of the exposures differs from EM of their mean by NRMSE " + same);
	}

	@Test
	void tv_ofRepeatedExposuresEqualsTvOfTheirMeanWithLambdaOverK() {
		// ½ Σ_j ‖Ax − b_j‖² = (k/2) ‖Ax − b̄‖² + const: k exposures weigh the data term k times, so TV with λ
		// on the exposures is TV with λ/k on their mean (the step 1/‖A‖² scales alike).
		Volume phantom = TestProblems.phantom();
		Projector repeated = projector(repeatedAngles(THREE)), single = projector(TestProblems.WEDGE);
		TiltSeries b = exposures(repeated, phantom, 20, 59);
		Volume all = new TvReconstruction(repeated, TvOptions.of(0.3), Parallelism.available()).run(b, null, 10, Monitor.NONE).volume();
		Volume mean = new TvReconstruction(single, TvOptions.of(0.1), Parallelism.available()).run(perTiltMean(b, THREE), null, 10, Monitor.NONE).volume();
		double same = Nrmse.of(all, mean);
		System.out.println("TV 3 exposures per tilt (lambda 0.3) vs per-tilt mean (lambda 0.1) NRMSE " + same + ", vs phantom " + Nrmse.of(all, phantom));
		assertTrue(same < 1e-3, "TV of the exposures differs from TV of their mean by NRMSE " + same);
	}

	@Test
	void sirtAndEm_ofUnevenlyRepeatedTiltsAgreeWithThePerTiltMeanWithinNoise() {
		Volume phantom = TestProblems.phantom();
		Projector repeated = projector(repeatedAngles(MIXED)), single = projector(TestProblems.WEDGE);
		TiltSeries b = exposures(repeated, phantom, 20, 47), other = exposures(repeated, phantom, 20, 53);
		// The noise scale: the same method on the per-tilt means of two independent acquisitions.
		Sirt sirtAll = new Sirt(repeated, SirtOptions.DEFAULT), sirtMean = new Sirt(single, SirtOptions.DEFAULT);
		Volume all = sirtAll.run(b, null, 20, Monitor.NONE).volume(), mean = sirtMean.run(perTiltMean(b, MIXED), null, 20, Monitor.NONE).volume();
		double sirtNoise = Nrmse.of(mean, sirtMean.run(perTiltMean(other, MIXED), null, 20, Monitor.NONE).volume());
		Mlem emAll = new Mlem(repeated, MlemOptions.DEFAULT), emMean = new Mlem(single, MlemOptions.DEFAULT);
		Volume allEm = emAll.run(b, null, 20, Monitor.NONE).volume(), meanEm = emMean.run(perTiltMean(b, MIXED), null, 20, Monitor.NONE).volume();
		double emNoise = Nrmse.of(meanEm, emMean.run(perTiltMean(other, MIXED), null, 20, Monitor.NONE).volume());
		double sirt = Nrmse.of(all, mean), em = Nrmse.of(allEm, meanEm);
		System.out.println("1-3 exposures per tilt vs per-tilt mean: SIRT NRMSE " + sirt + " (noise " + sirtNoise + "), EM " + em + " (noise " + emNoise + ")");
		assertTrue(sirt < sirtNoise, "SIRT: exposures vs mean " + sirt + ", two acquisitions " + sirtNoise);
		assertTrue(em < emNoise, "EM: exposures vs mean " + em + ", two acquisitions " + emNoise);
	}

	@Test
	void wbp_ofDuplicatedProjectionsEqualsWbpWithoutDuplicates() {
		Volume phantom = TestProblems.phantom();
		Projector repeated = projector(repeatedAngles(MIXED)), single = projector(TestProblems.WEDGE);
		Volume dup = new Wbp(repeated, WbpFilter.SHEPP_LOGAN, Parallelism.available()).run(repeated.forward(phantom), Monitor.NONE).volume();
		Volume once = new Wbp(single, WbpFilter.SHEPP_LOGAN, Parallelism.available()).run(single.forward(phantom), Monitor.NONE).volume();
		double max = 0, diff = 0;
		for (int i = 0; i < once.data().length; i++) {
			max = Math.max(max, Math.abs(once.data()[i]));
			diff = Math.max(diff, Math.abs(once.data()[i] - dup.data()[i]));
		}
		assertTrue(diff <= 1e-5 * max, "WBP with duplicates differs by " + diff + " (max " + max + ")");
	}

	@Test
	void angleWeights_shareATiltsIntervalAmongItsExposures() {
		double[] w = Wbp.angleWeightsRad(new double[] { 0, 10, 10, 20, 10 });
		double tilt = Math.toRadians(10);
		assertEquals(tilt, w[0], 1e-12);
		assertEquals(tilt / 3, w[1], 1e-12);
		assertEquals(tilt / 3, w[2], 1e-12);
		assertEquals(tilt / 3, w[4], 1e-12);
		assertEquals(tilt, w[3], 1e-12);
		double[] one = Wbp.angleWeightsRad(new double[] { 5, 5 });
		assertEquals(Math.PI / 2, one[0], 1e-12);
		assertEquals(Math.PI / 2, one[1], 1e-12);
	}

	/** The first exposure of each tilt of {@code repeated}. */
	private static TiltSeries firstExposures(TiltSeries repeated, int[] exposures) {
		int[] first = new int[TestProblems.WEDGE.length];
		int i = 0;
		for (int t = 0; t < first.length; t++) {
			first[t] = i;
			i += exposures[t % exposures.length];
		}
		return repeated.subset(first);
	}
}
