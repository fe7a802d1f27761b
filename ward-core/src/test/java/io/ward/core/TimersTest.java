package io.ward.core;

import io.netty.util.concurrent.Promise;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.EngineTest;
import io.ward.core.testing.ManualLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Timers and await-with-timeout on a manual loop whose clock is a mock ticker. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimersTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @EngineTest
    void sleepWakesExactlyAtItsDeadline(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Task<Boolean> t = s.spawn(() -> s.await(Timers.sleep(s, 100 * MS)));
            m.runUntilIdle();
            m.advanceMillis(99);
            m.assertPending(t);
            m.advance(MS - 1, TimeUnit.NANOSECONDS);
            m.assertPending(t);
            m.advance(1, TimeUnit.NANOSECONDS);
            assertEquals(Boolean.TRUE, m.result(t));
            assertFalse(m.loop.hasTimers());
        }
    }

    @EngineTest
    void theSchedulerClockIsTheLoopTicker(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            long t0 = m.scheduler.nanoTime();
            assertEquals(m.ticker.nanoTime(), t0);
            m.advanceMillis(5);
            assertEquals(t0 + 5 * MS, m.scheduler.nanoTime());
        }
    }

    @EngineTest
    void aSleepIsReusableAndEachAwaitCountsFromItsOwnStart(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<Long> woke = Collections.synchronizedList(new ArrayList<>());
            Awaitable<Boolean> tenMs = Timers.sleep(s, 10 * MS);
            long t0 = s.nanoTime();
            Task<Void> t = s.spawn(() -> {
                for (int i = 0; i < 3; i++) {
                    s.await(tenMs);
                    woke.add((s.nanoTime() - t0) / MS);
                }
                return null;
            });
            m.runUntilIdle();
            m.advanceMillis(7);
            m.advanceMillis(7); // 14: first wake at 10; the second sleep starts at 14, not at 10
            m.advanceMillis(7); // 21: not yet 24
            assertEquals(List.of(14L), woke);
            m.advanceMillis(3); // 24
            assertEquals(List.of(14L, 24L), woke);
            m.advanceMillis(10);
            assertEquals(List.of(14L, 24L, 34L), woke);
            m.result(t);
        }
    }

    @EngineTest
    void aZeroSleepSuspendsAndLetsOtherReadyTasksRunFirst(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            Task<Void> t = s.spawn(() -> {
                s.spawn(() -> log.add("child")).detach();
                s.await(Timers.sleep(s, 0));
                log.add("after sleep(0)");
                return null;
            });
            m.runUntilIdle();
            m.result(t);
            assertEquals(List.of("child", "after sleep(0)"), log);
        }
    }

    @EngineTest
    void negativeDelaysAreRejected(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Timers.sleep(m.scheduler, -1));
            assertTrue(e.getMessage().contains("non-negative"), e.getMessage());
        }
    }

    @EngineTest
    void untilWakesAtAnAbsoluteDeadlineAndAPastOneIsReadyAtOnce(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            long deadline = s.nanoTime() + 50 * MS;
            Task<Boolean> future = s.spawn(() -> s.await(Timers.until(s, deadline)));
            m.runUntilIdle();
            m.advanceMillis(49);
            m.assertPending(future);
            m.advanceMillis(1);
            assertEquals(Boolean.TRUE, m.result(future));

            Task<Void> past = s.spawn(() -> {
                s.spawn(() -> log.add("child")).detach();
                s.await(Timers.until(s, deadline)); // already passed: no suspension
                log.add("past deadline");
                s.await(Timers.until(s, s.nanoTime())); // exactly now: ready too
                log.add("now");
                return null;
            });
            m.runUntilIdle();
            m.result(past);
            assertEquals(List.of("past deadline", "now", "child"), log);
        }
    }

    @EngineTest
    void sleepersWakeInDeadlineOrder(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<Integer> woke = Collections.synchronizedList(new ArrayList<>());
            int[] delays = {30, 10, 50, 20, 40};
            for (int d : delays) {
                s.spawn(() -> {
                    s.await(Timers.sleep(s, d * MS));
                    return woke.add(d);
                }).detach();
            }
            m.runUntilIdle();
            m.advanceMillis(25);
            assertEquals(List.of(10, 20), woke);
            m.advanceMillis(100);
            assertEquals(List.of(10, 20, 30, 40, 50), woke);
        }
    }

    @EngineTest
    void aWithdrawnSleepCancelsItsTimer(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, 1);
            Task<Integer> t = s.spawn(() -> s.select(List.of(ch.receiver(), Timers.sleep(s, 10 * MS))).index());
            m.runUntilIdle();
            assertTrue(m.loop.hasTimers());
            ch.trySend("first");
            m.runUntilIdle();
            assertEquals(0, m.result(t));
            assertFalse(m.loop.hasTimers(), "the losing sleep's timer was cancelled");
            m.ticker.advance(1, TimeUnit.HOURS);
            assertEquals(0, m.loop.runNow(), "nothing fires later");
        }
    }

    // ---- await with a timeout ----

    @EngineTest
    void awaitWithTimeoutThrowsOnExpiryAndLosesNothing(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, 1);
            Promise<String> gate = m.loop.newPromise();
            Task<String> worker = s.spawn(() -> s.await(FutureAwaitables.of(s, gate)));
            Task<List<Object>> t = s.spawn(() -> {
                List<Object> r = new ArrayList<>();
                for (Awaitable<?> a : List.of(ch.receiver(), worker)) {
                    try {
                        r.add(s.await(a, 5 * MS));
                    } catch (AwaitTimeoutException e) {
                        r.add(e.getMessage());
                    }
                }
                return r;
            });
            m.runUntilIdle();
            m.advanceMillis(4);
            m.assertPending(t);
            m.advanceMillis(1);
            m.assertPending(t);
            m.advanceMillis(5);
            assertEquals(List.of("timeout after 5ms", "timeout after 5ms"), m.result(t));
            assertFalse(m.loop.hasTimers());
            ch.trySend("late message");
            gate.setSuccess("late result");
            m.runUntilIdle();
            assertEquals("late message", ch.tryReceive().value(), "the timed-out receive consumed nothing");
            assertEquals("late result", m.result(worker), "the timed-out join left the result");
            assertFalse(worker.isCancelRequested(), "the timed-out work was not cancelled");
        }
    }

    @Test
    void timeoutMessagesShowFractionalMilliseconds() {
        assertEquals("timeout after 1.5ms", new AwaitTimeoutException(1_500_000).getMessage());
        assertEquals("timeout after 0ms", new AwaitTimeoutException(0).getMessage());
        assertEquals("timeout after 2000ms", new AwaitTimeoutException(2_000_000_000L).getMessage());
    }

    @EngineTest
    void anAlreadyReadyInnerWinsEvenWithATimeoutOfZero(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, 1);
            ch.trySend("ready");
            Task<String> done = s.spawn(() -> "result");
            m.runUntilIdle();
            Task<List<Object>> t = s.spawn(() -> List.of(s.await(ch.receiver(), 0), s.await(done, 0)));
            m.runUntilIdle();
            assertEquals(List.of("ready", "result"), m.result(t));
            assertFalse(m.loop.hasTimers());
        }
    }

    @EngineTest
    void aZeroTimeoutOnSomethingNotReadyExpiresWithoutTheClockMoving(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, 1);
            Task<Throwable> t = s.spawn(() -> {
                try {
                    s.await(ch.receiver(), 0);
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            m.runUntilIdle();
            assertInstanceOf(AwaitTimeoutException.class, m.result(t));
            ch.trySend("x");
            assertEquals("x", ch.tryReceive().value());
        }
    }

    @EngineTest
    void anInnerThatCompletesInTimeWinsAndItsFailurePassesThrough(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            RuntimeException boom = new RuntimeException("boom");
            Promise<String> ok = m.loop.newPromise();
            Promise<String> failing = m.loop.newPromise();
            Task<Object> a = s.spawn(() -> s.await(FutureAwaitables.of(s, ok), 10 * MS));
            Task<Object> b = s.spawn(() -> s.await(FutureAwaitables.of(s, failing), 10 * MS));
            m.runUntilIdle();
            m.advanceMillis(9);
            ok.setSuccess("in time");
            failing.setFailure(boom);
            m.runUntilIdle();
            assertEquals("in time", m.result(a));
            assertSame(boom, m.failure(b));
            assertFalse(m.loop.hasTimers());
        }
    }

    @EngineTest
    void anEffectivelyInfiniteTimeoutNeverExpiresEarly(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, 1);
            Task<Object> t = s.spawn(() -> s.await(ch.receiver(), Long.MAX_VALUE));
            Task<Boolean> sleeper = s.spawn(() -> s.await(Timers.sleep(s, Long.MAX_VALUE)));
            m.runUntilIdle();
            m.advance(365, TimeUnit.DAYS);
            m.assertPending(t);
            m.assertPending(sleeper);
            ch.trySend("eventually");
            m.runUntilIdle();
            assertEquals("eventually", m.result(t));
            sleeper.cancel();
            m.runUntilIdle();
            assertFalse(m.loop.hasTimers());
        }
    }

    // ---- Timers.withTimeout as an awaitable of its own ----

    @EngineTest
    void withTimeoutRejectsNegativeTimeouts(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            BoundedChannel ch = new BoundedChannel(m.scheduler, 1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Timers.withTimeout(m.scheduler, ch.receiver(), -1));
            assertTrue(e.getMessage().contains("non-negative"), e.getMessage());
        }
    }

    @EngineTest
    void withTimeoutInsideSelectCanLoseAndThenLeavesNothingBehind(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel slow = new BoundedChannel(s, 1);
            BoundedChannel fast = new BoundedChannel(s, 1);
            Task<String> t = s.spawn(() -> {
                Selected sel = s.select(List.of(Timers.withTimeout(s, slow.receiver(), 50 * MS), fast.receiver()));
                return sel.index() + ":" + sel.get();
            });
            m.runUntilIdle();
            assertTrue(m.loop.hasTimers());
            fast.trySend("fast");
            m.runUntilIdle();
            assertEquals("1:fast", m.result(t));
            assertFalse(m.loop.hasTimers(), "the losing timeout's timer is cancelled");
            slow.trySend("slow");
            assertEquals("slow", slow.tryReceive().value(), "the losing inner receive consumed nothing");
        }
    }

    @EngineTest
    void withTimeoutInsideSelectCanWinWithItsTimeoutFailure(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel slow = new BoundedChannel(s, 1);
            BoundedChannel never = new BoundedChannel(s, 1);
            Task<Selected> t = s.spawn(() -> s.select(List.of(never.receiver(),
                    Timers.withTimeout(s, slow.receiver(), 50 * MS))));
            m.runUntilIdle();
            m.advanceMillis(50);
            Selected sel = m.result(t);
            assertEquals(1, sel.index());
            assertInstanceOf(AwaitTimeoutException.class, sel.outcome().failure());
            assertEquals("timeout after 50ms", sel.outcome().failure().getMessage());
            slow.trySend("a");
            never.trySend("b");
            assertEquals("a", slow.tryReceive().value());
            assertEquals("b", never.tryReceive().value());
        }
    }

    @EngineTest
    void theTimeoutClockStartsAtTheAwaitNotAtCreation(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, 1);
            Awaitable<Object> timeout = Timers.withTimeout(s, ch.receiver(), 10 * MS);
            Task<Object> t = s.spawn(() -> {
                s.await(Timers.sleep(s, 100 * MS));
                return s.await(timeout);
            });
            m.runUntilIdle();
            m.advanceMillis(100);
            m.advanceMillis(9);
            m.assertPending(t);
            m.advanceMillis(1);
            assertInstanceOf(AwaitTimeoutException.class, m.failure(t));
        }
    }
}
