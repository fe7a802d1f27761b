package io.ward.core;

import io.netty.util.concurrent.Promise;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.EngineTest;
import io.ward.core.testing.ManualLoop;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** select on a manual loop: who wins, and that losers lose nothing and keep running. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SelectTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    /** "index:value" of the winner. */
    private static String winner(Selected s) {
        return s.index() + ":" + s.get();
    }

    @EngineTest
    void theFirstToCompleteWinsAndTheOthersAreWithdrawn(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel a = new BoundedChannel(s, 1);
            BoundedChannel b = new BoundedChannel(s, 1);
            Task<String> t = s.spawn(() -> winner(s.select(List.of(a.receiver(), b.receiver(), Timers.sleep(s, HOUR)))));
            m.runUntilIdle();
            m.assertPending(t);
            b.trySend("b");
            m.runUntilIdle();
            assertEquals("1:b", m.result(t));
            assertFalse(m.loop.hasTimers(), "the losing sleep's timer is cancelled");
            a.trySend("a");
            m.runUntilIdle();
            assertEquals("a", a.tryReceive().value(), "the losing receive left no waiter behind");
        }
    }

    @EngineTest
    void aTimerCanWin(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel a = new BoundedChannel(s, 1);
            Task<String> t = s.spawn(() -> winner(s.select(List.of(a.receiver(), Timers.sleep(s, 1_000)))));
            m.runUntilIdle();
            m.advance(1_000, TimeUnit.NANOSECONDS);
            assertEquals("1:true", m.result(t));
            a.trySend("kept");
            assertEquals("kept", a.tryReceive().value());
        }
    }

    @EngineTest
    void theLowestIndexWinsWhenSeveralAreReady(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel a = new BoundedChannel(s, 1);
            BoundedChannel b = new BoundedChannel(s, 1);
            Task<String> done = s.spawn(() -> "task");
            m.runUntilIdle();
            a.trySend("a");
            b.trySend("b");
            Task<String> t = s.spawn(() -> winner(s.select(List.of(b.receiver(), a.receiver(), done))));
            Task<String> t2 = s.spawn(() -> winner(s.select(List.of(done, a.receiver()))));
            m.runUntilIdle();
            assertEquals("0:b", m.result(t));
            assertEquals("0:task", m.result(t2));
            assertEquals("a", a.tryReceive().value(), "the ready loser kept its message");
            assertNull(b.tryReceive());
        }
    }

    @EngineTest
    void aLosingChannelKeepsItsMessageWhenBothBecomeReadyInOneTurn(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel a = new BoundedChannel(s, 1);
            BoundedChannel b = new BoundedChannel(s, 1);
            Task<String> t = s.spawn(() -> winner(s.select(List.of(a.receiver(), b.receiver()))));
            m.runUntilIdle();
            b.trySend("b"); // completes the select
            a.trySend("a"); // offered to a waiter that already lost: declined
            m.runUntilIdle();
            assertEquals("1:b", m.result(t));
            assertEquals("a", a.tryReceive().value());
        }
    }

    @EngineTest
    void aLosingTaskKeepsItsResultForALaterJoinAndIsNotCancelled(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Promise<String> gate = m.loop.newPromise();
            BoundedChannel ch = new BoundedChannel(s, 1);
            Task<String> worker = s.spawn(() -> s.await(FutureAwaitables.of(s, gate)) + " done");
            Task<String> t = s.spawn(() -> winner(s.select(List.of(worker, ch.receiver()))));
            m.runUntilIdle();
            ch.trySend("msg");
            m.runUntilIdle();
            assertEquals("1:msg", m.result(t));
            assertFalse(worker.isCancelRequested(), "losing work is not cancelled");
            assertFalse(worker.isDone());
            gate.setSuccess("work");
            m.runUntilIdle();
            assertEquals("work done", m.result(worker));
        }
    }

    @EngineTest
    void aTaskFinishingJustAfterLosingInTheSameTurnKeepsItsResult(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Promise<String> gate = m.loop.newPromise();
            BoundedChannel ch = new BoundedChannel(s, 1);
            Task<String> worker = s.spawn(() -> s.await(FutureAwaitables.of(s, gate)));
            Task<String> t = s.spawn(() -> winner(s.select(List.of(ch.receiver(), worker))));
            m.runUntilIdle();
            ch.trySend("msg");        // the select task is woken first...
            gate.setSuccess("result"); // ...the worker finishes before the select task withdrew from it
            m.runUntilIdle();
            assertEquals("0:msg", m.result(t));
            assertEquals("result", m.result(worker));
        }
    }

    @EngineTest
    void aTaskFinishingFirstInTheSameTurnAsTheWinnerKeepsItsResult(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Promise<String> gate = m.loop.newPromise();
            BoundedChannel ch = new BoundedChannel(s, 1);
            Task<String> worker = s.spawn(() -> s.await(FutureAwaitables.of(s, gate)));
            Task<String> t = s.spawn(() -> winner(s.select(List.of(worker, ch.receiver()))));
            m.runUntilIdle();
            gate.setSuccess("result"); // the worker is queued to finish...
            ch.trySend("msg");         // ...but the channel completes the select first
            m.runUntilIdle();
            assertEquals("1:msg", m.result(t));
            assertEquals("result", m.result(worker), "the declined join left the result in place");
        }
    }

    @EngineTest
    void aLosingSendDeliversNothing(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel full = new BoundedChannel(s, 1);
            full.trySend("first");
            BoundedChannel other = new BoundedChannel(s, 1);
            Task<String> t = s.spawn(() -> winner(s.select(List.of(full.sender("lost"), other.receiver()))));
            m.runUntilIdle();
            other.trySend("win");
            m.runUntilIdle();
            assertEquals("1:win", m.result(t));
            assertEquals("first", full.tryReceive().value());
            assertNull(full.tryReceive(), "the losing send never delivered");
        }
    }

    @EngineTest
    void aSendCanWinWhenAReceiverFreesASlot(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel full = new BoundedChannel(s, 1);
            full.trySend("first");
            Task<String> t = s.spawn(() -> winner(s.select(List.of(full.sender("second"), Timers.sleep(s, HOUR)))));
            m.runUntilIdle();
            assertEquals("first", full.tryReceive().value());
            m.runUntilIdle();
            assertEquals("0:true", m.result(t));
            assertEquals("second", full.tryReceive().value());
            assertFalse(m.loop.hasTimers());
        }
    }

    @EngineTest
    void nettyFuturesAndCompletionStagesAsEntries(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Promise<String> promise = m.loop.newPromise();
            CompletableFuture<String> stage = new CompletableFuture<>();
            Task<String> t1 = s.spawn(() -> winner(s.select(List.of(FutureAwaitables.of(s, promise),
                    FutureAwaitables.of(s, stage)))));
            m.runUntilIdle();
            stage.complete("stage");
            m.runUntilIdle();
            assertEquals("1:stage", m.result(t1));
            promise.setSuccess("promise"); // the loser's listener fires into a withdrawn waiter
            m.runUntilIdle();

            Promise<String> p2 = m.loop.newPromise();
            CompletableFuture<String> s2 = new CompletableFuture<>();
            Task<String> t2 = s.spawn(() -> winner(s.select(List.of(FutureAwaitables.of(s, s2),
                    FutureAwaitables.of(s, p2)))));
            m.runUntilIdle();
            p2.setSuccess("promise");
            m.runUntilIdle();
            assertEquals("1:promise", m.result(t2));
            s2.complete("late");
            m.runUntilIdle();
        }
    }

    @EngineTest
    void aFailedWinnerIsReturnedAndRethrownByIdentity(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            RuntimeException boom = new RuntimeException("boom");
            Promise<String> p = m.loop.newPromise();
            Task<Selected> t = s.spawn(() -> s.select(List.of(FutureAwaitables.of(s, p), Timers.sleep(s, HOUR))));
            m.runUntilIdle();
            p.setFailure(boom);
            m.runUntilIdle();
            Selected sel = m.result(t);
            assertEquals(0, sel.index());
            assertFalse(sel.outcome().isSuccess());
            assertSame(boom, sel.outcome().failure());
            assertSame(boom, assertThrows(RuntimeException.class, sel::get));
            assertFalse(m.loop.hasTimers());
        }
    }

    @EngineTest
    void selectingAnAlreadyJoinedTaskFailsAtOnce(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Task<String> done = s.spawn(() -> "v");
            m.runUntilIdle();
            m.result(done);
            Task<Selected> t = s.spawn(() -> s.select(List.of(Timers.sleep(s, HOUR), done)));
            m.runUntilIdle();
            Selected sel = m.result(t);
            assertEquals(1, sel.index());
            assertEquals("task already joined", sel.outcome().failure().getMessage());
            assertFalse(m.loop.hasTimers(), "a ready entry wins before anything is registered");
        }
    }

    @EngineTest
    void aReadySelectDoesNotSuspend(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, 1);
            ch.trySend("x");
            List<String> log = new ArrayList<>();
            Task<String> t = s.spawn(() -> {
                s.spawn(() -> log.add("child")).detach();
                String w = winner(s.select(List.of(ch.receiver())));
                log.add("selected " + w);
                return w;
            });
            m.runUntilIdle();
            assertEquals(List.of("selected 0:x", "child"), log);
            assertTrue(t.isDone());
        }
    }
}
