package org.fusedtomo.parallel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How many threads core work may use, and the one way it splits independent items (y slices) over
 * them. Threads take items one at a time from a shared counter, so uneven items balance. The caller's
 * thread is worker 0; helpers come from a process-wide pool of daemon threads that outlive the call, so
 * a call on a small volume costs a wake-up rather than thread starts.
 * <p>
 * Nesting is safe: a call made from inside a helper runs inline on that helper, and the caller drains
 * items itself and waits only for items that helpers have already taken, so no call waits on a queue.
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

	/**
	 * Runs {@code body} for every item in {@code [0, count)} and returns when all are done. The first
	 * exception thrown by an item stops the others from starting and is rethrown here.
	 */
	public void forEach(int count, ItemBody body) {
		int n = Math.min(threads, count);
		if (n <= 1 || HelperPool.isHelper()) {
			for (int i = 0; i < count; i++)
				body.run(0, i);
			return;
		}
		Job job = new Job(count, n, body);
		HelperPool.SHARED.offer(job, n - 1);
		job.drain(0);
		job.closeAndAwait();
		Throwable f = job.failure.get();
		if (f instanceof RuntimeException r)
			throw r;
		if (f instanceof Error e)
			throw e;
		if (f != null)
			throw new IllegalStateException(f);
	}

	/** One forEach call: its items, the helpers that joined it, and the first failure. */
	static final class Job {

		private final int count, workers;
		private final ItemBody body;
		private final AtomicInteger next = new AtomicInteger();
		final AtomicReference<Throwable> failure = new AtomicReference<>();
		private int joined, active;
		private boolean closed;

		Job(int count, int workers, ItemBody body) {
			this.count = count;
			this.workers = workers;
			this.body = body;
		}

		/** Runs on a helper: joins unless the caller has finished or every worker slot is taken. */
		void help() {
			int worker;
			synchronized (this) {
				if (closed || joined + 1 >= workers)
					return;
				worker = ++joined;
				active++;
			}
			try {
				drain(worker);
			}
			finally {
				synchronized (this) {
					if (--active == 0)
						notifyAll();
				}
			}
		}

		void drain(int worker) {
			try {
				for (int i = next.getAndIncrement(); i < count && failure.get() == null; i = next.getAndIncrement())
					body.run(worker, i);
			}
			catch (Throwable t) {
				failure.compareAndSet(null, t);
			}
		}

		/** Lets no more helpers join, then waits for those that did. */
		synchronized void closeAndAwait() {
			closed = true;
			boolean interrupted = false;
			while (active > 0) {
				try {
					wait();
				}
				catch (InterruptedException e) {
					// NB: helpers are running items on our data; we must not return before they finish.
					interrupted = true;
				}
			}
			if (interrupted)
				Thread.currentThread().interrupt();
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

	/** A sum over the index range {@code [from, to)} of an array. */
	@FunctionalInterface
	public interface RangeSum {
		double over(int from, int to);
	}

	/**
	 * The sum over {@code [0, length)} on the threads: double sums per chunk of {@link #CHUNK} indices, added
	 * in chunk order, so the value is the same on any number of threads (a one-chunk range sums as a serial loop).
	 */
	public double sum(int length, RangeSum sum) {
		int chunks = (length + CHUNK - 1) / CHUNK;
		if (chunks <= 1)
			return sum.over(0, length);
		double[] sums = new double[chunks];
		forEach(chunks, (w, c) -> sums[c] = sum.over(c * CHUNK, Math.min(length, (c + 1) * CHUNK)));
		double total = 0;
		for (double v : sums)
			total += v;
		return total;
	}
}
