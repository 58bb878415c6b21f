package org.fusedtomo.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

class ParallelismTest {

	@Test
	void forEach_runsEveryItemExactlyOnceWithWorkerIndicesInRange() {
		for (int threads : new int[] { 1, 2, 5 }) {
			AtomicIntegerArray hits = new AtomicIntegerArray(37);
			new Parallelism(threads).forEach(37, (worker, item) -> {
				assertTrue(worker >= 0 && worker < threads);
				hits.incrementAndGet(item);
			});
			for (int i = 0; i < 37; i++)
				assertEquals(1, hits.get(i), "item " + i + " with " + threads + " threads");
		}
	}

	@Test
	void forEach_neverGivesOneWorkerIndexToTwoRunningItems() {
		AtomicIntegerArray busy = new AtomicIntegerArray(4);
		AtomicBoolean clash = new AtomicBoolean();
		for (int call = 0; call < 50; call++)
			new Parallelism(4).forEach(64, (worker, item) -> {
				if (busy.getAndIncrement(worker) != 0)
					clash.set(true);
				Thread.onSpinWait();
				busy.decrementAndGet(worker);
			});
		assertFalse(clash.get());
	}

	@Test
	void forEach_rethrowsAWorkerFailure() {
		IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Parallelism(3).forEach(10, (w, i) -> {
			if (i == 7)
				throw new IllegalStateException("item 7 failed");
		}));
		assertEquals("item 7 failed", e.getMessage());
	}

	@Test
	void forEach_nestedCallsFinishAndRunEveryInnerItem() {
		AtomicIntegerArray hits = new AtomicIntegerArray(8 * 16);
		// NB: a nested call from a helper waiting on the pool would hang; the timeout turns that into a failure.
		assertTimeoutPreemptively(Duration.ofSeconds(30), () -> new Parallelism(3).forEach(8, (outerWorker, outer) -> new Parallelism(3).forEach(16, (innerWorker, inner) -> {
			assertTrue(innerWorker >= 0 && innerWorker < 3);
			hits.incrementAndGet(outer * 16 + inner);
		})));
		for (int i = 0; i < hits.length(); i++)
			assertEquals(1, hits.get(i), "item " + i);
	}

	@Test
	void forEach_rethrowsAFailureOfANestedCall() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Parallelism(2).forEach(4, (w, outer) -> new Parallelism(2).forEach(4, (v, inner) -> {
			if (outer == 2 && inner == 3)
				throw new IllegalArgumentException("inner 3 of outer 2 failed");
		})));
		assertEquals("inner 3 of outer 2 failed", e.getMessage());
	}

	@Test
	void forEach_servesConcurrentCallersFromOtherThreads() throws InterruptedException {
		AtomicIntegerArray hits = new AtomicIntegerArray(4 * 100);
		List<Thread> callers = new ArrayList<>();
		for (int c = 0; c < 4; c++) {
			int caller = c;
			Thread t = new Thread(() -> new Parallelism(2).forEach(100, (w, i) -> hits.incrementAndGet(caller * 100 + i)));
			t.start();
			callers.add(t);
		}
		for (Thread t : callers)
			t.join(30_000);
		for (int i = 0; i < hits.length(); i++)
			assertEquals(1, hits.get(i), "item " + i);
	}

	@Test
	void forRanges_coversTheLengthOnceInChunks() {
		int length = 3 * Parallelism.CHUNK + 5;
		AtomicIntegerArray hits = new AtomicIntegerArray(length);
		new Parallelism(2).forRanges(length, (from, to) -> {
			for (int i = from; i < to; i++)
				hits.incrementAndGet(i);
		});
		for (int i = 0; i < length; i++)
			assertEquals(1, hits.get(i), "element " + i);
	}

	@Test
	void constructor_rejectsZeroThreads() {
		assertThrows(IllegalArgumentException.class, () -> new Parallelism(0));
	}

	@Test
	void sum_addsChunkSumsInOrderOnAnyThreadCount() {
		int n = 3 * Parallelism.CHUNK + 17;
		float[] a = new float[n];
		for (int i = 0; i < n; i++)
			a[i] = (float) Math.sin(i * 0.37) * 1e3f;
		Parallelism.RangeSum body = (from, to) -> {
			double s = 0;
			for (int i = from; i < to; i++)
				s += (double) a[i] * a[i];
			return s;
		};
		double expected = 0;
		for (int c = 0; c * Parallelism.CHUNK < n; c++)
			expected += body.over(c * Parallelism.CHUNK, Math.min(n, (c + 1) * Parallelism.CHUNK));
		assertEquals(expected, Parallelism.SERIAL.sum(n, body), 0);
		assertEquals(expected, new Parallelism(4).sum(n, body), 0);
		assertEquals(body.over(0, 100), new Parallelism(4).sum(100, body), 0, "one chunk: a serial loop");
	}
}
