package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.concurrent.CancellationException;

import org.fusedtomo.align.AlignmentOptions.Step;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.geometry.VolumeGeometry;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.fusedtomo.projector.Projectors;
import org.fusedtomo.recon.Sirt;
import org.fusedtomo.recon.SirtOptions;
import org.fusedtomo.simulate.Phantoms;
import org.fusedtomo.simulate.Simulator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole alignment chain on a known misalignment of the au-on-support phantom (DESIGN §6 tilts):
 * simulator drift of RMS 5 px (up to 15), the tilt axis turned by 2° and offset by 3 px, HAADF-level
 * Poisson noise over a constant background; the chemical maps carry the same drift at their own angles.
 * Residuals are measured where the data can tell (see {@link MisalignedAcquisition.Comparison}).
 */
class AlignmentPipelineTest {

	static MisalignedAcquisition s;
	static AlignmentPipeline.Result com;
	static MisalignedAcquisition.Comparison fine;

	@BeforeAll
	static void alignFromCentreOfMass() {
		s = new MisalignedAcquisition(Phantoms.AU_ON_SUPPORT, 5, 2, 3, 11);
		com = new AlignmentPipeline(AlignmentOptions.of(EnumSet.of(Step.CENTRE_OF_MASS, Step.TILT_AXIS, Step.PROJECTION_MATCHING)), Parallelism.available())
			.run(s.haadf, Monitor.NONE);
		fine = MisalignedAcquisition.Comparison.of(com.alignment(), s.truth);
	}

	@Test
	void run_fromCentreOfMass_recoversTheTruth() {
		MisalignedAcquisition.Comparison coarse = MisalignedAcquisition.Comparison.of(com.afterStep().get(Step.CENTRE_OF_MASS), s.truth);
		Alignment a = com.alignment();
		TiltSeries clean = new BackgroundSubtraction(BackgroundOptions.DEFAULT).run(s.haadf, Monitor.NONE).series();
		Projector projector = Projectors.create(VolumeGeometry.cube(MisalignedAcquisition.N), clean.geometry(), Parallelism.available());
		Sirt sirt = new Sirt(projector, SirtOptions.DEFAULT);
		var signal = Simulator.haadfSignal(s.phantom, s.noiseless.parameters().gamma());
		double nrmseAligned = Nrmse.of(sirt.run(fine.gauged().apply(clean), null, 20, Monitor.NONE).volume(), signal);
		double nrmsePerfect = Nrmse.of(sirt.run(s.truth.apply(clean), null, 20, Monitor.NONE).volume(), signal);
		System.out.printf("alignment (au-on-support, CoM start): coarse residual %.3f px; axis %.3f deg, offset error %.3f px; projection matching residual %.3f px "
			+ "after %d rounds; NRMSE %.4f aligned vs %.4f perfect%n", coarse.residualRmsPx(), a.axisRotationDeg(), fine.offsetErrorPx(), fine.residualRmsPx(),
			com.history().values("residual").length, nrmseAligned, nrmsePerfect);
		assertTrue(coarse.residualRmsPx() <= 1, "coarse residual " + coarse.residualRmsPx());
		assertEquals(2, a.axisRotationDeg(), 0.3, "axis rotation");
		assertEquals(0, fine.offsetErrorPx(), 0.5, "axis offset error");
		assertTrue(fine.residualRmsPx() <= 0.25, "projection-matching residual " + fine.residualRmsPx());
		assertTrue(nrmseAligned <= 1.1 * nrmsePerfect, "NRMSE " + nrmseAligned + " vs " + nrmsePerfect + " with perfect alignment");
		assertTrue(com.history().values("rmsUpdatePx").length > 0);
	}

	@Test
	void run_fromCrossCorrelation_reachesAQuarterPixel() {
		AlignmentPipeline.Result xc = new AlignmentPipeline(AlignmentOptions.of(EnumSet.of(Step.CROSS_CORRELATION, Step.TILT_AXIS, Step.PROJECTION_MATCHING)),
			Parallelism.available()).run(s.haadf, Monitor.NONE);
		MisalignedAcquisition.Comparison coarse = MisalignedAcquisition.Comparison.of(xc.afterStep().get(Step.CROSS_CORRELATION), s.truth);
		MisalignedAcquisition.Comparison axis = MisalignedAcquisition.Comparison.of(xc.afterStep().get(Step.TILT_AXIS), s.truth);
		MisalignedAcquisition.Comparison f = MisalignedAcquisition.Comparison.of(xc.alignment(), s.truth);
		System.out.printf("alignment (au-on-support, cross-correlation start): coarse residual %.3f px; axis %.3f deg, offset error %.3f px after the axis search, "
			+ "%.3f px after projection matching; projection matching residual %.3f px%n", coarse.residualRmsPx(), xc.alignment().axisRotationDeg(),
			axis.offsetErrorPx(), f.offsetErrorPx(), f.residualRmsPx());
		assertTrue(coarse.residualRmsPx() <= 1, "coarse residual " + coarse.residualRmsPx());
		assertEquals(2, xc.alignment().axisRotationDeg(), 0.3, "axis rotation");
		// NB: no offset target here: after cross-correlation the object sits off the axis and the SIRT offset
		// search is the weaker estimate (measured −0.87 px); with the centre of mass the offset meets 0.5 px.
		assertTrue(f.residualRmsPx() <= 0.25, "projection-matching residual " + f.residualRmsPx());
	}

	@Test
	void apply_haadfAlignmentToChemicalMapsAtOtherAngles() {
		Alignment gauged = fine.gauged();
		CrossCorrelation cc = new CrossCorrelation(MisalignedAcquisition.N, MisalignedAcquisition.N, CrossCorrelationOptions.DEFAULT);
		for (String element : s.phantom.elements()) {
			TiltSeries aligned = gauged.apply(s.chemical.get(element));
			TiltSeries truth = Projectors.create(s.phantom.geometry(), aligned.geometry(), Parallelism.available()).forward(s.phantom.density(element));
			double sum = 0;
			for (int a = 0; a < aligned.angleCount(); a++) {
				double[] d = cc.shift(truth.data(), truth.projectionOffset(a), aligned.data(), aligned.projectionOffset(a));
				sum += d[0] * d[0] + d[1] * d[1];
			}
			double measured = Math.sqrt(sum / aligned.angleCount()), interpolated = s.chemicalShiftRms(gauged, element);
			System.out.printf("chemical %s at %d tilts: interpolated shift error %.3f px RMS; aligned maps vs reprojected truth %.3f px RMS%n", element,
				aligned.angleCount(), interpolated, measured);
			assertTrue(interpolated < 0.5, element + " interpolated shift error " + interpolated);
			assertTrue(measured < 0.5, element + " aligned map vs truth " + measured);
		}
	}

	@Test
	void run_throwsWhenCancelled() {
		assertThrows(CancellationException.class,
			() -> new AlignmentPipeline(AlignmentOptions.of(EnumSet.allOf(Step.class)), Parallelism.SERIAL).run(s.haadf, Cancelled.MONITOR));
		assertThrows(CancellationException.class,
			() -> new ProjectionMatching(ProjectionMatchingOptions.DEFAULT, Parallelism.SERIAL).run(s.haadf, s.truth, Cancelled.MONITOR));
	}
}
