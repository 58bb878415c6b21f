package org.fusedtomo.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
	void forEach_rethrowsAWorkerFailure() {
		IllegalStateException e = assertThrows(IllegalStateException.class, () -> new Parallelism(3).forEach(10, (w, i) -> {
			if (i == 7)
				throw new IllegalStateException("item 7 failed");
		}));
		assertEquals("item 7 failed", e.getMessage());
	}

	@Test
	void constructor_rejectsZeroThreads() {
		assertThrows(IllegalArgumentException.class, () -> new Parallelism(0));
	}
}
