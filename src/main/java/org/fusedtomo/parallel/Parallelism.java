package org.fusedtomo.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How many threads core work may use, and the one way it splits independent items (y slices) over
 * them. Threads take items one at a time from a shared counter, so uneven items balance. No pool is
 * kept: the caller's thread is worker 0 and the others live for one call, which costs far less than a
 * projection.
 */
public record Parallelism(int threads) {

	/** One thread per available core. */
	public static Parallelism available() {
		return new Parallelism(Runtime.getRuntime().availableProcessors());
	}

	public static final Parallelism SERIAL = new Parallelism(1);

	public Parallelism {
		if (threads < 1)
			throw new IllegalArgumentException("Thread count must be at least 1, got " + threads);
	}

	/** Work on one item; {@code worker} in {@code [0, threads)} indexes per-thread scratch space. */
	@FunctionalInterface
	public interface ItemBody {
		void run(int worker, int item);
	}

	/** Runs {@code body} for every item in {@code [0, count)} and returns when all are done. */
	public void forEach(int count, ItemBody body) {
		int n = Math.min(threads, count);
		if (n <= 1) {
			for (int i = 0; i < count; i++)
				body.run(0, i);
			return;
		}
		AtomicInteger next = new AtomicInteger();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		List<Thread> helpers = new ArrayList<>();
		for (int w = 1; w < n; w++) {
			int worker = w;
			Thread t = new Thread(() -> drain(next, count, worker, body, failure), "fusedtomo-worker-" + w);
			t.setDaemon(true);
			t.start();
			helpers.add(t);
		}
		drain(next, count, 0, body, failure);
		for (Thread t : helpers) {
			try {
				t.join();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for worker threads", e);
			}
		}
		Throwable f = failure.get();
		if (f instanceof RuntimeException r)
			throw r;
		if (f instanceof Error e)
			throw e;
		if (f != null)
			throw new IllegalStateException(f);
	}

	private static void drain(AtomicInteger next, int count, int worker, ItemBody body, AtomicReference<Throwable> failure) {
		try {
			for (int i = next.getAndIncrement(); i < count && failure.get() == null; i = next.getAndIncrement())
				body.run(worker, i);
		}
		catch (Throwable t) {
			failure.compareAndSet(null, t);
		}
	}

	/** Work on the index range {@code [from, to)} of an array. */
	@FunctionalInterface
	public interface RangeBody {
		void run(int from, int to);
	}

	/** Elements per chunk of {@link #forRanges}: large enough that a chunk costs far more than taking it. */
	public static final int CHUNK = 1 << 16;

	/**
	 * Runs {@code body} over {@code [0, length)} split into chunks of {@link #CHUNK} elements, in
	 * parallel. For element-wise loops whose iterations are independent; the result does not depend on
	 * the thread count.
	 */
	public void forRanges(int length, RangeBody body) {
		int chunks = (length + CHUNK - 1) / CHUNK;
		if (threads == 1 || chunks <= 1) {
			body.run(0, length);
			return;
		}
		forEach(chunks, (w, c) -> body.run(c * CHUNK, Math.min(length, (c + 1) * CHUNK)));
	}
}
