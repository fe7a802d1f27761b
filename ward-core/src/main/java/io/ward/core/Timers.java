package io.ward.core;

import io.netty.util.concurrent.ScheduledFuture;

import java.math.BigDecimal;
import java.util.concurrent.TimeUnit;

/**
 * Timer awaitables on the scheduler's loop, using Netty's own scheduled tasks (its clock is
 * the loop's {@code Ticker}, which tests can replace with a mock). A withdrawn timer
 * cancels its scheduled task, so abandoned sleeps leave nothing behind.
 *
 * <p>Stateless; the awaitables it makes are confined to the scheduler's context.
 */
public final class Timers {
    private Timers() {
    }

    /**
     * Sleeps {@code delayNanos} from the moment each await starts, then yields {@code true}.
     * Reusable; always suspends (a zero delay lets other ready tasks run first).
     */
    public static Awaitable<Boolean> sleep(Scheduler scheduler, long delayNanos) {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("delay must be non-negative");
        }
        return new Sleep(scheduler, delayNanos);
    }

    /**
     * Ready at the absolute {@code deadlineNanos} on {@link Scheduler#nanoTime()}'s clock;
     * ready at once when the deadline has passed.
     */
    public static Awaitable<Boolean> until(Scheduler scheduler, long deadlineNanos) {
        return new Deadline(scheduler, deadlineNanos);
    }

    static String formatMillis(long nanos) {
        return BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString();
    }

    private static void schedule(Scheduler scheduler, Waiter<Boolean> w, long delayNanos) {
        ScheduledFuture<?> timer = scheduler.loop().schedule(
                () -> w.tryComplete(Outcome.ofTrue()), delayNanos, TimeUnit.NANOSECONDS);
        w.attachment = timer;
    }

    private static void cancel(Waiter<Boolean> w) {
        Object timer = w.attachment;
        if (timer instanceof ScheduledFuture) {
            w.attachment = null;
            ((ScheduledFuture<?>) timer).cancel(false);
        }
    }

    private static final class Sleep implements Awaitable<Boolean> {
        private final Scheduler scheduler;
        private final long delayNanos;

        Sleep(Scheduler scheduler, long delayNanos) {
            this.scheduler = scheduler;
            this.delayNanos = delayNanos;
        }

        @Override
        public Outcome<Boolean> poll() {
            return null;
        }

        @Override
        public void register(Waiter<Boolean> waiter) {
            schedule(scheduler, waiter, delayNanos);
        }

        @Override
        public void withdraw(Waiter<Boolean> waiter) {
            cancel(waiter);
        }
    }

    private static final class Deadline implements Awaitable<Boolean> {
        private final Scheduler scheduler;
        private final long deadlineNanos;

        Deadline(Scheduler scheduler, long deadlineNanos) {
            this.scheduler = scheduler;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public Outcome<Boolean> poll() {
            return scheduler.nanoTime() - deadlineNanos >= 0 ? Outcome.ofTrue() : null;
        }

        @Override
        public void register(Waiter<Boolean> waiter) {
            schedule(scheduler, waiter, Math.max(0, deadlineNanos - scheduler.nanoTime()));
        }

        @Override
        public void withdraw(Waiter<Boolean> waiter) {
            cancel(waiter);
        }
    }
}
