package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.Sirt;
import org.fusedtomo.recon.SirtOptions;
import org.junit.jupiter.api.Test;

/**
 * The whole alignment chain on a known misalignment: shifts of RMS 5 px (up to 15), the tilt axis
 * turned by 2° and offset by 3 px, HAADF-level Poisson noise over a constant background.
 */
class AlignmentPipelineTest {

	@Test
	void projectionMatching_afterCoarseAndAxis_recoversTheTruth() {
		AlignmentScenario s = new AlignmentScenario(5, 2, 3, 11);
		Parallelism par = Parallelism.available();
		// NB: negatives kept for alignment; clipped noise would bias the centre of mass.
		BackgroundOptions unclipped = new BackgroundOptions(BackgroundOptions.Method.POLYNOMIAL, 4, 5, 1, 2.5, 20, false);
		TiltSeries clean = new BackgroundSubtraction(unclipped).run(s.raw, Monitor.NONE).series();

		Alignment coarse = new CentreOfMassAlignment(true, true).run(clean, Monitor.NONE);
		double coarseRms = rms2(AlignmentScenario.residualRms(coarse, s.truth));

		// The centre of mass fixed the offset; the rotation is still to find.
		double rotation = new TiltAxisFinder(TiltAxisOptions.DEFAULT, par).findRotation(clean, 0, Monitor.NONE);
		Alignment axis = coarse.withAxis(rotation, coarse.axisOffsetPx(), "tilt-axis rotation");
		ProjectionMatching.Result pm = new ProjectionMatching(ProjectionMatchingOptions.DEFAULT, par).run(clean, axis, Monitor.NONE);
		Alignment fine = pm.alignment().centred();
		double fineRms = rms2(AlignmentScenario.residualRms(fine, s.truth));

		VolumeGeometry vg = VolumeGeometry.cube(AlignmentScenario.N);
		Sirt sirt = new Sirt(Projectors.create(vg, clean.geometry(), par), SirtOptions.DEFAULT);
		double nrmseAligned = Nrmse.of(sirt.run(fine.apply(clean), null, 20, Monitor.NONE).volume(), s.phantom);
		double nrmsePerfect = Nrmse.of(sirt.run(s.truth.apply(clean), null, 20, Monitor.NONE).volume(), s.phantom);

		System.out.printf("alignment: coarse (CoM) residual %.3f px; axis %.3f deg, offset %.3f px; projection matching residual %.3f px after %d rounds; "
			+ "NRMSE %.4f aligned vs %.4f perfect%n", coarseRms, fine.axisRotationDeg(), fine.axisOffsetPx(), fineRms, pm.history().values("residual").length,
			nrmseAligned, nrmsePerfect);
		assertTrue(coarseRms <= 1, "coarse residual " + coarseRms);
		assertEquals(2, fine.axisRotationDeg(), 0.3, "axis rotation");
		assertEquals(3, fine.axisOffsetPx(), 0.5, "axis offset");
		assertTrue(fineRms <= 0.25, "projection-matching residual " + fineRms);
		assertTrue(nrmseAligned <= 1.1 * nrmsePerfect, "NRMSE " + nrmseAligned + " vs " + nrmsePerfect + " with perfect alignment");
		assertTrue(pm.history().values("rmsUpdatePx").length > 0);
	}

	@Test
	void projectionMatching_throwsWhenCancelled() {
		AlignmentScenario s = new AlignmentScenario(0, 0, 0, 3);
		assertThrows(CancellationException.class,
			() -> new ProjectionMatching(ProjectionMatchingOptions.DEFAULT, Parallelism.SERIAL).run(s.raw, Alignment.identity(s.angles), Cancelled.MONITOR));
	}

	static double rms2(double[] perAxis) {
		return Math.hypot(perAxis[0], perAxis[1]);
	}
}
