package io.ward.core;

import io.ward.core.BoundedChannel.TrySend;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.fiber.FiberEngines;
import io.ward.core.testing.Baseline;
import io.ward.core.testing.EngineTest;
import io.ward.core.testing.Engines;
import io.ward.core.testing.ManualLoop;
import io.ward.core.testing.Stress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scale: many fibers parked at once (10,000 on the thread engine, 100,000 on the continuation
 * engine), and 100,000 concurrent timers; all times {@code ward.stress.scale}.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SchedulerScaleStressTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @EngineTest
    void manyTasksParkedAtOnceOnOneChannel(FiberEngine engine) {
        int n = Engines.parkedAtOnce(engine);
        Baseline baseline = Baseline.capture();
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, n);
            List<Task<Object>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                tasks.add(s.spawn(() -> s.await(ch.receiver())));
            }
            m.runUntilIdle();
            assertEquals(n, s.liveTaskCount(), "all parked at once");
            assertEquals(n, ch.blockedReceivers());
            for (int i = 0; i < n; i++) {
                assertEquals(TrySend.SENT, ch.trySend(i));
            }
            m.runUntilIdle();
            assertEquals(0, s.liveTaskCount());
            for (int i = 0; i < n; i++) {
                assertEquals(i, m.result(tasks.get(i)), "receivers served in FIFO order");
            }
            assertEquals(0, ch.size());
            Baseline.assertQuiet(m, ch);
        }
        baseline.assertThreadsRestored();
    }

    @EngineTest
    void manyTasksSleepingAtOnceWakeInDeadlineOrder(FiberEngine engine) {
        int n = Engines.parkedAtOnce(engine);
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            long t0 = s.nanoTime();
            int[] woke = new int[n];
            int[] count = {0};
            for (int i = 0; i < n; i++) {
                int id = i;
                s.spawn(() -> {
                    s.await(Timers.sleep(s, (1 + id % 100) * MS));
                    woke[count[0]++] = (int) ((s.nanoTime() - t0) / MS);
                    return null;
                }).detach();
            }
            m.runUntilIdle();
            assertEquals(n, s.liveTaskCount());
            for (int ms = 1; ms <= 100; ms++) {
                m.advanceMillis(1);
                int expected = 0;
                for (int d = 1; d <= ms; d++) {
                    expected += n / 100 + (d <= n % 100 ? 1 : 0);
                }
                assertEquals(expected, count[0], "woken by " + ms + "ms");
            }
            for (int i = 1; i < n; i++) {
                assertTrue(woke[i - 1] <= woke[i], "wake-up times never go back");
            }
            assertEquals(0, s.liveTaskCount());
            assertFalse(m.loop.hasTimers());
            Baseline.assertQuiet(m);
        }
    }

    /** A waiter that records when it fired. */
    private static final class Recorder extends Waiter<Boolean> {
        final int id;
        final List<Integer> fired;
        boolean pending = true;

        Recorder(int id, List<Integer> fired) {
            this.id = id;
            this.fired = fired;
        }

        @Override
        public boolean isPending() {
            return pending;
        }

        @Override
        public boolean tryComplete(Outcome<Boolean> outcome) {
            if (!pending) {
                return false;
            }
            pending = false;
            fired.add(id);
            return true;
        }
    }

    @Test
    void aHundredThousandConcurrentTimersFireInOrderAndWithdrawnOnesNever() {
        int n = Stress.scaled(100_000);
        try (ManualLoop m = new ManualLoop(FiberEngines.thread())) {
            Scheduler s = m.scheduler;
            List<Integer> fired = new ArrayList<>(n);
            List<Awaitable<Boolean>> timers = new ArrayList<>(n);
            List<Recorder> waiters = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                long delay = (1 + (i * 7919L) % 1000) * MS; // spread over 1..1000 ms, not in id order
                Awaitable<Boolean> timer = Timers.sleep(s, delay);
                Recorder w = new Recorder(i, fired);
                timer.register(w);
                timers.add(timer);
                waiters.add(w);
            }
            for (int i = 0; i < n; i += 2) { // withdraw every other one before it fires
                waiters.get(i).pending = false;
                timers.get(i).withdraw(waiters.get(i));
            }
            m.runUntilIdle();
            int expectedFired = 0;
            for (int ms = 1; ms <= 1000; ms++) {
                m.advanceMillis(1);
                for (int i = 1; i < n; i += 2) {
                    if (1 + (i * 7919L) % 1000 == ms) {
                        expectedFired++;
                    }
                }
                if (ms % 100 == 0) {
                    assertEquals(expectedFired, fired.size(), "fired by " + ms + "ms");
                }
            }
            assertEquals(n / 2, fired.size());
            long previous = 0;
            for (int id : fired) {
                assertEquals(1, id % 2, "a withdrawn timer fired");
                long deadline = 1 + (id * 7919L) % 1000;
                assertTrue(previous <= deadline, "timers fire in deadline order");
                previous = deadline;
            }
            assertFalse(m.loop.hasTimers());
        }
    }
}
