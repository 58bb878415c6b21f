package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
	void findRotation_usesMirrorPairsBeyondTheCommonLineRange() {
		// -90..+90 every 3 deg: -90 and +90 are mirror images about the axis; 10 deg lies outside the default +-5 deg.
		double[] angles = java.util.stream.IntStream.rangeClosed(0, 60).mapToDouble(i -> -90 + 3 * i).toArray();
		MisalignedAcquisition s = new MisalignedAcquisition(Phantoms.CORE_SHELL, angles, 0, 10, 2, 7);
		TiltSeries clean = new BackgroundSubtraction(BackgroundOptions.DEFAULT.withClipNegative(false)).run(s.haadf, Monitor.NONE).series();
		Alignment found = new TiltAxisFinder(TiltAxisOptions.DEFAULT, Parallelism.available()).run(clean, Alignment.identity(angles), Monitor.NONE);
		System.out.printf("tilt axis (mirror pairs): rotation %.3f deg (true 10), offset %.3f px (true 2)%n", found.axisRotationDeg(), found.axisOffsetPx());
		assertEquals(10, found.axisRotationDeg(), 0.3);
		assertEquals(2, found.axisOffsetPx(), 0.5);
		assertEquals("mirror pairs (1 at 180 deg)", TiltAxisFinder.rotationCriterion(angles));
	}

	@Test
	void find_pairsTiltsHalfATurnApart() {
		assertArrayEquals(new int[][] { { 0, 3 }, { 1, 4 } }, MirrorPairs.find(new double[] { -90, -60, 0, 90, 120.3 }));
		assertEquals(0, MirrorPairs.find(new double[] { -70, 0, 70 }).length);
		assertEquals("common line", TiltAxisFinder.rotationCriterion(new double[] { -70, 0, 70 }));
	}

	@Test
	void run_throwsWhenCancelled() {
		MisalignedAcquisition s = new MisalignedAcquisition(Phantoms.CORE_SHELL, 0, 0, 0, 7);
		assertThrows(CancellationException.class,
			() -> new TiltAxisFinder(TiltAxisOptions.DEFAULT, Parallelism.SERIAL).run(s.haadf, Alignment.identity(s.truth.anglesDeg()), Cancelled.MONITOR));
	}
}
