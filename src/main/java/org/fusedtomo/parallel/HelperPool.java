package org.fusedtomo.parallel;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The daemon threads that help {@link Parallelism#forEach} callers. A thread is started only when no
 * idle one can take a job, and ends after a minute idle, so concurrent callers (parallel tuning
 * evaluations) each get their helpers and an idle process keeps no threads.
 */
final class HelperPool {

	static final HelperPool SHARED = new HelperPool();

	private static final ThreadLocal<Boolean> HELPER = ThreadLocal.withInitial(() -> false);

	private final ThreadPoolExecutor executor;

	private HelperPool() {
		executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
			Thread t = new Thread(() -> {
				HELPER.set(true);
				r.run();
			}, "fusedtomo-worker");
			t.setDaemon(true);
			return t;
		});
	}

	/** Whether the current thread is one of the pool's helpers. */
	static boolean isHelper() {
		return HELPER.get();
	}

	/** Asks {@code helpers} threads to join {@code job}; those that come after it closed leave at once. */
	void offer(Parallelism.Job job, int helpers) {
		for (int i = 0; i < helpers; i++)
			executor.execute(job::help);
	}
}
