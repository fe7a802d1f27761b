package io.ward.http;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The longest garbage-collection pause while it listens: a stop-the-world pause delays every
 * event loop, so it is the floor under any "worst loop delay" a load test reports.
 */
final class GcPauses {
    private final AtomicLong longestMillis = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = (n, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            GarbageCollectionNotificationInfo info =
                    GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
            if (!info.getGcAction().contains("concurrent") && !info.getGcName().contains("Concurrent")) {
                longestMillis.accumulateAndGet(info.getGcInfo().getDuration(), Math::max);
            }
        }
    };

    static GcPauses start() {
        GcPauses p = new GcPauses();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter) {
                ((NotificationEmitter) gc).addNotificationListener(p.listener, null, null);
                p.emitters.add((NotificationEmitter) gc);
            }
        }
        return p;
    }

    /** Stops listening; returns the longest pause seen, in milliseconds. */
    long stop() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
        return longestMillis.get();
    }
}
