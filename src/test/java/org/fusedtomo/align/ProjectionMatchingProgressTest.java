package org.fusedtomo.align;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import net.imglib2.img.array.ArrayImgs;

import org.fusedtomo.data.Calibration;
import org.fusedtomo.data.TiltSeries;
import org.fusedtomo.parallel.Parallelism;
import org.fusedtomo.progress.Monitor;
import org.junit.jupiter.api.Test;

/**
 * Projection matching that converges before its last round ends its progress at 100 %: on an aligned series the
 * first update is below the tolerance at every level, and `align` showed "Projection matching 70% (17/24)" as the
 * stage's last line before the next stage began.
 */
class ProjectionMatchingProgressTest {

	@Test
	void aRunThatConvergesEarlyEndsAtItsTotal() {
		double[] angles = { -60, -40, -20, 0, 20, 40, 60 };
		int n = 24;
		float[] d = new float[n * n * angles.length];
		for (int a = 0; a < angles.length; a++)
			for (int y = 0; y < n; y++)
				for (int x = 0; x < n; x++)
					d[(a * n + y) * n + x] = (float) Math.exp(-((x - 11.5) * (x - 11.5) + (y - 11.5) * (y - 11.5)) / 20.0);
		TiltSeries series = new TiltSeries(ArrayImgs.floats(d, n, n, angles.length), angles, Calibration.PIXEL);
		List<long[]> events = new ArrayList<>();
		Monitor recorder = new Monitor() {
			@Override
			public void progress(String stage, long done, long total) {
				if (stage.equals("Projection matching"))
					events.add(new long[] { done, total });
			}

			@Override
			public boolean isCancelled() {
				return false;
			}
		};
		new ProjectionMatching(ProjectionMatchingOptions.DEFAULT, Parallelism.SERIAL).run(series, Alignment.identity(angles), recorder);
		long total = events.get(0)[1];
		assertTrue(events.size() < total, "the run converged early: " + events.size() + " rounds of " + total);
		long[] last = events.get(events.size() - 1);
		assertEquals(total, last[0], "last progress " + last[0] + "/" + last[1]);
	}
}
