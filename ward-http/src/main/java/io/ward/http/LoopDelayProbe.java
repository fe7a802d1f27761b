package io.ward.http;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures how late an event loop runs a task scheduled for a known time: the worst
 * lateness observed is the worst time the loop was busy (blocked, or running a long task).
 *
 * <p>Thread-safe: the probe task runs on the loop; {@link #worstDelayNanos()} may be read
 * anywhere.
 */
final class LoopDelayProbe {
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final EventLoop loop;
    private final AtomicLong worst = new AtomicLong();
    private volatile ScheduledFuture<?> next;
    private volatile boolean stopped;

    LoopDelayProbe(EventLoop loop) {
        this.loop = loop;
    }

    void start() {
        scheduleFrom(System.nanoTime());
    }

    private void scheduleFrom(long now) {
        if (stopped) {
            return;
        }
        long due = now + PERIOD_NANOS;
        next = loop.schedule(() -> {
            long t = System.nanoTime();
            worst.accumulateAndGet(t - due, Math::max);
            scheduleFrom(t);
        }, PERIOD_NANOS, TimeUnit.NANOSECONDS);
    }

    long worstDelayNanos() {
        return worst.get();
    }

    void reset() {
        worst.set(0);
    }

    void stop() {
        stopped = true;
        ScheduledFuture<?> f = next;
        if (f != null) {
            f.cancel(false);
        }
    }
}
