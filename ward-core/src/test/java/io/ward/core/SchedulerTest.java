package io.ward.core;

import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.EngineTest;
import io.ward.core.testing.Expect;
import io.ward.core.testing.ManualLoop;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scheduler and task lifecycle on a manual loop: lazy spawn, FIFO order, results and
 * failures, the single join, errors for misuse, and close. Cancellation has its own class.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SchedulerTest {

    private static List<String> log() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    // ---- spawn and order ----

    @EngineTest
    void spawnIsLazyTheSpawnerRunsOnUntilItSuspends(FiberEngine engine) {
        Expect e = new Expect();
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Task<String> main = s.spawn(() -> {
                e.expect(1);
                Task<String> child = s.spawn(() -> {
                    e.expect(3);
                    return "child";
                });
                e.expect(2); // the child has not run yet
                s.yieldNow();
                e.expect(4);
                return s.await(child);
            });
            e.check(0); // spawning from outside a task is lazy too
            assertEquals("child", m.runAndGet(main));
            e.finish(5);
        }
    }

    @EngineTest
    void aTaskLocalBelongsToItsTaskAndSurvivesSuspension(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Task<List<Object>> main = s.spawn(() -> {
                List<Object> seen = new ArrayList<>();
                seen.add(s.taskLocal()); // unset
                s.setTaskLocal("main");
                Task<Object> other = s.spawn(() -> {
                    Object before = s.taskLocal();
                    s.setTaskLocal("other");
                    s.yieldNow();
                    return before + "/" + s.taskLocal();
                });
                s.yieldNow(); // the other task runs and sets its own value meanwhile
                seen.add(s.taskLocal());
                seen.add(s.await(other));
                return seen;
            });
            assertEquals(java.util.Arrays.asList(null, "main", "null/other"), m.runAndGet(main));
            assertThrows(IllegalStateException.class, s::taskLocal); // outside any task
        }
    }

    @EngineTest
    void awaitingSomethingAlreadyReadyDoesNotSuspend(FiberEngine engine) {
        Expect e = new Expect();
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Promise<String> done = m.loop.newPromise();
            done.setSuccess("now");
            Task<String> main = s.spawn(() -> {
                e.expect(1);
                s.spawn(() -> {
                    e.expect(3);
                    return null;
                }).detach();
                String v = s.await(FutureAwaitables.of(s, done));
                e.expect(2); // the child still has not run: nothing suspended
                return v;
            });
            assertEquals("now", m.runAndGet(main));
            e.finish(4);
        }
    }

    @EngineTest
    void readyTasksRunInFifoOrder(FiberEngine engine) {
        List<String> log = log();
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Task<Void> main = s.spawn(() -> {
                for (int i = 1; i <= 4; i++) {
                    int id = i;
                    s.spawn(() -> {
                        log.add("t" + id + " a");
                        s.yieldNow();
                        log.add("t" + id + " b");
                        return null;
                    }).detach();
                }
                log.add("main a");
                s.yieldNow();
                log.add("main b");
                return null;
            });
            m.runAndGet(main);
            assertEquals(List.of("main a", "t1 a", "t2 a", "t3 a", "t4 a",
                    "main b", "t1 b", "t2 b", "t3 b", "t4 b"), log);
        }
    }

    @EngineTest
    void tasksResumeInTheOrderTheirAwaitablesCompleted(FiberEngine engine) {
        List<String> log = log();
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<Promise<String>> promises = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Promise<String> p = m.loop.newPromise();
                promises.add(p);
                s.spawn(() -> log.add(s.await(FutureAwaitables.of(s, p)))).detach();
            }
            m.runUntilIdle();
            assertEquals(List.of(), log);
            promises.get(2).setSuccess("2");
            promises.get(0).setSuccess("0");
            promises.get(3).setSuccess("3");
            promises.get(1).setSuccess("1");
            m.runUntilIdle();
            assertEquals(List.of("2", "0", "3", "1"), log);
        }
    }

    @EngineTest
    void spawnedFromOutsideATaskStartsInSpawnOrder(FiberEngine engine) {
        List<Integer> log = Collections.synchronizedList(new ArrayList<>());
        try (ManualLoop m = new ManualLoop(engine)) {
            for (int i = 0; i < 10; i++) {
                int id = i;
                m.scheduler.spawn(() -> log.add(id)).detach();
            }
            assertEquals(10, m.scheduler.liveTaskCount());
            m.runUntilIdle();
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), log);
            assertEquals(0, m.scheduler.liveTaskCount());
        }
    }

    // ---- results and failures ----

    @EngineTest
    void resultValuesAreKeptByIdentity(FiberEngine engine) {
        Object value = new Object();
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Task<Object> child = s.spawn(() -> value);
            Task<Object> nothing = s.spawn(() -> null);
            Task<List<Object>> main = s.spawn(() -> {
                List<Object> got = new ArrayList<>();
                got.add(s.await(child));
                got.add(s.await(nothing));
                return got;
            });
            List<Object> got = m.runAndGet(main);
            assertSame(value, got.get(0));
            assertNull(got.get(1));
        }
    }

    @EngineTest
    void failuresAreKeptByIdentityCheckedAndErrorsIncluded(FiberEngine engine) {
        Throwable[] failures = {new IllegalStateException("runtime"), new IOException("checked"),
            new AssertionError("error"), new StackOverflowError()};
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<Task<Object>> children = new ArrayList<>();
            for (Throwable t : failures) {
                children.add(s.spawn(() -> {
                    s.yieldNow();
                    throw Outcome.<Exception>sneaky(t);
                }));
            }
            Task<List<Throwable>> main = s.spawn(() -> {
                List<Throwable> seen = new ArrayList<>();
                for (Task<Object> c : children) {
                    try {
                        s.await(c);
                        seen.add(null);
                    } catch (Throwable t) {
                        seen.add(t);
                    }
                }
                return seen;
            });
            List<Throwable> seen = m.runAndGet(main);
            for (int i = 0; i < failures.length; i++) {
                assertSame(failures[i], seen.get(i));
            }
            assertTrue(m.unobserved.isEmpty(), "joined failures are observed");
        }
    }

    @EngineTest
    void aTaskIsJoinedOnlyOnce(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            RuntimeException boom = new RuntimeException("boom");
            Task<String> ok = s.spawn(() -> "ok");
            Task<String> failed = s.spawn(() -> {
                throw boom;
            });
            Task<String> cancelled = s.spawn(() -> s.await(FutureAwaitables.of(s, m.loop.<String>newPromise())));
            Task<List<String>> main = s.spawn(() -> {
                List<String> seen = new ArrayList<>();
                seen.add(s.await(ok));
                seen.add(messageOf(() -> s.await(ok)));
                seen.add(messageOf(() -> s.await(failed)));
                seen.add(messageOf(() -> s.await(failed)));
                cancelled.cancel();
                seen.add(messageOf(() -> s.await(cancelled)));
                seen.add(messageOf(() -> s.await(cancelled)));
                seen.add(messageOf(() -> s.select(List.of(ok)).get()));
                seen.add(messageOf(() -> s.await(ok, 1_000_000)));
                return seen;
            });
            assertEquals(List.of("ok", "task already joined", "boom", "task already joined",
                    "cancelled", "task already joined", "task already joined", "task already joined"),
                    m.runAndGet(main));
        }
    }

    @EngineTest
    void aSecondConcurrentWaiterIsRefusedWhileOthersMayStillUseTheHandle(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Promise<String> gate = m.loop.newPromise();
            Task<String> target = s.spawn(() -> s.await(FutureAwaitables.of(s, gate)));
            Task<String> first = s.spawn(() -> s.await(target));
            Task<List<Object>> second = s.spawn(() -> {
                List<Object> seen = new ArrayList<>();
                seen.add(messageOf(() -> s.await(target)));
                seen.add(target.isDone());
                seen.add(target.detach());
                return seen;
            });
            m.runUntilIdle();
            assertEquals(List.of("task already joined", false, true), m.result(second));
            m.assertPending(first);
            gate.setSuccess("value");
            m.runUntilIdle();
            assertEquals("value", m.result(first));
        }
    }

    @EngineTest
    void aTaskCannotWaitForItself(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            AtomicReference<Task<String>> self = new AtomicReference<>();
            Task<String> t = s.spawn(() -> {
                String a = messageOf(() -> s.await(self.get()));
                String b = messageOf(() -> s.select(List.of(self.get())).get());
                return a + " / " + b;
            });
            self.set(t);
            m.runUntilIdle();
            assertEquals("a task cannot wait for itself / a task cannot wait for itself", m.result(t));
        }
    }

    @EngineTest
    void joiningFromTheLoopThreadByPollCountsAsTheJoin(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Task<String> t = s.spawn(() -> "v");
            assertNull(t.poll(), "not finished yet: poll neither blocks nor joins");
            m.runUntilIdle();
            assertEquals("v", m.result(t));
            Outcome<String> again = t.poll();
            assertEquals("task already joined", again.failure().getMessage());
        }
    }

    // ---- done / detach ----

    @EngineTest
    void doneAndDetach(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Promise<String> gate = m.loop.newPromise();
            Task<String> t = s.spawn(() -> s.await(FutureAwaitables.of(s, gate)));
            Task<String> fails = s.spawn(() -> {
                throw new IllegalStateException();
            });
            assertFalse(t.isDone());
            assertFalse(t.isDetached());
            assertTrue(t.detach());
            assertTrue(t.detach(), "idempotent");
            assertTrue(t.isDetached());
            m.runUntilIdle();
            assertFalse(t.isDone());
            assertTrue(fails.isDone(), "done after a failure too");
            gate.setSuccess("x");
            m.runUntilIdle();
            assertTrue(t.isDone());
            assertEquals("x", m.result(t), "a detached task can still be joined");
            assertTrue(t.isDone());
            assertTrue(t.toString().startsWith("Task("), t.toString());
            m.failure(fails);
        }
    }

    // ---- misuse ----

    @EngineTest
    void awaitingOutsideATaskThrows(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Promise<String> p = m.loop.newPromise();
            assertFalse(s.inTask());
            assertTrue(s.inContext(), "the test thread is the manual loop's thread");
            assertThrows(IllegalStateException.class, () -> s.await(FutureAwaitables.of(s, p)));
            assertThrows(IllegalStateException.class, () -> s.select(List.of(FutureAwaitables.of(s, p))));
            assertThrows(IllegalStateException.class, () -> s.await(FutureAwaitables.of(s, p), 1));
            assertThrows(IllegalStateException.class, s::yieldNow);
            assertThrows(IllegalArgumentException.class, () -> s.select(List.of()));
            Task<Boolean> inTask = s.spawn(s::inTask);
            assertTrue(m.runAndGet(inTask));
        }
    }

    @EngineTest
    void selectWithNoEntriesIsRejectedInsideATaskToo(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Task<String> t = s.spawn(() -> messageOf(() -> s.select(List.of())));
            assertEquals("select needs at least one awaitable", m.runAndGet(t));
        }
    }

    @EngineTest
    void joinBlockingOnTheLoopOrInsideATaskThrows(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Task<String> other = s.spawn(() -> "other");
            assertThrows(IllegalStateException.class, other::joinBlocking, "the test thread is the loop");
            Task<Throwable> inside = s.spawn(() -> {
                try {
                    other.joinBlocking();
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            m.runUntilIdle();
            assertInstanceOf(IllegalStateException.class, m.result(inside));
            assertEquals("other", m.result(other), "the failed blocking joins did not join");
        }
    }

    // ---- toFuture ----

    @EngineTest
    void toFutureCompletesWithTheResultAndCountsAsTheJoin(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            RuntimeException boom = new RuntimeException();
            Task<String> ok = s.spawn(() -> {
                s.yieldNow();
                return "ok";
            });
            Task<String> failed = s.spawn(() -> {
                throw boom;
            });
            Future<String> okFuture = ok.toFuture();
            Future<String> failedFuture = failed.toFuture();
            assertFalse(okFuture.isDone());
            m.runUntilIdle();
            assertEquals("ok", okFuture.getNow());
            assertSame(boom, failedFuture.cause());
            assertEquals("task already joined", ok.poll().failure().getMessage());
            assertFalse(ok.cancel(), "joined");
            m.runUntilIdle();
            assertTrue(m.unobserved.isEmpty(), "a future counts as observing the failure");
        }
    }

    @EngineTest
    void toFutureAfterTheTaskWasJoinedFailsWithAlreadyJoined(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Task<String> t = s.spawn(() -> "once");
            Task<String> joiner = s.spawn(() -> s.await(t));
            m.runUntilIdle();
            assertEquals("once", m.result(joiner));
            Future<String> late = t.toFuture();
            m.runUntilIdle();
            assertTrue(late.isDone());
            assertFalse(late.isSuccess(), "a second join through toFuture handed out the result again");
            assertEquals("task already joined", late.cause().getMessage());
        }
    }

    // ---- unobserved failures and close ----

    @EngineTest
    void unobservedFailureIsReportedOnceAtClose(FiberEngine engine) {
        ManualLoop m = new ManualLoop(engine);
        Scheduler s = m.scheduler;
        RuntimeException lost = new RuntimeException("nobody waits for me");
        Task<Object> failing = s.spawn(() -> {
            throw lost;
        });
        Task<Object> joinedFailure = s.spawn(() -> {
            throw new RuntimeException("joined");
        });
        Task<Object> cancelled = s.spawn(() -> s.await(FutureAwaitables.of(s, m.loop.newPromise())));
        Task<Object> fine = s.spawn(() -> "fine");
        m.runUntilIdle();
        cancelled.cancel();
        m.runUntilIdle();
        m.failure(joinedFailure);
        assertTrue(m.unobserved.isEmpty(), "nothing is reported before close while the handle lives");
        m.close();
        assertEquals(List.of(lost), m.unobserved);
        s.close();
        m.runUntilIdle();
        assertEquals(List.of(lost), m.unobserved, "reported once");
        assertTrue(failing.isDone() && cancelled.isDone() && fine.isDone());
    }

    @EngineTest
    void closeCancelsEveryTaskWhereverItIsAndRejectsLaterSpawns(FiberEngine engine) {
        ManualLoop m = new ManualLoop(engine);
        Scheduler s = m.scheduler;
        List<String> log = log();
        BoundedChannel full = new BoundedChannel(s, 1);
        full.trySend("filler");
        BoundedChannel empty = new BoundedChannel(s, 1);
        List<Task<?>> tasks = new ArrayList<>();
        tasks.add(s.spawn(() -> guarded(log, "promise", () -> s.await(FutureAwaitables.of(s, m.loop.newPromise())))));
        tasks.add(s.spawn(() -> guarded(log, "sleep", () -> s.await(Timers.sleep(s, 3_600_000_000_000L)))));
        tasks.add(s.spawn(() -> guarded(log, "receive", () -> s.await(empty.receiver()))));
        tasks.add(s.spawn(() -> guarded(log, "send", () -> s.await(full.sender("more")))));
        tasks.add(s.spawn(() -> guarded(log, "select", () -> s.select(List.of(empty.receiver(),
                Timers.sleep(s, 3_600_000_000_000L))))));
        m.runUntilIdle();
        assertTrue(m.loop.hasTimers());
        tasks.add(s.spawn(() -> guarded(log, "queued", () -> "never started")));
        assertEquals(6, s.liveTaskCount());
        assertFalse(s.isClosed());

        s.close();
        assertTrue(s.isClosed());
        assertThrows(RejectedExecutionException.class, () -> s.spawn(() -> "late"));
        m.runUntilIdle();

        assertEquals(0, s.liveTaskCount());
        for (Task<?> t : tasks) {
            assertTrue(t.isDone());
            assertInstanceOf(TaskCancelledException.class, m.failure(t));
        }
        Collections.sort(log);
        assertEquals(List.of("promise finally", "receive finally", "select finally", "send finally", "sleep finally"), log);
        assertFalse(m.loop.hasTimers(), "cancelled sleeps leave no timers behind");
        assertEquals("filler", full.tryReceive().value(), "the cancelled send did not deliver");
        assertNull(full.tryReceive());
        s.close(); // idempotent
        m.runUntilIdle();
    }

    @EngineTest
    void closeFromInsideATaskCancelsItAtItsNextSuspension(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<String> log = log();
            Task<Object> t = s.spawn(() -> {
                s.close();
                log.add("still running after close");
                try {
                    s.spawn(() -> "late");
                } catch (RejectedExecutionException e) {
                    log.add("spawn rejected");
                }
                return s.await(Timers.sleep(s, 1));
            });
            m.runUntilIdle();
            assertEquals(List.of("still running after close", "spawn rejected"), log);
            assertInstanceOf(TaskCancelledException.class, m.failure(t));
        }
    }

    // ---- helpers ----

    interface Body {
        Object run() throws Exception;
    }

    /** The message of what {@code body} throws (checked or not, Error included), or "no error". */
    static String messageOf(Body body) {
        try {
            body.run();
            return "no error";
        } catch (Throwable t) {
            return t.getMessage();
        }
    }

    /** Runs {@code body}, logging "{name} caught" if a catch (Exception) sees something and "{name} finally" always. */
    static Object guarded(List<String> log, String name, Body body) throws Exception {
        try {
            return body.run();
        } catch (Exception e) {
            log.add(name + " caught " + e);
            throw e;
        } finally {
            log.add(name + " finally");
        }
    }

    static void assertCancelled(Throwable t) {
        assertInstanceOf(TaskCancelledException.class, t);
        assertInstanceOf(CancellationException.class, t);
        assertEquals("cancelled", t.getMessage());
    }
}
