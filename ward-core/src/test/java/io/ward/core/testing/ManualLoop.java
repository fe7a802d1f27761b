package io.ward.core.testing;

import io.netty.channel.ManualIoEventLoop;
import io.netty.channel.local.LocalIoHandler;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import io.ward.core.Outcome;
import io.ward.core.Scheduler;
import io.ward.core.Task;
import io.ward.core.fiber.FiberEngine;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A deterministic fixture: a {@link ManualIoEventLoop} owned by the calling (test) thread,
 * driven by hand, with a {@link MockTicker} clock, and a {@link Scheduler} on it.
 *
 * <p>Nothing runs unless the test runs the loop ({@link #runUntilIdle()}) or advances the
 * clock ({@link #advance}). The test thread is the loop thread, so it is in the scheduler's
 * context between loop turns and may call context-only methods ({@code Task.poll}, channel
 * receive side). Create it in the test method itself: its owner is the creating thread.
 * {@link #close()} closes the scheduler and runs the loop so every task unwinds (on the
 * thread engine this gives the fiber threads back to the pool).
 */
public final class ManualLoop implements AutoCloseable {
    public final MockTicker ticker = Ticker.newMockTicker();
    public final Loop loop = new Loop(ticker);
    public final Scheduler scheduler;
    /** What the scheduler reported as failed and never observed. */
    public final List<Throwable> unobserved = new CopyOnWriteArrayList<>();

    public ManualLoop(FiberEngine engine) {
        scheduler = new Scheduler(loop, engine);
        scheduler.onUnobservedFailure(unobserved::add);
    }

    /** The manual loop, with a view of its timer queue. */
    public static final class Loop extends ManualIoEventLoop {
        Loop(Ticker ticker) {
            super(null, Thread.currentThread(), LocalIoHandler.newFactory(), ticker);
        }

        /** Whether any scheduled task (timer) is still queued, due or not. */
        public boolean hasTimers() {
            return nextScheduledTaskDeadlineNanos() != -1;
        }
    }

    /** Runs tasks (and due timers) until nothing is left to run now; returns how many ran. */
    public int runUntilIdle() {
        int total = 0;
        for (int turns = 0; ; turns++) {
            int n = loop.runNow();
            if (n == 0) {
                return total;
            }
            total += n;
            if (turns > 10_000_000) {
                fail("the loop never became idle");
            }
        }
    }

    /** Moves the clock forward and runs whatever became due. */
    public void advance(long amount, TimeUnit unit) {
        ticker.advance(amount, unit);
        runUntilIdle();
    }

    public void advanceMillis(long millis) {
        advance(millis, TimeUnit.MILLISECONDS);
    }

    /** Joins a finished task from the loop thread (this is its one join) and returns its outcome. */
    public <T> Outcome<T> outcome(Task<T> task) {
        Outcome<T> o = task.poll();
        assertNotNull(o, "the task has not finished");
        return o;
    }

    /** Joins a finished task: its value, or its failure rethrown as it is. */
    public <T> T result(Task<T> task) {
        return outcome(task).get();
    }

    /** Joins a finished task that must have failed: its failure. */
    public Throwable failure(Task<?> task) {
        Outcome<?> o = outcome(task);
        assertNotNull(o.failure(), () -> "the task succeeded with " + o.value());
        return o.failure();
    }

    /** Runs the loop until idle and joins {@code task}. */
    public <T> T runAndGet(Task<T> task) {
        runUntilIdle();
        return result(task);
    }

    /** Asserts the task has not finished (without joining it). */
    public void assertPending(Task<?> task) {
        if (task.isDone()) {
            Outcome<?> o = task.poll();
            assertNull(o, "expected the task to be pending, it finished with " + o);
        }
    }

    @Override
    public void close() {
        scheduler.close();
        runUntilIdle();
    }
}
