package pipelining;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.ListenerNotFoundException;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The longest pause of this JVM's garbage collector while it is open: every thread of the JVM stops for it, a client's
 * waiting for a reply too. Collectors that mostly run beside the program (ZGC's and Shenandoah's cycles) are left out.
 */
final class GcPauses implements AutoCloseable {

    private final AtomicLong longestMillis = new AtomicLong();
    private final List<Runnable> stopListening = new ArrayList<>();

    GcPauses() {
        NotificationListener listener = (notification, handback) -> {
            if (notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                long millis = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
                        .getGcInfo().getDuration();
                longestMillis.accumulateAndGet(millis, Math::max);
            }
        };
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter && !collector.getName().endsWith("Cycles")) {
                emitter.addNotificationListener(listener, null, null);
                stopListening.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (ListenerNotFoundException gone) {
                        // nothing to remove
                    }
                });
            }
        }
    }

    /** The longest pause so far, in milliseconds. */
    long longestMillis() {
        return longestMillis.get();
    }

    @Override
    public void close() {
        stopListening.forEach(Runnable::run);
    }
}
