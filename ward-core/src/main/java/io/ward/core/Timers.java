package io.ward.core;

import io.netty.util.concurrent.ScheduledFuture;

import java.math.BigDecimal;

/**
 * Timer awaitables on the scheduler's loop, using Netty's own scheduled tasks (its clock is
 * the loop's {@code Ticker}, which tests can replace with a mock). A withdrawn timer
 * cancels its scheduled task, so abandoned sleeps leave nothing behind.
 *
 * <p>Why not a {@code HashedWheelTimer}: measured on the 2-core machine with 100,000 timers
 * of 10 ms from one loop, Netty's scheduled tasks cost ~12 ms to insert and ~10 ms to
 * schedule and cancel all (the common case: a timeout that loses), against ~17 ms and
 * ~17-30 ms for a 1 ms wheel, which also needs its own thread and ignores the loop's
 * ticker. The wheel fires a burst sooner (all done after ~35 ms against ~70-130 ms), well
 * inside what sleepers need.
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

    /**
     * Waits for {@code inner} at most {@code timeoutNanos}, counted from registration (the
     * await). A value {@code inner} has ready now wins even with a zero timeout. On expiry
     * the waiter fails with {@link AwaitTimeoutException} and the inner wait is withdrawn
     * without consuming anything.
     */
    public static <T> Awaitable<T> withTimeout(Scheduler scheduler, Awaitable<T> inner, long timeoutNanos) {
        if (timeoutNanos < 0) {
            throw new IllegalArgumentException("timeout must be non-negative");
        }
        return new Timeout<>(scheduler, inner, timeoutNanos);
    }

    static String formatMillis(long nanos) {
        return BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString();
    }

    private static void schedule(Scheduler scheduler, Waiter<Boolean> w, long delayNanos) {
        w.attachment = scheduler.scheduleTimer(() -> w.tryComplete(Outcome.ofTrue()), delayNanos);
    }

    private static void cancel(Scheduler scheduler, Waiter<Boolean> w) {
        Object timer = w.attachment;
        if (timer instanceof ScheduledFuture) {
            w.attachment = null;
            scheduler.cancelTimer((ScheduledFuture<?>) timer);
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
            cancel(scheduler, waiter);
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
            cancel(scheduler, waiter);
        }
    }

    /** An inner awaitable raced against a timer; the registration lives in the waiter's attachment. */
    private static final class Timeout<T> implements Awaitable<T> {
        private final Scheduler scheduler;
        private final Awaitable<T> inner;
        private final long timeoutNanos;

        Timeout(Scheduler scheduler, Awaitable<T> inner, long timeoutNanos) {
            this.scheduler = scheduler;
            this.inner = inner;
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        public Outcome<T> poll() {
            return inner.poll();
        }

        @Override
        public void register(Waiter<T> waiter) {
            Race<T> race = new Race<>(scheduler, waiter);
            waiter.attachment = race;
            inner.register(race);
            if (waiter.isPending()) {
                race.timer = scheduler.scheduleTimer(() -> {
                    if (waiter.tryComplete(Outcome.failure(new AwaitTimeoutException(timeoutNanos)))) {
                        inner.withdraw(race);
                    }
                }, timeoutNanos);
            }
        }

        @Override
        public void withdraw(Waiter<T> waiter) {
            Object a = waiter.attachment;
            if (a instanceof Race) {
                @SuppressWarnings("unchecked")
                Race<T> race = (Race<T>) a;
                waiter.attachment = null;
                inner.withdraw(race);
                race.cancelTimer();
            }
        }
    }

    /** The inner side of a {@link Timeout}: forwards to the outer waiter and stops the timer. */
    private static final class Race<T> extends Waiter<T> {
        private final Scheduler scheduler;
        private final Waiter<T> outer;
        ScheduledFuture<?> timer;

        Race(Scheduler scheduler, Waiter<T> outer) {
            this.scheduler = scheduler;
            this.outer = outer;
        }

        @Override
        public boolean isPending() {
            return outer.isPending();
        }

        @Override
        public boolean tryComplete(Outcome<T> outcome) {
            if (!outer.tryComplete(outcome)) {
                return false;
            }
            cancelTimer();
            return true;
        }

        void cancelTimer() {
            if (timer != null) {
                scheduler.cancelTimer(timer);
                timer = null;
            }
        }
    }
}
