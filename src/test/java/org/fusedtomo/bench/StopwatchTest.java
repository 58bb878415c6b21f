package org.fusedtomo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class StopwatchTest {

	@Test
	void timeFor_runsWarmupsAndRepeatsAtLeast() {
		AtomicInteger calls = new AtomicInteger();
		double[] t = Stopwatch.timeFor(calls::incrementAndGet, 4, 0, 5, 0);
		assertEquals(5, t.length);
		assertEquals(9, calls.get());
	}

	@Test
	void timeFor_keepsTimingUntilTheMinimumTotal() {
		double[] t = Stopwatch.timeFor(() -> sleepMillis(2), 0, 0, 1, 0.03);
		double total = 0;
		for (double s : t)
			total += s;
		assertTrue(total >= 0.03, "timed " + total + " s");
		assertTrue(t.length >= 2, "only " + t.length + " timed runs");
	}

	private static void sleepMillis(long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
