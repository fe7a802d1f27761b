package io.ward.core.fiber;

import io.ward.core.testing.EngineTest;
import io.ward.core.testing.Engines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fiber engines on their own: resume/suspend, failures, nesting, kill, pinning, and the
 * thread engine's pool. Fibers are driven directly by the test thread.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FiberEngineTest {
    private static final FiberScope TASK = FiberScope.TASK;
    private static final FiberScope CO = new FiberScope("coroutine");

    private static List<String> log() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> void sneakyThrow(Throwable t) throws E {
        throw (E) t;
    }

    // ---- choosing an engine ----

    @Test
    void enginesAreNamedAndChosenByName() {
        assertEquals("thread", FiberEngines.thread().name());
        assertSame(FiberEngines.thread(), FiberEngines.named("thread"));
        assertNotNull(FiberEngines.defaultEngine());
        assertTrue(Set.of("thread", "continuation").contains(FiberEngines.defaultEngine().name()));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> FiberEngines.named("green"));
        assertTrue(bad.getMessage().contains("green"), bad.getMessage());
        if (FiberEngines.continuationAvailable()) {
            assertNull(FiberEngines.continuationUnavailableReason());
            assertEquals("continuation", FiberEngines.continuation().name());
            assertSame(FiberEngines.continuation(), FiberEngines.named("continuation"));
            assertSame(FiberEngines.continuation(), FiberEngines.named("auto"));
        } else {
            String why = FiberEngines.continuationUnavailableReason();
            assertNotNull(why);
            IllegalStateException e = assertThrows(IllegalStateException.class, FiberEngines::continuation);
            assertTrue(e.getMessage().contains(why), e.getMessage());
            assertSame(FiberEngines.thread(), FiberEngines.named("auto"));
        }
    }

    // ---- resume / suspend ----

    @EngineTest
    void resumeRunsUntilSuspendAndSuspendReturnsOnResume(FiberEngine engine) {
        int rounds = 1000;
        AtomicInteger steps = new AtomicInteger();
        Fiber f = engine.newFiber(TASK, () -> {
            for (int i = 0; i < rounds; i++) {
                steps.incrementAndGet();
                engine.suspend(TASK);
            }
            steps.incrementAndGet();
        });
        assertSame(TASK, f.scope());
        assertFalse(f.isDone());
        assertEquals(0, steps.get(), "a new fiber runs nothing before its first resume");
        for (int i = 1; i <= rounds; i++) {
            assertFalse(f.resume(), "suspended, not done");
            assertEquals(i, steps.get());
            assertFalse(f.isDone());
        }
        assertTrue(f.resume(), "the body ended");
        assertEquals(rounds + 1, steps.get());
        assertTrue(f.isDone());
        assertNull(f.failure());
        IllegalStateException again = assertThrows(IllegalStateException.class, f::resume);
        assertTrue(again.getMessage().contains("finished"), again.getMessage());
    }

    @EngineTest
    void fiberWithoutSuspendEndsOnFirstResume(FiberEngine engine) {
        List<String> log = log();
        Fiber f = engine.newFiber(TASK, () -> log.add("ran"));
        assertTrue(f.resume());
        assertEquals(List.of("ran"), log);
    }

    @EngineTest
    void failuresAreCapturedByIdentityNotThrownToTheResumer(FiberEngine engine) {
        Throwable[] failures = {
            new IllegalArgumentException("runtime"),
            new IOException("checked"),
            new AssertionError("an error"),
            new StackOverflowError(),
        };
        for (Throwable failure : failures) {
            Fiber immediate = engine.newFiber(TASK, () -> sneakyThrow(failure));
            assertTrue(immediate.resume());
            assertTrue(immediate.isDone());
            assertSame(failure, immediate.failure());

            Fiber later = engine.newFiber(TASK, () -> {
                engine.suspend(TASK);
                sneakyThrow(failure);
            });
            assertFalse(later.resume());
            assertNull(later.failure());
            assertTrue(later.resume());
            assertSame(failure, later.failure());
        }
    }

    @EngineTest
    void currentAndInScopeSeeTheEnclosingFibers(FiberEngine engine) {
        assertNull(engine.current(TASK));
        assertFalse(engine.inScope(TASK));
        AtomicReference<Fiber> outerRef = new AtomicReference<>();
        AtomicReference<Fiber> innerRef = new AtomicReference<>();
        List<Object> seen = Collections.synchronizedList(new ArrayList<>());
        Fiber outer = engine.newFiber(TASK, () -> {
            seen.add(engine.current(TASK));
            seen.add(engine.inScope(CO));
            Fiber inner = engine.newFiber(CO, () -> {
                seen.add(engine.current(TASK));
                seen.add(engine.current(CO));
                seen.add(engine.inScope(TASK));
            });
            innerRef.set(inner);
            inner.resume();
            seen.add(engine.current(TASK)); // back in the outer fiber
            seen.add(engine.current(CO));
        });
        outerRef.set(outer);
        assertTrue(outer.resume());
        assertEquals(List.of(outer, false, outer, innerRef.get(), true, outer), seen.subList(0, 6));
        assertNull(seen.get(6), "outside the inner fiber again");
        assertNull(engine.current(TASK));
    }

    @EngineTest
    void suspendOutsideAnyFiberThrows(FiberEngine engine) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> engine.suspend(TASK));
        assertFalse(e instanceof FiberPinnedException);
        assertThrows(IllegalStateException.class, () -> engine.suspend(CO));
    }

    @EngineTest
    void suspendingAScopeTheFiberIsNotInThrowsAndTheFiberGoesOn(FiberEngine engine) {
        List<String> log = log();
        Fiber f = engine.newFiber(TASK, () -> {
            try {
                engine.suspend(CO);
                log.add("suspended?!");
            } catch (IllegalStateException e) {
                log.add("refused");
            }
            engine.suspend(TASK);
            log.add("resumed");
        });
        assertFalse(f.resume());
        assertEquals(List.of("refused"), log);
        assertTrue(f.resume());
        assertEquals(List.of("refused", "resumed"), log);
    }

    @EngineTest
    void continuationRunsOnTheResumingThreadAndThreadEngineOnItsOwn(FiberEngine engine) {
        AtomicReference<Thread> ran = new AtomicReference<>();
        Fiber f = engine.newFiber(TASK, () -> ran.set(Thread.currentThread()));
        f.resume();
        if (Engines.isContinuation(engine)) {
            assertSame(Thread.currentThread(), ran.get());
        } else {
            assertTrue(ran.get() != Thread.currentThread());
            assertTrue(ran.get().isDaemon(), "fiber threads are daemons");
            assertTrue(ran.get().getName().startsWith("ward-fiber-"), ran.get().getName());
        }
    }

    @EngineTest
    void aFiberMayBeResumedFromDifferentThreads(FiberEngine engine) throws Exception {
        List<String> log = log();
        Fiber f = engine.newFiber(TASK, () -> {
            for (int i = 0; i < 4; i++) {
                log.add("step" + i);
                engine.suspend(TASK);
            }
        });
        ExecutorService a = Executors.newSingleThreadExecutor();
        ExecutorService b = Executors.newSingleThreadExecutor();
        try {
            assertFalse(a.submit(f::resume).get(10, TimeUnit.SECONDS));
            assertFalse(b.submit(f::resume).get(10, TimeUnit.SECONDS));
            assertFalse(f.resume());
            assertFalse(a.submit(f::resume).get(10, TimeUnit.SECONDS));
            assertTrue(b.submit(f::resume).get(10, TimeUnit.SECONDS));
        } finally {
            a.shutdownNow();
            b.shutdownNow();
        }
        assertEquals(List.of("step0", "step1", "step2", "step3"), log);
    }

    // ---- nesting ----

    @EngineTest
    void nestedFibersSuspendTogetherAndResumeWhereTheInnerWas(FiberEngine engine) {
        List<String> log = log();
        AtomicReference<Fiber> innerRef = new AtomicReference<>();
        Fiber outer = engine.newFiber(TASK, () -> {
            log.add("outer start");
            Fiber inner = engine.newFiber(CO, () -> {
                log.add("inner 1");
                engine.suspend(TASK); // suspends the outer fiber too
                log.add("inner 2");
                engine.suspend(CO);   // back to the outer fiber only
                log.add("inner 3");
                engine.suspend(TASK);
                log.add("inner 4");
            });
            innerRef.set(inner);
            log.add("outer resumes inner: " + inner.resume());
            engine.suspend(TASK);
            log.add("outer resumes inner: " + inner.resume());
            log.add("outer end");
        });

        assertFalse(outer.resume());
        assertEquals(List.of("outer start", "inner 1"), log);
        assertFalse(innerRef.get().isDone());
        log.add("test");

        assertFalse(outer.resume());
        assertEquals(List.of("outer start", "inner 1", "test", "inner 2", "outer resumes inner: false"), log);
        log.add("test");

        assertFalse(outer.resume());
        assertEquals("inner 3", log.get(log.size() - 1));
        log.add("test");

        assertTrue(outer.resume());
        assertEquals(List.of("outer start", "inner 1", "test", "inner 2", "outer resumes inner: false", "test",
                "inner 3", "test", "inner 4", "outer resumes inner: true", "outer end"), log);
        assertTrue(innerRef.get().isDone());
        assertNull(innerRef.get().failure());
        assertNull(outer.failure());
    }

    @EngineTest
    void innerFailureIsCapturedByTheInnerFiberAndTheOuterGoesOn(FiberEngine engine) {
        RuntimeException boom = new RuntimeException("boom");
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Fiber outer = engine.newFiber(TASK, () -> {
            Fiber inner = engine.newFiber(CO, () -> {
                engine.suspend(TASK);
                throw boom;
            });
            boolean done = inner.resume(); // returns once the outer fiber is resumed and the inner throws
            seen.set(done ? inner.failure() : new AssertionError("inner should have ended"));
            engine.suspend(TASK);
        });
        assertFalse(outer.resume(), "the inner fiber suspended the task scope");
        assertNull(seen.get());
        assertFalse(outer.resume(), "the inner fiber ended, the outer suspended on its own");
        assertTrue(outer.resume());
        assertNull(outer.failure());
        assertSame(boom, seen.get());
    }

    @EngineTest
    void deeplyNestedFibersAllSuspendWithTheOutermostScope(FiberEngine engine) {
        int depth = 20;
        AtomicInteger reached = new AtomicInteger();
        List<FiberScope> scopes = new ArrayList<>();
        for (int i = 0; i <= depth; i++) {
            scopes.add(new FiberScope("level-" + i));
        }
        Fiber top = engine.newFiber(scopes.get(0), level(engine, scopes, 0, reached));
        assertFalse(top.resume(), "the innermost fiber suspended the outermost scope");
        assertEquals(1, reached.get());
        assertTrue(top.resume());
        assertEquals(2, reached.get());
        assertNull(top.failure());
    }

    /** The body of the fiber at {@code level}: it runs the next level in a fiber of the next scope. */
    private static Runnable level(FiberEngine engine, List<FiberScope> scopes, int level, AtomicInteger reached) {
        if (level == scopes.size() - 1) {
            return () -> {
                reached.incrementAndGet();
                engine.suspend(scopes.get(0));
                reached.incrementAndGet();
            };
        }
        return () -> {
            Fiber next = engine.newFiber(scopes.get(level + 1), level(engine, scopes, level + 1, reached));
            if (!next.resume()) {
                throw new AssertionError("level " + (level + 1) + " should have ended");
            }
            if (next.failure() != null) {
                sneakyThrow(next.failure());
            }
        };
    }

    // ---- kill ----

    @EngineTest
    void killUnwindsThroughFinallyButNotThroughCatchException(FiberEngine engine) {
        List<String> log = log();
        Fiber f = engine.newFiber(TASK, () -> {
            try {
                log.add("start");
                try {
                    engine.suspend(TASK);
                    log.add("resumed normally?!");
                } catch (Exception e) {
                    log.add("caught " + e);
                }
                log.add("after catch?!");
            } finally {
                log.add("finally");
            }
        });
        assertFalse(f.resume());
        f.kill();
        assertTrue(f.isDone());
        assertNull(f.failure(), "a kill is not a failure");
        assertEquals(List.of("start", "finally"), log);
        assertThrows(IllegalStateException.class, f::resume);
        f.kill(); // idempotent on a finished fiber
        assertEquals(List.of("start", "finally"), log);
    }

    @EngineTest
    void killSignalIsAnErrorThatFinallyBlocksSee(FiberEngine engine) {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Fiber f = engine.newFiber(TASK, () -> {
            try {
                engine.suspend(TASK);
            } catch (Throwable t) {
                seen.set(t);
                throw t;
            }
        });
        f.resume();
        f.kill();
        assertTrue(seen.get() instanceof FiberKilled, String.valueOf(seen.get()));
        assertTrue(seen.get() instanceof Error);
        assertNull(f.failure());
    }

    @EngineTest
    void killOfANeverStartedFiberRunsNothing(FiberEngine engine) {
        List<String> log = log();
        Fiber f = engine.newFiber(TASK, () -> log.add("ran"));
        f.kill();
        assertTrue(f.isDone());
        assertNull(f.failure());
        assertEquals(List.of(), log);
        assertThrows(IllegalStateException.class, f::resume);
    }

    @EngineTest
    void killOfAFinishedFiberIsANoOp(FiberEngine engine) {
        RuntimeException boom = new RuntimeException();
        Fiber f = engine.newFiber(TASK, () -> {
            throw boom;
        });
        f.resume();
        f.kill();
        assertSame(boom, f.failure());
    }

    @EngineTest
    void killOfAnOuterFiberUnwindsTheInnerOneFirst(FiberEngine engine) {
        List<String> log = log();
        AtomicReference<Fiber> innerRef = new AtomicReference<>();
        Fiber outer = engine.newFiber(TASK, () -> {
            try {
                Fiber inner = engine.newFiber(CO, () -> {
                    try {
                        engine.suspend(TASK); // the whole stack suspends here
                        log.add("inner resumed?!");
                    } finally {
                        log.add("inner finally");
                    }
                });
                innerRef.set(inner);
                inner.resume();
                log.add("outer went on?!");
            } finally {
                log.add("outer finally");
            }
        });
        assertFalse(outer.resume());
        outer.kill();
        assertEquals(List.of("inner finally", "outer finally"), log);
        assertTrue(outer.isDone());
        assertTrue(innerRef.get().isDone());
        assertNull(outer.failure());
        assertNull(innerRef.get().failure());
    }

    @EngineTest
    void killOfAnInnerFiberLeavesTheOuterRunning(FiberEngine engine) {
        List<String> log = log();
        Fiber outer = engine.newFiber(TASK, () -> {
            Fiber inner = engine.newFiber(CO, () -> {
                try {
                    engine.suspend(CO);
                    log.add("inner resumed?!");
                } finally {
                    log.add("inner finally");
                }
            });
            log.add("inner suspended: " + !inner.resume());
            inner.kill();
            log.add("inner done: " + inner.isDone() + ", failure: " + inner.failure());
            engine.suspend(TASK);
            log.add("outer end");
        });
        assertFalse(outer.resume());
        assertEquals(List.of("inner suspended: true", "inner finally", "inner done: true, failure: null"), log);
        assertTrue(outer.resume());
        assertEquals("outer end", log.get(log.size() - 1));
        assertNull(outer.failure());
    }

    // ---- pinning ----

    @EngineTest
    void suspendWhileHoldingAMonitorNeverHangs(FiberEngine engine) {
        Object lock = new Object();
        List<String> log = log();
        Fiber f = engine.newFiber(TASK, () -> {
            synchronized (lock) {
                try {
                    engine.suspend(TASK);
                    log.add("suspended");
                } catch (FiberPinnedException e) {
                    log.add("pinned: " + e.getMessage());
                }
            }
            log.add("end");
        });
        boolean done = f.resume();
        if (done) {
            // the JVM refused to yield with the monitor held (continuations before JDK 24)
            assertTrue(Engines.isContinuation(engine), "only continuations can be pinned");
            assertEquals(2, log.size(), log::toString);
            assertTrue(log.get(0).startsWith("pinned: "), log.get(0));
            assertTrue(log.get(0).contains("MONITOR"), log.get(0));
        } else {
            // the thread engine, or a JVM that yields with a monitor held (JDK 24+, JEP 491)
            assertEquals(List.of(), log);
            assertTrue(f.resume());
            assertEquals(List.of("suspended", "end"), log);
        }
        assertNull(f.failure());
    }

    /** Suspending inside a class initializer: the JVM pins continuations there (a native frame). */
    static final class SuspendsInClassInit {
        static final Throwable CAUGHT;

        static {
            Throwable caught = null;
            try {
                FiberEngines.continuation().suspend(TASK);
            } catch (Throwable t) {
                caught = t;
            }
            CAUGHT = caught;
        }
    }

    @Test
    void continuationPinnedYieldBecomesFiberPinnedExceptionAndTheFiberGoesOn() {
        assumeTrue(FiberEngines.continuationAvailable(), "continuation engine unavailable");
        FiberEngine engine = FiberEngines.continuation();
        List<String> log = log();
        Fiber f = engine.newFiber(TASK, () -> {
            Throwable caught = SuspendsInClassInit.CAUGHT; // initializes the class inside the fiber
            log.add(String.valueOf(caught));
            engine.suspend(TASK); // still a working fiber afterwards
            log.add("end");
        });
        assertFalse(f.resume());
        assertEquals(1, log.size());
        assertTrue(log.get(0).startsWith(FiberPinnedException.class.getName()), log.get(0));
        assertTrue(log.get(0).contains("pinned"), log.get(0));
        assertTrue(f.resume());
        assertEquals("end", log.get(1));
        assertNull(f.failure());
    }

    // ---- the thread engine's pool ----

    @Test
    void threadEngineReusesItsThreadsForSequentialFibers() {
        FiberEngine engine = FiberEngines.thread();
        int before = liveFiberThreads();
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        int fibers = 2_000;
        for (int i = 0; i < fibers; i++) {
            Fiber f = engine.newFiber(TASK, () -> {
                used.add(Thread.currentThread());
                engine.suspend(TASK);
                used.add(Thread.currentThread());
            });
            assertFalse(f.resume());
            assertTrue(f.resume());
        }
        Fiber killed = engine.newFiber(TASK, () -> {
            used.add(Thread.currentThread());
            engine.suspend(TASK);
        });
        killed.resume();
        killed.kill();
        assertTrue(used.size() <= 2, "sequential fibers should share pooled threads, used " + used.size());
        assertTrue(liveFiberThreads() - before <= 2, "fiber threads grew from " + before + " to " + liveFiberThreads());
    }

    private static int liveFiberThreads() {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("ward-fiber-") && t.isAlive()) {
                n++;
            }
        }
        return n;
    }
}
