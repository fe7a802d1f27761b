package io.ward.lua.limits;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * A guard on the heap of the whole JVM: calls back once when the live heap stays above a limit.
 *
 * <p>The JVM cannot tell which objects belong to which Lua state, so this watches the whole
 * heap: everything Ward, Netty and every runtime in the process hold (a few MB at start).
 * "Live" means what is still in use after a full collection: garbage does not count.
 *
 * <p>How: after every garbage collection (JMX notifications), and at least every
 * {@value #POLL_MILLIS} ms, the heap in use is read. Above the limit, it may still be garbage,
 * so a checker thread asks for a full collection ({@code System.gc()}) and measures again:
 * at most every {@value #VERIFY_MILLIS} ms after a collection that left the heap above the
 * limit, and after {@value #IDLE_VERIFY_MILLIS} ms above the limit without any collection
 * that went under it (garbage that young collections clear never forces one); still above, the callback runs, once. A
 * collection always happens before the JVM runs out of heap, so a script that keeps
 * allocating is stopped; its usage may overshoot the limit by what it allocates in between.
 * The JVM's own maximum heap ({@code -Xmx}) still applies: beyond it the JVM raises
 * {@link OutOfMemoryError} first.
 *
 * <p>Thread-safe. {@link #close()} stops the checker thread and the notifications.
 */
public final class MemoryGuard implements AutoCloseable {
    /** The error text; it contains "memory". */
    public static final String MESSAGE = "memory limit exceeded";

    static final long POLL_MILLIS = 50;
    static final long VERIFY_MILLIS = 100;
    static final long IDLE_VERIFY_MILLIS = 1000;
    private static final String GC_NOTIFICATION = "com.sun.management.gc.notification";

    private final long limit;
    private final LongConsumer onExceeded;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onGc;
    private final AtomicBoolean tripped = new AtomicBoolean();
    private final Thread checker;
    /** A collection left the heap above the limit: verify soon. */
    private volatile boolean suspicious;
    /** {@link System#nanoTime()} of the last collection that left the heap under the limit. */
    private volatile long lastQuietGc = System.nanoTime();
    private volatile boolean closed;

    private MemoryGuard(long limit, LongConsumer onExceeded) {
        this.limit = limit;
        this.onExceeded = onExceeded;
        this.checker = new Thread(this::check, "ward-memory-guard");
        checker.setDaemon(true);
    }

    /**
     * Starts guarding.
     *
     * @param limitBytes the live heap allowed, in bytes (&gt; 0)
     * @param onExceeded called once, on the guard's thread, with the live heap measured
     */
    public static MemoryGuard start(long limitBytes, LongConsumer onExceeded) {
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("memory limit must be positive: " + limitBytes);
        }
        MemoryGuard g = new MemoryGuard(limitBytes, onExceeded);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter) {
                NotificationEmitter e = (NotificationEmitter) gc;
                e.addNotificationListener(g.listener, null, null);
                g.emitters.add(e);
            }
        }
        g.checker.start();
        return g;
    }

    public long limit() {
        return limit;
    }

    /** Whether the callback has run. */
    public boolean tripped() {
        return tripped.get();
    }

    private void onGc(Notification n, Object handback) {
        if (!GC_NOTIFICATION.equals(n.getType()) || closed) {
            return;
        }
        if (heapUsed() > limit) {
            suspicious = true;
            LockSupport.unpark(checker);
        } else {
            lastQuietGc = System.nanoTime();
        }
    }

    private long heapUsed() {
        return memory.getHeapMemoryUsage().getUsed();
    }

    private void check() {
        long lastVerify = System.nanoTime() - TimeUnit.SECONDS.toNanos(10);
        while (!closed && !tripped.get()) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS));
            if (closed) {
                return;
            }
            if (heapUsed() <= limit) {
                suspicious = false;
                continue;
            }
            long now = System.nanoTime();
            boolean due = suspicious
                    ? now - lastVerify >= TimeUnit.MILLISECONDS.toNanos(VERIFY_MILLIS)
                    : now - Math.max(lastVerify, lastQuietGc) >= TimeUnit.MILLISECONDS.toNanos(IDLE_VERIFY_MILLIS);
            if (!due) {
                continue;
            }
            suspicious = false;
            System.gc();
            lastVerify = System.nanoTime();
            long live = heapUsed();
            if (live > limit && !closed && tripped.compareAndSet(false, true)) {
                onExceeded.accept(live);
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (Exception ignored) {
                // already gone
            }
        }
        LockSupport.unpark(checker);
    }
}
