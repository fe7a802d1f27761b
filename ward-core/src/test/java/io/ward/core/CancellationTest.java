package io.ward.core;

import io.netty.util.concurrent.Promise;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.EngineTest;
import io.ward.core.testing.ManualLoop;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.ward.core.SchedulerTest.assertCancelled;
import static io.ward.core.SchedulerTest.guarded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cancellation on a manual loop: what {@code cancel()} returns, cancelling before start, and
 * cancelling a task suspended at each kind of suspension point without losing anything.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CancellationTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    private static List<String> log() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    // ---- cancel() return values ----

    @EngineTest
    void cancelIsTrueOnlyForAnUnfinishedUncancelledUnjoinedTask(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Promise<String> gate = m.loop.newPromise();

            Task<String> queued = s.spawn(() -> "never");
            assertFalse(queued.isCancelRequested());
            assertTrue(queued.cancel());
            assertTrue(queued.isCancelRequested());
            assertFalse(queued.cancel(), "already cancelled");

            Task<String> suspended = s.spawn(() -> s.await(FutureAwaitables.of(s, gate)));
            Task<String> finished = s.spawn(() -> "done");
            Task<String> failed = s.spawn(() -> {
                throw new IllegalStateException();
            });
            Task<String> joined = s.spawn(() -> "joined");
            Task<String> awaited = s.spawn(() -> s.await(FutureAwaitables.of(s, gate)));
            Task<String> waiter = s.spawn(() -> s.await(awaited));
            m.runUntilIdle();
            assertEquals("joined", m.result(joined));

            assertFalse(finished.cancel(), "finished");
            assertFalse(failed.cancel(), "finished with a failure");
            assertFalse(joined.cancel(), "joined");
            assertTrue(awaited.cancel(), "being awaited is not joined yet");
            assertTrue(suspended.cancel());
            assertFalse(suspended.cancel(), "already cancelled");
            m.runUntilIdle();
            assertFalse(suspended.cancel(), "cancelled and finished");
            assertCancelled(m.failure(waiter)); // the waiter sees the cancellation of what it awaited
            assertFalse(awaited.cancel(), "joined by the waiter");
            assertEquals("done", m.result(finished));
            m.failure(failed);
        }
    }

    // ---- before start ----

    @EngineTest
    void cancelBeforeStartRunsNoCodeOfTheTask(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<String> log = log();
            Task<String> fromOutside = s.spawn(() -> log.add("outside ran") ? "x" : "y");
            assertTrue(fromOutside.cancel());
            assertTrue(fromOutside.isDone(), "a task cancelled before it started is finished at once");
            Task<String> spawner = s.spawn(() -> {
                Task<String> child = s.spawn(() -> log.add("child ran") ? "x" : "y");
                boolean cancelled = child.cancel();
                s.yieldNow(); // the child would have started here
                return cancelled + " " + child.isDone() + " " + SchedulerTest.messageOf(() -> s.await(child));
            });
            m.runUntilIdle();
            assertEquals("true true cancelled", m.result(spawner));
            assertEquals(List.of(), log);
            assertCancelled(m.failure(fromOutside));
            assertEquals(0, s.liveTaskCount());
        }
    }

    // ---- while running ----

    @EngineTest
    void cancelWhileRunningTakesEffectAtTheNextSuspensionPoint(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<String> log = log();
            AtomicReference<Task<Object>> self = new AtomicReference<>();
            Task<Object> t = s.spawn(() -> {
                log.add("cancel returned " + self.get().cancel());
                log.add("still running");
                try {
                    s.yieldNow();
                    log.add("yielded?!");
                } finally {
                    log.add("finally");
                }
                return "unreached";
            });
            self.set(t);
            m.runUntilIdle();
            assertEquals(List.of("cancel returned true", "still running", "finally"), log);
            assertCancelled(m.failure(t));
        }
    }

    @EngineTest
    void cancelSignalPassesCatchExceptionAndCannotBeOutwaited(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<String> log = log();
            Task<Object> t = s.spawn(() -> {
                try {
                    try {
                        s.await(FutureAwaitables.of(s, m.loop.newPromise()));
                    } catch (Exception e) {
                        log.add("catch (Exception) saw " + e);
                    } finally {
                        log.add("finally");
                    }
                } catch (CancelSignal signal) {
                    log.add("signal is an Error: " + (signal instanceof Error) + ", message: " + signal.getMessage());
                    // swallowing it does not help: every later suspension point throws again
                    try {
                        s.await(Timers.sleep(s, 0));
                        log.add("slept?!");
                    } catch (CancelSignal again) {
                        log.add("again");
                    }
                    try {
                        s.select(List.of(Timers.sleep(s, 0)));
                        log.add("selected?!");
                    } catch (CancelSignal again) {
                        log.add("again");
                    }
                    throw signal;
                }
                return "unreached";
            });
            m.runUntilIdle();
            assertTrue(t.cancel());
            m.runUntilIdle();
            assertEquals(List.of("finally", "signal is an Error: true, message: cancelled", "again", "again"), log);
            assertCancelled(m.failure(t));
            assertTrue(m.unobserved.isEmpty());
        }
    }

    // ---- while suspended, at every kind of suspension point ----

    @EngineTest
    void cancelDuringSleepCancelsItsTimer(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<String> log = log();
            Task<Object> t = s.spawn(() -> guarded(log, "sleep", () -> s.await(Timers.sleep(s, HOUR))));
            m.runUntilIdle();
            assertTrue(m.loop.hasTimers());
            assertTrue(t.cancel());
            assertFalse(t.isDone(), "it unwinds when the loop resumes it");
            m.runUntilIdle();
            assertCancelled(m.failure(t));
            assertEquals(List.of("sleep finally"), log);
            assertFalse(m.loop.hasTimers());
        }
    }

    @EngineTest
    void cancelledBlockedSendNeverDelivers(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<String> log = log();
            BoundedChannel ch = new BoundedChannel(s, 1);
            assertEquals(BoundedChannel.TrySend.SENT, ch.trySend("first"));
            Task<Object> sender = s.spawn(() -> guarded(log, "send", () -> s.await(ch.sender("cancelled"))));
            m.runUntilIdle();
            m.assertPending(sender);
            assertTrue(sender.cancel());
            // a slot frees up before the cancelled sender has unwound: it must not be admitted
            assertEquals("first", ch.tryReceive().value());
            m.runUntilIdle();
            assertCancelled(m.failure(sender));
            assertEquals(List.of("send finally"), log);
            assertNull(ch.tryReceive(), "the cancelled value was never delivered");
            assertEquals(0, ch.size());
            assertEquals(BoundedChannel.TrySend.SENT, ch.trySend("next"));
            assertEquals("next", ch.tryReceive().value());
        }
    }

    @EngineTest
    void cancelledBlockedSenderKeepsLaterSendersInOrder(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, 1);
            ch.trySend("first");
            Task<Object> a = s.spawn(() -> s.await(ch.sender("a")));
            Task<Object> b = s.spawn(() -> s.await(ch.sender("b")));
            Task<Object> c = s.spawn(() -> s.await(ch.sender("c")));
            m.runUntilIdle();
            assertTrue(b.cancel());
            m.runUntilIdle();
            List<Object> got = new ArrayList<>();
            Task<Void> receiver = s.spawn(() -> {
                for (int i = 0; i < 3; i++) {
                    got.add(s.await(ch.receiver()));
                }
                return null;
            });
            m.runUntilIdle();
            m.result(receiver);
            assertEquals(List.of("first", "a", "c"), got);
            assertEquals(Boolean.TRUE, m.result(a));
            assertCancelled(m.failure(b));
            assertEquals(Boolean.TRUE, m.result(c));
        }
    }

    @EngineTest
    void cancelledBlockedReceiveConsumesNothing(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<String> log = log();
            BoundedChannel ch = new BoundedChannel(s, 4);
            Task<Object> receiver = s.spawn(() -> guarded(log, "receive", () -> s.await(ch.receiver())));
            m.runUntilIdle();
            assertTrue(receiver.cancel());
            // a message arrives before the cancelled receiver has unwound: it must stay queued
            assertEquals(BoundedChannel.TrySend.SENT, ch.trySend("kept"));
            m.runUntilIdle();
            assertCancelled(m.failure(receiver));
            assertEquals(List.of("receive finally"), log);
            assertEquals(1, ch.size());
            Task<Object> next = s.spawn(() -> s.await(ch.receiver()));
            assertEquals("kept", m.runAndGet(next));
        }
    }

    @EngineTest
    void cancelledSelectConsumesNothingFromAnyEntry(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<String> log = log();
            BoundedChannel a = new BoundedChannel(s, 1);
            BoundedChannel b = new BoundedChannel(s, 1);
            Task<Object> t = s.spawn(() -> guarded(log, "select",
                    () -> s.select(List.of(a.receiver(), b.receiver(), Timers.sleep(s, HOUR)))));
            m.runUntilIdle();
            assertTrue(t.cancel());
            a.trySend("a");
            b.trySend("b");
            m.runUntilIdle();
            assertCancelled(m.failure(t));
            assertEquals(List.of("select finally"), log);
            assertEquals("a", a.tryReceive().value());
            assertEquals("b", b.tryReceive().value());
            assertFalse(m.loop.hasTimers());
        }
    }

    @EngineTest
    void cancelledJoinLeavesTheResultForALaterJoin(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<String> log = log();
            Promise<String> gate = m.loop.newPromise();
            Task<String> target = s.spawn(() -> s.await(FutureAwaitables.of(s, gate)));
            Task<Object> waiter = s.spawn(() -> guarded(log, "join", () -> s.await(target)));
            m.runUntilIdle();
            assertTrue(waiter.cancel());
            gate.setSuccess("result"); // the target finishes before the cancelled waiter unwound
            m.runUntilIdle();
            assertCancelled(m.failure(waiter));
            assertEquals(List.of("join finally"), log);
            assertFalse(target.isCancelRequested(), "cancelling a waiter does not cancel what it waits for");
            assertEquals("result", m.result(target));
        }
    }

    @EngineTest
    void cancelDuringAwaitWithTimeoutIsACancellationNotATimeout(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<String> log = log();
            BoundedChannel ch = new BoundedChannel(s, 1);
            Task<Object> t = s.spawn(() -> guarded(log, "timeout", () -> s.await(ch.receiver(), HOUR)));
            m.runUntilIdle();
            assertTrue(m.loop.hasTimers());
            assertTrue(t.cancel());
            ch.trySend("kept");
            m.runUntilIdle();
            assertCancelled(m.failure(t));
            assertEquals(List.of("timeout finally"), log);
            assertFalse(m.loop.hasTimers());
            assertEquals("kept", ch.tryReceive().value());
        }
    }

    @EngineTest
    void cancelWhileAwaitingANettyFuture(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<String> log = log();
            Promise<String> p = m.loop.newPromise();
            Task<Object> t = s.spawn(() -> guarded(log, "future", () -> s.await(FutureAwaitables.of(s, p))));
            m.runUntilIdle();
            assertTrue(t.cancel());
            m.runUntilIdle();
            assertCancelled(m.failure(t));
            assertEquals(List.of("future finally"), log);
            assertFalse(p.isDone(), "the awaited future itself is not cancelled");
            p.setSuccess("late");
            m.runUntilIdle();
            assertEquals(List.of("future finally"), log);
        }
    }

    @EngineTest
    void cancelWhileAwaitingACompletionStage(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<String> log = log();
            CompletableFuture<String> f = new CompletableFuture<>();
            Task<Object> t = s.spawn(() -> guarded(log, "stage", () -> s.await(FutureAwaitables.of(s, f))));
            m.runUntilIdle();
            assertTrue(t.cancel());
            m.runUntilIdle();
            assertCancelled(m.failure(t));
            assertEquals(List.of("stage finally"), log);
            assertFalse(f.isDone());
            f.complete("late");
            m.runUntilIdle();
            assertEquals(List.of("stage finally"), log);
        }
    }

    @EngineTest
    void cancelAfterTheWaitCompletedButBeforeTheTaskResumedLosesNothing(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<Object> got = Collections.synchronizedList(new ArrayList<>());
            BoundedChannel ch = new BoundedChannel(s, 1);
            Task<Object> t = s.spawn(() -> {
                got.add(s.await(ch.receiver()));
                s.yieldNow();
                got.add("ran past the next suspension?!");
                return null;
            });
            m.runUntilIdle();
            ch.trySend("msg"); // hands the message to the parked receiver: the task is ready
            assertTrue(t.cancel());
            m.runUntilIdle();
            assertCancelled(m.failure(t));
            Outcome<Object> left = ch.tryReceive();
            // the message is either in the task's hands or still in the channel, never lost
            if (left == null) {
                assertEquals(List.of("msg"), got);
            } else {
                assertEquals("msg", left.value());
                assertEquals(List.of(), got);
            }
        }
    }

    @EngineTest
    void cancelledTaskSeenByItsWaiterAsTaskCancelledException(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Task<String> target = s.spawn(() -> s.await(Timers.sleep(s, HOUR)) + "");
            Task<Throwable> waiter = s.spawn(() -> {
                try {
                    s.await(target);
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            m.runUntilIdle();
            target.cancel();
            m.runUntilIdle();
            Throwable seen = m.result(waiter);
            assertCancelled(seen);
            assertInstanceOf(TaskCancelledException.class, seen);
            assertFalse(waiter.isCancelRequested(), "the waiter itself was not cancelled");
            assertFalse(m.loop.hasTimers());
        }
    }

    @EngineTest
    void aTaskCancelledWhileItYieldsRunsNoFurtherCode(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<String> log = log();
            AtomicReference<Task<Object>> victim = new AtomicReference<>();
            Task<Object> t = s.spawn(() -> {
                log.add("before yield");
                s.yieldNow(); // the canceller runs here, while this task is queued to resume
                log.add("ran after being cancelled at its yield");
                s.yieldNow();
                return "unreached";
            });
            victim.set(t);
            s.spawn(() -> victim.get().cancel()).detach();
            m.runUntilIdle();
            assertCancelled(m.failure(t));
            assertEquals(List.of("before yield"), log);
        }
    }

    @EngineTest
    void cancellingATaskSpawnedFromAnotherThreadBeforeItReachedTheLoop(FiberEngine engine) throws Exception {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<String> log = log();
            AtomicReference<Task<String>> spawned = new AtomicReference<>();
            BoundedChannelTest.onOtherThread(() -> spawned.set(s.spawn(() -> {
                log.add("ran");
                return "x";
            })));
            Task<String> t = spawned.get();
            assertTrue(t.cancel()); // on the loop thread, before the spawn's hop has run
            m.runUntilIdle();
            assertEquals(List.of(), log);
            assertCancelled(m.failure(t));
            assertEquals(0, s.liveTaskCount(), "a cancelled task is still counted as live");
            s.close();
            m.runUntilIdle();
        }
    }
}
