package io.fathom.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Peak heap of a phase, two ways: the largest heap in use seen by a sampler every 10 ms (live
 * objects plus garbage not yet collected, so it grows with -Xmx), and the largest heap left in use
 * right after a collection (an upper bound of the live set: after a young collection it still
 * counts old garbage).
 */
final class HeapWatcher implements AutoCloseable {

    private final AtomicLong sampledPeak = new AtomicLong();
    private final AtomicLong afterGcPeak = new AtomicLong();
    private final AtomicLong collections = new AtomicLong();
    private final Thread sampler;
    private final NotificationListener listener;
    private volatile boolean running = true;

    HeapWatcher() {
        listener = (notification, handback) -> {
            if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                return;
            }
            GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
                    (CompositeData) notification.getUserData());
            long used = 0;
            for (MemoryUsage usage : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                used += usage.getUsed();
            }
            collections.incrementAndGet();
            afterGcPeak.accumulateAndGet(used - nonHeapAfterGc(info), Math::max);
        };
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener(listener, null, null);
        }
        sampler = new Thread(() -> {
            while (running) {
                sampledPeak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                        Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** The after-GC map also holds non-heap pools (metaspace, code cache): leave them out. */
    private static long nonHeapAfterGc(GarbageCollectionNotificationInfo info) {
        long nonHeap = 0;
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.NON_HEAP) {
                MemoryUsage usage = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
                if (usage != null) {
                    nonHeap += usage.getUsed();
                }
            }
        }
        return nonHeap;
    }

    /** Starts a new phase: peaks from now on. */
    void reset() {
        sampledPeak.set(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        afterGcPeak.set(0);
        collections.set(0);
    }

    long sampledPeak() {
        return sampledPeak.get();
    }

    long afterGcPeak() {
        return afterGcPeak.get();
    }

    long collections() {
        return collections.get();
    }

    /** Heap in use after a full collection now: the live set. */
    static long liveNow() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            try {
                ((NotificationEmitter) gc).removeNotificationListener(listener);
            } catch (javax.management.ListenerNotFoundException ignored) {
                // not registered on this one
            }
        }
    }
}
