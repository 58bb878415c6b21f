package org.fusedtomo.parallel;

import java.lang.ref.SoftReference;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Work arrays an object keeps between its calls: allocating volume-sized scratch per call made most of a
 * fused run's garbage. Kept softly, so the GC may reclaim them under memory pressure; a call takes the kept
 * scratch or, when another call holds it (concurrent use) or it does not fit, allocates its own.
 */
public final class SpareScratch<T> {

	private final AtomicReference<SoftReference<T>> kept = new AtomicReference<>();

	/** The kept scratch if there is some and {@code fits} accepts it, else {@code allocate}'s; the caller owns it until {@link #keep}. */
	public T take(Predicate<? super T> fits, Supplier<? extends T> allocate) {
		SoftReference<T> ref = kept.getAndSet(null);
		T scratch = ref == null ? null : ref.get();
		return scratch != null && fits.test(scratch) ? scratch : allocate.get();
	}

	/** Hands scratch back for the next call, once this call no longer uses it. */
	public void keep(T scratch) {
		kept.set(new SoftReference<>(scratch));
	}
}
