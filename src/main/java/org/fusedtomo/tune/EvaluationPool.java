package org.fusedtomo.tune;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The threads that run objective evaluations in parallel: one pool per tuning or grid run, closed after it. */
final class EvaluationPool implements AutoCloseable {

	private final ExecutorService executor;

	EvaluationPool(int threads, String name) {
		executor = Executors.newFixedThreadPool(threads, r -> {
			Thread t = new Thread(r, name);
			t.setDaemon(true);
			return t;
		});
	}

	Future<Evaluation> submit(java.util.concurrent.Callable<Evaluation> task) {
		return executor.submit(task);
	}

	/** The evaluation's result; its own unchecked exception (e.g. a cancellation) is rethrown as is. */
	static Evaluation await(Future<Evaluation> f) {
		try {
			return f.get();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new CancellationException("Interrupted while waiting for an evaluation");
		}
		catch (ExecutionException e) {
			if (e.getCause() instanceof RuntimeException r)
				throw r;
			throw new IllegalStateException("An objective evaluation failed: " + e.getCause(), e.getCause());
		}
	}

	@Override
	public void close() {
		executor.shutdownNow();
	}
}
