package io.ward.core;

import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.EngineTest;
import io.ward.core.testing.Engines;
import io.ward.core.testing.RealLoop;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.ward.core.SchedulerTest.assertCancelled;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tasks on a real event loop thread, driven from other threads: spawn, cancel, join and
 * close from outside, blocking joins, abort on drop and unobserved failures (with real GC).
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RealLoopTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    @EngineTest
    void spawnFromAnotherThreadRunsOnTheLoopAndJoinBlockingWaits(FiberEngine engine) throws Exception {
        try (RealLoop r = new RealLoop(engine)) {
            Scheduler s = r.scheduler;
            Task<List<Boolean>> t = s.spawn(() -> {
                s.await(Timers.sleep(s, TimeUnit.MILLISECONDS.toNanos(1)));
                return List.of(s.inContext(), s.inTask(), r.loop.inEventLoop());
            });
            List<Boolean> seen = t.joinBlocking();
            assertTrue(seen.get(0), "a task runs in the scheduler's context");
            assertTrue(seen.get(1));
            assertEquals(Engines.isContinuation(engine), seen.get(2),
                    "continuations run on the loop thread itself, the thread engine on fiber threads");
            assertFalse(s.inContext(), "the test thread is not the loop");
        }
    }

    @EngineTest
    void spawnFromManyThreadsAtOnce(FiberEngine engine) throws Exception {
        int threads = 4;
        int perThread = 250;
        try (RealLoop r = new RealLoop(engine)) {
            Scheduler s = r.scheduler;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<java.util.concurrent.Future<List<Task<Integer>>>> spawned = new ArrayList<>();
                for (int p = 0; p < threads; p++) {
                    int base = p * perThread;
                    spawned.add(pool.submit(() -> {
                        List<Task<Integer>> mine = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            int id = base + i;
                            mine.add(s.spawn(() -> {
                                s.yieldNow();
                                return id;
                            }));
                        }
                        return mine;
                    }));
                }
                long sum = 0;
                for (java.util.concurrent.Future<List<Task<Integer>>> f : spawned) {
                    for (Task<Integer> t : f.get(20, TimeUnit.SECONDS)) {
                        sum += t.toFuture().get(20, TimeUnit.SECONDS);
                    }
                }
                int n = threads * perThread;
                assertEquals((long) n * (n - 1) / 2, sum);
            } finally {
                pool.shutdownNow();
            }
            assertEquals(0, (int) r.onLoop(s::liveTaskCount));
        }
    }

    @EngineTest
    void toFutureFromAnotherThreadCarriesValueAndFailureByIdentity(FiberEngine engine) throws Exception {
        try (RealLoop r = new RealLoop(engine)) {
            Scheduler s = r.scheduler;
            Object value = new Object();
            IllegalStateException boom = new IllegalStateException("boom");
            Promise<Object> gate = r.loop.newPromise();
            Task<Object> ok = s.spawn(() -> s.await(FutureAwaitables.of(s, gate)));
            Task<Object> failed = s.spawn(() -> {
                s.yieldNow();
                throw boom;
            });
            Future<Object> okFuture = ok.toFuture();
            Future<Object> failedFuture = failed.toFuture();
            gate.setSuccess(value); // completed from the test thread
            assertSame(value, okFuture.get(20, TimeUnit.SECONDS));
            ExecutionException e = assertThrows(ExecutionException.class, () -> failedFuture.get(20, TimeUnit.SECONDS));
            assertSame(boom, e.getCause());
        }
        // (close above ran; nothing was reported as unobserved: the futures observed the failure)
    }

    @EngineTest
    void joinBlockingWrapsFailuresAndCancellationInExecutionException(FiberEngine engine) throws Exception {
        try (RealLoop r = new RealLoop(engine)) {
            Scheduler s = r.scheduler;
            RuntimeException boom = new RuntimeException("boom");
            Task<Object> failed = s.spawn(() -> {
                throw boom;
            });
            ExecutionException e = assertThrows(ExecutionException.class, failed::joinBlocking);
            assertSame(boom, e.getCause());

            Task<Object> parked = s.spawn(() -> s.await(FutureAwaitables.of(s, r.loop.newPromise())));
            assertTrue(parked.cancel(), "cancel is thread-safe");
            ExecutionException c = assertThrows(ExecutionException.class, parked::joinBlocking);
            assertCancelled(c.getCause());
            assertTrue(r.unobserved.isEmpty());
        }
    }

    @EngineTest
    void joinBlockingOnTheLoopThreadOrInsideATaskThrows(FiberEngine engine) throws Exception {
        try (RealLoop r = new RealLoop(engine)) {
            Scheduler s = r.scheduler;
            Task<String> target = s.spawn(() -> "target");
            Throwable onLoop = r.onLoop(() -> {
                try {
                    target.joinBlocking();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertInstanceOf(IllegalStateException.class, onLoop);
            Task<Throwable> inTask = s.spawn(() -> {
                try {
                    target.joinBlocking();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertInstanceOf(IllegalStateException.class, inTask.joinBlocking());
            assertEquals("target", target.joinBlocking(), "the refused joins did not count");
        }
    }

    @EngineTest
    void cancelFromAnotherThreadUnwindsASuspendedTask(FiberEngine engine) throws Exception {
        try (RealLoop r = new RealLoop(engine)) {
            Scheduler s = r.scheduler;
            AtomicInteger finallyRan = new AtomicInteger();
            AtomicInteger started = new AtomicInteger();
            Task<Object> t = s.spawn(() -> {
                started.incrementAndGet();
                try {
                    return s.await(Timers.sleep(s, HOUR));
                } finally {
                    finallyRan.incrementAndGet();
                }
            });
            await().atMost(20, TimeUnit.SECONDS).until(() -> started.get() == 1);
            assertTrue(t.cancel());
            assertFalse(t.cancel());
            ExecutionException e = assertThrows(ExecutionException.class, t::joinBlocking);
            assertCancelled(e.getCause());
            assertEquals(1, finallyRan.get());
        }
    }

    @EngineTest
    void closeFromAnotherThreadCancelsEverythingAndRejectsSpawns(FiberEngine engine) throws Exception {
        RealLoop r = new RealLoop(engine);
        Scheduler s = r.scheduler;
        AtomicInteger unwound = new AtomicInteger();
        AtomicInteger started = new AtomicInteger();
        BoundedChannel ch = new BoundedChannel(s, 1);
        List<Task<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Awaitable<?> parkOn = i % 2 == 0 ? ch.receiver() : Timers.sleep(s, HOUR);
            tasks.add(s.spawn(() -> {
                started.incrementAndGet();
                try {
                    return s.await(parkOn);
                } finally {
                    unwound.incrementAndGet();
                }
            }));
        }
        await().atMost(20, TimeUnit.SECONDS).until(() -> started.get() == 20);
        r.sync(); // the last one has parked
        s.close();
        assertThrows(RejectedExecutionException.class, () -> s.spawn(() -> "late"));
        await().atMost(20, TimeUnit.SECONDS).until(() -> unwound.get() == 20);
        for (Task<Object> t : tasks) {
            ExecutionException e = assertThrows(ExecutionException.class, t::joinBlocking);
            assertCancelled(e.getCause());
        }
        assertEquals(0, (int) r.onLoop(s::liveTaskCount));
        r.close();
    }

    @EngineTest
    void completionsFromOtherThreadsHopOntoTheLoop(FiberEngine engine) throws Exception {
        try (RealLoop r = new RealLoop(engine)) {
            Scheduler s = r.scheduler;
            CompletableFuture<String> stage = new CompletableFuture<>();
            Promise<String> promise = r.loop.newPromise();
            Task<String> t = s.spawn(() -> s.await(FutureAwaitables.of(s, stage)) + s.await(FutureAwaitables.of(s, promise)));
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                other.submit(() -> stage.complete("a")).get(20, TimeUnit.SECONDS);
                other.submit(() -> promise.setSuccess("b")).get(20, TimeUnit.SECONDS);
            } finally {
                other.shutdownNow();
            }
            assertEquals("ab", t.joinBlocking());
        }
    }

    // ---- abort on drop and unobserved failures, with the real garbage collector ----

    /** Spawns a task parked forever and drops its handle; returns the task's unwind counter. */
    private static void spawnAndDrop(Scheduler s, Promise<Object> never, AtomicInteger unwound, boolean detach,
            AtomicReference<WeakReference<Task<Object>>> handleRef) {
        Task<Object> t = s.spawn(() -> {
            try {
                return s.await(FutureAwaitables.of(s, never));
            } finally {
                unwound.incrementAndGet();
            }
        });
        if (detach) {
            t.detach();
        }
        handleRef.set(new WeakReference<>(t));
    }

    @EngineTest
    void aDroppedHandleCancelsItsTaskButADetachedOneSurvivesAndFinishes(FiberEngine engine) throws Exception {
        try (RealLoop r = new RealLoop(engine)) {
            Scheduler s = r.scheduler;
            Promise<Object> never = r.loop.newPromise();
            AtomicInteger dropped = new AtomicInteger();
            AtomicReference<WeakReference<Task<Object>>> droppedRef = new AtomicReference<>();
            spawnAndDrop(s, never, dropped, false, droppedRef);

            Promise<Object> gate = r.loop.newPromise();
            AtomicReference<Object> detachedResult = new AtomicReference<>();
            AtomicReference<WeakReference<Task<Object>>> detachedRef = new AtomicReference<>();
            spawnDetached(s, gate, detachedResult, detachedRef);

            await().atMost(20, TimeUnit.SECONDS).until(() -> {
                System.gc();
                return dropped.get() == 1 && droppedRef.get().get() == null && detachedRef.get().get() == null;
            });
            assertEquals(1, dropped.get(), "the dropped task was cancelled and unwound");
            assertEquals(null, detachedResult.get(), "the detached task is still waiting");
            gate.setSuccess("finished");
            await().atMost(20, TimeUnit.SECONDS).until(() -> detachedResult.get() != null);
            assertEquals("finished", detachedResult.get());
            assertTrue(r.unobserved.isEmpty(), "a cancellation is not an unobserved failure");
        }
    }

    @EngineTest
    void aTaskObservedThroughToFutureSurvivesTheLossOfItsHandle(FiberEngine engine) throws Exception {
        try (RealLoop r = new RealLoop(engine)) {
            Scheduler s = r.scheduler;
            Promise<Object> gate = r.loop.newPromise();
            AtomicReference<WeakReference<Task<Object>>> handleRef = new AtomicReference<>();
            io.netty.util.concurrent.Future<Object> result = spawnObserved(s, gate, handleRef);
            await().atMost(20, TimeUnit.SECONDS).until(() -> {
                System.gc();
                return handleRef.get().get() == null;
            });
            r.sync(); // any drop action has hopped onto the loop and run by now
            assertTrue(!result.isDone(), "the task is still waiting, not aborted");
            gate.setSuccess("finished");
            assertEquals("finished", result.get(20, TimeUnit.SECONDS));
        }
    }

    private static io.netty.util.concurrent.Future<Object> spawnObserved(Scheduler s, Promise<Object> gate,
            AtomicReference<WeakReference<Task<Object>>> handleRef) {
        Task<Object> t = s.spawn(() -> s.await(FutureAwaitables.of(s, gate)));
        handleRef.set(new WeakReference<>(t));
        return t.toFuture();
    }

    private static void spawnDetached(Scheduler s, Promise<Object> gate, AtomicReference<Object> result,
            AtomicReference<WeakReference<Task<Object>>> handleRef) {
        Task<Object> t = s.spawn(() -> {
            try {
                Object v = s.await(FutureAwaitables.of(s, gate));
                result.set(v);
                return v;
            } catch (Throwable e) {
                result.set(e);
                throw e;
            }
        });
        assertTrue(t.detach());
        handleRef.set(new WeakReference<>(t));
    }

    private static void spawnFailingAndDrop(Scheduler s, AtomicReference<Throwable> thrown, boolean detached,
            Promise<Object> gate) {
        Task<Object> t = s.spawn(() -> {
            if (gate != null) {
                s.await(FutureAwaitables.of(s, gate));
            }
            RuntimeException e = new RuntimeException("nobody waits for me");
            thrown.set(e);
            throw e;
        });
        if (detached) {
            t.detach();
        }
    }

    @EngineTest
    void anUnobservedFailureIsReportedOnceWhenItsHandleIsDropped(FiberEngine engine) throws Exception {
        RealLoop r = new RealLoop(engine);
        Scheduler s = r.scheduler;
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        spawnFailingAndDrop(s, thrown, false, null);
        await().atMost(20, TimeUnit.SECONDS).until(() -> {
            System.gc();
            return !r.unobserved.isEmpty();
        });
        r.sync();
        assertEquals(1, r.unobserved.size());
        assertSame(thrown.get(), r.unobserved.get(0));
        r.close();
        assertEquals(1, r.unobserved.size(), "not reported again at close");
    }

    @EngineTest
    void aDetachedTaskFailingAfterItsHandleWasDroppedIsReportedOnce(FiberEngine engine) throws Exception {
        RealLoop r = new RealLoop(engine);
        Scheduler s = r.scheduler;
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Promise<Object> gate = r.loop.newPromise();
        spawnFailingAndDrop(s, thrown, true, gate);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        gate.setSuccess(null);
        await().atMost(20, TimeUnit.SECONDS).until(() -> {
            System.gc();
            return !r.unobserved.isEmpty();
        });
        r.sync();
        assertEquals(1, r.unobserved.size());
        assertSame(thrown.get(), r.unobserved.get(0));
        r.close();
        assertEquals(1, r.unobserved.size(), "not reported again at close");
    }
}
