package org.fusedtomo.recon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.fusedtomo.data.MissingData;
import org.fusedtomo.data.MissingDataTest;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.data.Volume;
import org.fusedtomo.geometry.ShiftInterpolation;
import org.fusedtomo.metrics.Nrmse;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.projector.Projector;
import org.junit.jupiter.api.Test;

/**
 * A series drifted by known whole-pixel shifts and aligned back: the pixels the drift pushed out of the frame are
 * NaN (not measured). EM, SIRT and TV then give the reconstruction of the undrifted data's valid part, and are
 * closer to the phantom than with the same pixels read as zeros (the old zero fill).
 */
class MissingDataReconstructionTest {

	/** Up to 12 of 64 columns lost per tilt, on either side (the phantom reaches 4 columns from the edge at 0 deg). */
	private static int[] shifts(int n) {
		int[] s = new int[n];
		for (int a = 0; a < n; a++)
			s[a] = (a * 7) % 25 - 12;
		return s;
	}

	@Test
	void emSirtAndTvLeaveMissingPixelsOutInsteadOfFittingZeros() {
		Volume phantom = TestProblems.phantom();
		Projector p = TestProblems.projector(TestProblems.WEDGE);
		TiltSeries b = TestProblems.noisy(p, phantom, 100, 5);
		int[] shifts = shifts(b.angleCount());
		TiltSeries masked = MissingDataTest.driftedAndAligned(b, shifts, ShiftInterpolation.MISSING);
		TiltSeries zeros = MissingDataTest.driftedAndAligned(b, shifts, ShiftInterpolation.DEFAULT);
		TiltSeries validPart = MissingDataTest.missingLike(b, masked);
		assertTrue(MissingData.indices(masked).length > b.data().length / 30, "the drift must lose data");
		for (ReconstructionMethod<TiltSeries, Reconstruction> m : List.<ReconstructionMethod<TiltSeries, Reconstruction>>of(EmMethod.of(20), SirtMethod.of(30),
			TvMethod.of(2, 30))) {
			Volume withMask = m.reconstruct(masked, TestProblems.VOLUME, Parallelism.SERIAL, Monitor.NONE).volume();
			Volume withZeros = m.reconstruct(zeros, TestProblems.VOLUME, Parallelism.SERIAL, Monitor.NONE).volume();
			Volume reference = m.reconstruct(validPart, TestProblems.VOLUME, Parallelism.SERIAL, Monitor.NONE).volume();
			double maskVsReference = Nrmse.of(withMask, reference), zerosVsReference = Nrmse.of(withZeros, reference);
			double maskVsPhantom = Nrmse.of(withMask, phantom), zerosVsPhantom = Nrmse.of(withZeros, phantom);
			System.out.printf("%s with missing pixels: vs the valid part's %.2e (zero fill %.4f); vs phantom %.4f (zero fill %.4f)%n", m.key(), maskVsReference,
				zerosVsReference, maskVsPhantom, zerosVsPhantom);
			assertTrue(maskVsReference < 1e-5, m.key() + ": " + maskVsReference);
			assertTrue(zerosVsReference > 0.02, m.key() + ": " + zerosVsReference);
			assertTrue(maskVsPhantom < zerosVsPhantom - 0.01, m.key() + ": " + maskVsPhantom + " vs " + zerosVsPhantom);
		}
	}
}
