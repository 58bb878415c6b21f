package org.fusedtomo.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * The largest heap in use right after a garbage collection while watched: the live data, which the
 * sum of pool peaks overstates because eden fills with garbage before each collection.
 */
public final class LiveHeap implements AutoCloseable {

	private final AtomicLong peak = new AtomicLong();
	private final List<NotificationEmitter> emitters = new ArrayList<>();
	private final NotificationListener listener = this::onNotification;

	private LiveHeap() {}

	public static LiveHeap watch() {
		LiveHeap h = new LiveHeap();
		for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
			if (gc instanceof NotificationEmitter e) {
				e.addNotificationListener(h.listener, null, null);
				h.emitters.add(e);
			}
		return h;
	}

	/** Bytes; 0 when no collection ran while watched. */
	public long peakBytes() {
		return peak.get();
	}

	private void onNotification(Notification n, Object handback) {
		if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType()))
			return;
		GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
		long used = 0;
		for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values())
			used += u.getUsed();
		peak.accumulateAndGet(used, Math::max);
	}

	@Override
	public void close() {
		for (NotificationEmitter e : emitters)
			try {
				e.removeNotificationListener(listener);
			}
			catch (ListenerNotFoundException ignored) {
				// NB: nothing to remove.
			}
	}
}
