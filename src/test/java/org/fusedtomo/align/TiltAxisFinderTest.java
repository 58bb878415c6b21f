package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CancellationException;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.fusedtomo.simulate.Phantoms;
import org.junit.jupiter.api.Test;

class TiltAxisFinderTest {

	@Test
	void run_recoversRotationAndOffset() {
		MisalignedAcquisition s = new MisalignedAcquisition(Phantoms.CORE_SHELL, 0, 2, 3, 7);
		// NB: negatives kept: clipped noise leaves a positive floor whose frame edges bias the common line toward 0°.
		TiltSeries clean = new BackgroundSubtraction(BackgroundOptions.DEFAULT.withClipNegative(false)).run(s.haadf, Monitor.NONE).series();
		Alignment found = new TiltAxisFinder(TiltAxisOptions.DEFAULT, Parallelism.available()).run(clean, Alignment.identity(s.truth.anglesDeg()), Monitor.NONE);
		System.out.printf("tilt axis (core-shell): rotation %.3f deg (true 2), offset %.3f px (true 3)%n", found.axisRotationDeg(), found.axisOffsetPx());
		assertEquals(2, found.axisRotationDeg(), 0.3);
		assertEquals(3, found.axisOffsetPx(), 0.5);
	}

	@Test
	void run_throwsWhenCancelled() {
		MisalignedAcquisition s = new MisalignedAcquisition(Phantoms.CORE_SHELL, 0, 0, 0, 7);
		assertThrows(CancellationException.class,
			() -> new TiltAxisFinder(TiltAxisOptions.DEFAULT, Parallelism.SERIAL).run(s.haadf, Alignment.identity(s.truth.anglesDeg()), Cancelled.MONITOR));
	}
}
