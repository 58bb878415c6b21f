package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CancellationException;

import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.junit.jupiter.api.Test;

class TiltAxisFinderTest {

	@Test
	void run_recoversRotationAndOffset() {
		AlignmentScenario s = new AlignmentScenario(0, 2, 3, 7);
		// NB: negatives kept: clipped noise leaves a positive floor whose frame edges bias the common line toward 0°.
		BackgroundOptions unclipped = new BackgroundOptions(BackgroundOptions.Method.POLYNOMIAL, 4, 5, 1, 2.5, 20, false);
		TiltSeries clean = new BackgroundSubtraction(unclipped).run(s.raw, Monitor.NONE).series();
		long t0 = System.nanoTime();
		Alignment found = new TiltAxisFinder(TiltAxisOptions.DEFAULT, Parallelism.available()).run(clean, Alignment.identity(s.angles), Monitor.NONE);
		System.out.printf("tilt axis: rotation %.3f deg (true 2), offset %.3f px (true 3), %.1f s%n", found.axisRotationDeg(), found.axisOffsetPx(), (System.nanoTime() - t0) / 1e9);
		assertEquals(2, found.axisRotationDeg(), 0.3);
		assertEquals(3, found.axisOffsetPx(), 0.5);
	}

	@Test
	void run_throwsWhenCancelled() {
		AlignmentScenario s = new AlignmentScenario(0, 0, 0, 7);
		assertThrows(CancellationException.class,
			() -> new TiltAxisFinder(TiltAxisOptions.DEFAULT, Parallelism.SERIAL).run(s.raw, Alignment.identity(s.angles), Cancelled.MONITOR));
	}
}
