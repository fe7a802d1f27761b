package io.ward.core;

import io.ward.core.fiber.Fiber;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.fiber.FiberEngines;
import io.ward.core.fiber.FiberPinnedException;
import io.ward.core.fiber.FiberScope;
import io.ward.core.testing.EngineTest;
import io.ward.core.testing.ManualLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.ward.core.SchedulerTest.assertCancelled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tasks whose code runs inside a nested fiber (how a Lua coroutine runs inside a task), and
 * awaiting where the continuation engine is pinned.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NestedFiberTaskTest {
    private static final FiberScope CO = new FiberScope("coroutine");

    @EngineTest
    void anAwaitInsideANestedFiberSuspendsTheWholeTaskAndContinuesThere(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            BoundedChannel ch = new BoundedChannel(s, 1);
            Task<String> t = s.spawn(() -> {
                Fiber co = engine.newFiber(CO, () -> {
                    log.add("co start, in task: " + s.inTask());
                    log.add("co got " + s.await(ch.receiver())); // suspends the task, not just the coroutine
                    engine.suspend(CO);                           // a plain coroutine yield
                    log.add("co resumed");
                });
                log.add("co yielded: " + !co.resume());
                log.add("co done: " + co.resume());
                return "task end";
            });
            s.spawn(() -> log.add("other task ran while the coroutine waited")).detach();
            m.runUntilIdle();
            assertEquals(List.of("co start, in task: true", "other task ran while the coroutine waited"), log);
            ch.trySend("msg");
            m.runUntilIdle();
            assertEquals("task end", m.result(t));
            assertEquals(List.of("co start, in task: true", "other task ran while the coroutine waited",
                    "co got msg", "co yielded: true", "co resumed", "co done: true"), log);
        }
    }

    @EngineTest
    void cancellingATaskSuspendedInsideANestedFiberUnwindsThatFiber(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            Task<Object> t = s.spawn(() -> {
                Fiber co = engine.newFiber(CO, () -> {
                    try {
                        s.await(Timers.sleep(s, TimeUnit.HOURS.toNanos(1)));
                    } finally {
                        log.add("co finally");
                    }
                });
                co.resume();
                // the nested fiber ended with the cancel signal as its failure; a binding rethrows it
                log.add("co failure is a CancelSignal: " + (co.failure() instanceof CancelSignal));
                if (co.failure() != null) {
                    throw Outcome.<RuntimeException>sneaky(co.failure());
                }
                return "unreached";
            });
            m.runUntilIdle();
            assertTrue(t.cancel());
            m.runUntilIdle();
            assertEquals(List.of("co finally", "co failure is a CancelSignal: true"), log);
            assertCancelled(m.failure(t));
            assertFalse(m.loop.hasTimers());
        }
    }

    // ---- pinning on the continuation engine ----

    /** Context for the class initializer below (a class initializer takes no arguments). */
    static Scheduler pinnedScheduler;
    static BoundedChannel pinnedChannel;

    /** Awaits inside its class initializer, where continuations are pinned (a native frame). */
    static final class AwaitsInClassInit {
        static final Throwable CAUGHT;

        static {
            Throwable caught = null;
            try {
                pinnedScheduler.await(pinnedChannel.receiver());
            } catch (Throwable t) {
                caught = t;
            }
            CAUGHT = caught;
        }
    }

    @Test
    void aPinnedAwaitFailsWithFiberPinnedExceptionAndLeavesNoWaiterBehind() {
        assumeTrue(FiberEngines.continuationAvailable(), "continuation engine unavailable");
        try (ManualLoop m = new ManualLoop(FiberEngines.continuation())) {
            Scheduler s = m.scheduler;
            pinnedScheduler = s;
            pinnedChannel = new BoundedChannel(s, 1);
            Task<Throwable> t = s.spawn(() -> {
                Throwable caught = AwaitsInClassInit.CAUGHT;
                s.yieldNow(); // the task is still a working task afterwards
                return caught;
            });
            m.runUntilIdle();
            assertInstanceOf(FiberPinnedException.class, m.result(t));
            pinnedChannel.trySend("kept");
            m.runUntilIdle();
            assertEquals("kept", pinnedChannel.tryReceive().value(), "the failed await left no receiver behind");
            assertNull(pinnedChannel.tryReceive());
        }
    }

    @EngineTest
    void awaitingWhileHoldingAMonitorNeverHangsTheLoop(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Object lock = new Object();
            BoundedChannel ch = new BoundedChannel(s, 1);
            Task<String> t = s.spawn(() -> {
                synchronized (lock) {
                    try {
                        return "awaited " + s.await(ch.receiver());
                    } catch (FiberPinnedException e) {
                        return "pinned";
                    }
                }
            });
            m.runUntilIdle();
            ch.trySend("x");
            m.runUntilIdle();
            String r = m.result(t);
            assertTrue(r.equals("awaited x") || r.equals("pinned"), r);
            if (r.equals("pinned")) {
                assertEquals("x", ch.tryReceive().value());
            }
        }
    }
}
