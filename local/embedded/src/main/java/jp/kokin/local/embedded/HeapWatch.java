package jp.kokin.local.embedded;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * For the benchmarks ({@code bench/}): the largest heap in use just after a garbage collection since the
 * last reset, i.e. the live set, not garbage. Collections are sampled, so a short peak between two of them
 * is missed; a benchmark that must show a heap suffices also runs with that {@code -Xmx}.
 */
public final class HeapWatch {
    private final AtomicLong peak = new AtomicLong();

    public static HeapWatch install() {
        HeapWatch watch = new HeapWatch();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
                watch.peak.accumulateAndGet(used, Math::max);
            }, null, null);
        }
        return watch;
    }

    public void reset() {
        System.gc();
        peak.set(0);
    }

    public long peakMiB() {
        System.gc();
        return peak.get() >> 20;
    }
}
