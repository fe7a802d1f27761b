package io.ward.core;

import io.ward.core.BoundedChannel.TrySend;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.fiber.FiberEngines;
import io.ward.core.testing.EngineTest;
import io.ward.core.testing.Expect;
import io.ward.core.testing.ManualLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BoundedChannel on a manual loop: try/blocking send and receive, FIFO waiters, close, nulls, capacity. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BoundedChannelTest {
    private static final Object CLOSED = BoundedChannel.CLOSED;

    private static List<Object> list() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    /** Runs {@code r} on a fresh thread (outside the scheduler's context) and waits for it. */
    static void onOtherThread(Runnable r) throws InterruptedException {
        Thread t = new Thread(r, "other");
        t.start();
        t.join();
    }

    @Test
    void capacityMustBePositive() {
        try (ManualLoop m = new ManualLoop(FiberEngines.thread())) {
            for (int bad : new int[] {0, -1, Integer.MIN_VALUE}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> new BoundedChannel(m.scheduler, bad));
                assertEquals("capacity must be positive", e.getMessage());
            }
            assertEquals(1, new BoundedChannel(m.scheduler, 1).capacity());
        }
    }

    @EngineTest
    void trySendIsSentUntilFullThenFullAndClosedOnceClosed(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            BoundedChannel ch = new BoundedChannel(m.scheduler, 2);
            assertEquals(0, ch.size());
            assertEquals(TrySend.SENT, ch.trySend("a"));
            assertEquals(TrySend.SENT, ch.trySend("b"));
            assertEquals(2, ch.size());
            assertEquals(TrySend.FULL, ch.trySend("c"));
            assertEquals(2, ch.size());
            assertEquals("a", ch.tryReceive().value());
            assertEquals(TrySend.SENT, ch.trySend("c"));
            assertFalse(ch.isClosed());
            ch.close();
            assertTrue(ch.isClosed());
            assertEquals(TrySend.CLOSED, ch.trySend("d"));
            assertEquals(2, ch.size());
            assertEquals("b", ch.tryReceive().value());
            assertEquals("c", ch.tryReceive().value());
            assertSame(CLOSED, ch.tryReceive().value());
            assertSame(CLOSED, ch.tryReceive().value(), "repeatable");
        }
    }

    @EngineTest
    void tryReceiveIsNullWhenEmpty(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            BoundedChannel ch = new BoundedChannel(m.scheduler, 1);
            assertNull(ch.tryReceive());
            ch.trySend("x");
            assertEquals("x", ch.tryReceive().value());
            assertNull(ch.tryReceive());
        }
    }

    @EngineTest
    void sendCompletesAtOnceWhileThereIsRoomAndYieldsClosedOnceClosed(FiberEngine engine) {
        Expect e = new Expect();
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, 2);
            Task<List<Object>> t = s.spawn(() -> {
                e.expect(1);
                s.spawn(() -> {
                    e.expect(3);
                    return null;
                }).detach();
                List<Object> r = new ArrayList<>();
                r.add(s.await(ch.sender("a")));
                r.add(s.await(ch.sender("b")));
                e.expect(2); // neither send suspended
                ch.close();
                r.add(s.await(ch.sender("c")));
                return r;
            });
            assertEquals(List.of(true, true, CLOSED), m.runAndGet(t));
            e.finish(4);
            assertEquals("a", ch.tryReceive().value());
            assertEquals("b", ch.tryReceive().value());
            assertSame(CLOSED, ch.tryReceive().value());
        }
    }

    @EngineTest
    void sendSuspendsWhileFullAndBlockedSendersAreAdmittedInFifoOrder(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<Object> events = list();
            BoundedChannel ch = new BoundedChannel(s, 1);
            ch.trySend(0);
            for (int i = 1; i <= 4; i++) {
                int id = i;
                s.spawn(() -> {
                    events.add("send " + id + " -> " + s.await(ch.sender(id)));
                    return null;
                }).detach();
            }
            m.runUntilIdle();
            assertEquals(List.of(), events, "every sender is blocked");
            assertEquals(TrySend.FULL, ch.trySend("try"), "blocked senders hold no slot, the channel is full");
            Task<Void> receiver = s.spawn(() -> {
                for (int i = 0; i <= 4; i++) {
                    events.add("got " + s.await(ch.receiver()));
                    s.yieldNow(); // let the admitted sender run before taking the next item
                }
                return null;
            });
            m.runUntilIdle();
            m.result(receiver);
            assertEquals(List.of("got 0", "send 1 -> true", "got 1", "send 2 -> true", "got 2",
                    "send 3 -> true", "got 3", "send 4 -> true", "got 4"), events);
        }
    }

    @EngineTest
    void aNewSenderQueuesBehindBlockedSendersEvenWhenASlotJustFreed(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, 1);
            ch.trySend("first");
            s.spawn(() -> s.await(ch.sender("blocked"))).detach();
            m.runUntilIdle();
            Task<Object> late = s.spawn(() -> {
                Object r = ch.tryReceive().value(); // frees the slot: the blocked sender takes it
                return r + " then " + s.await(ch.sender("late"));
            });
            m.runUntilIdle();
            m.assertPending(late);
            assertEquals("blocked", ch.tryReceive().value());
            m.runUntilIdle();
            assertEquals("first then true", m.result(late));
            assertEquals("late", ch.tryReceive().value());
        }
    }

    @EngineTest
    void blockedReceiversAreServedInFifoOrderEachMessageToExactlyOne(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, 8);
            List<Task<Object>> receivers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                receivers.add(s.spawn(() -> s.await(ch.receiver())));
            }
            m.runUntilIdle();
            for (int i = 0; i < 5; i++) {
                assertEquals(TrySend.SENT, ch.trySend("m" + i));
            }
            m.runUntilIdle();
            for (int i = 0; i < 5; i++) {
                assertEquals("m" + i, m.result(receivers.get(i)));
            }
            assertEquals(0, ch.size());
        }
    }

    @EngineTest
    void aSendToAParkedReceiverIsHandedOverWithoutSuspendingTheSender(FiberEngine engine) {
        Expect e = new Expect();
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, 1);
            Task<Object> receiver = s.spawn(() -> {
                e.expect(1);
                Object v = s.await(ch.receiver());
                e.expect(4);
                return v;
            });
            Task<Object> sender = s.spawn(() -> {
                e.expect(2);
                Object r = s.await(ch.sender("hand-over"));
                e.expect(3); // the sender goes on before the woken receiver runs
                return r;
            });
            m.runUntilIdle();
            e.finish(5);
            assertEquals("hand-over", m.result(receiver));
            assertEquals(Boolean.TRUE, m.result(sender));
        }
    }

    @EngineTest
    void receiversStayFifoWhenAMessageArrivesFromAnotherThread(FiberEngine engine) throws Exception {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, 8);
            Task<Object> first = s.spawn(() -> s.await(ch.receiver()));
            m.runUntilIdle(); // the first receiver is parked
            Task<Object> second = s.spawn(() -> s.await(ch.receiver())); // queued to run
            onOtherThread(() -> ch.trySend("only one"));
            m.runUntilIdle();
            assertTrue(first.isDone(), "the receiver that waited first should get the message");
            assertEquals("only one", m.result(first));
            m.assertPending(second);
        }
    }

    @EngineTest
    void trySendFromAnotherThreadWakesAParkedReceiver(FiberEngine engine) throws Exception {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, 8);
            Task<Object> receiver = s.spawn(() -> s.await(ch.receiver()));
            m.runUntilIdle();
            onOtherThread(() -> assertEquals(TrySend.SENT, ch.trySend("from afar")));
            m.assertPending(receiver);
            m.runUntilIdle();
            assertEquals("from afar", m.result(receiver));
        }
    }

    @EngineTest
    void closeKeepsQueuedItemsForDrainingThenYieldsClosed(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, 4);
            ch.trySend("a");
            ch.trySend("b");
            ch.close();
            ch.close(); // idempotent
            Task<List<Object>> t = s.spawn(() -> {
                List<Object> r = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    r.add(s.await(ch.receiver()));
                }
                return r;
            });
            assertEquals(List.of("a", "b", CLOSED, CLOSED), m.runAndGet(t));
        }
    }

    @EngineTest
    void closeWakesBlockedReceiversWithClosed(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, 1);
            Task<Object> r1 = s.spawn(() -> s.await(ch.receiver()));
            Task<Object> r2 = s.spawn(() -> s.select(List.of(ch.receiver())).get());
            m.runUntilIdle();
            ch.close();
            m.runUntilIdle();
            assertSame(CLOSED, m.result(r1));
            assertSame(CLOSED, m.result(r2));
        }
    }

    @EngineTest
    void closeWakesBlockedSendersWithClosedAndTheirValuesAreNeverDelivered(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, 1);
            ch.trySend("queued");
            Task<Object> s1 = s.spawn(() -> s.await(ch.sender("s1")));
            Task<Object> s2 = s.spawn(() -> s.await(ch.sender("s2")));
            m.runUntilIdle();
            ch.close();
            m.runUntilIdle();
            assertSame(CLOSED, m.result(s1));
            assertSame(CLOSED, m.result(s2));
            assertEquals("queued", ch.tryReceive().value());
            assertSame(CLOSED, ch.tryReceive().value());
        }
    }

    @EngineTest
    void closeFromAnotherThreadWakesEveryone(FiberEngine engine) throws Exception {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel full = new BoundedChannel(s, 1);
            full.trySend("x");
            BoundedChannel empty = new BoundedChannel(s, 1);
            Task<Object> sender = s.spawn(() -> s.await(full.sender("y")));
            Task<Object> receiver = s.spawn(() -> s.await(empty.receiver()));
            m.runUntilIdle();
            onOtherThread(() -> {
                full.close();
                empty.close();
            });
            assertTrue(full.isClosed());
            m.runUntilIdle();
            assertSame(CLOSED, m.result(sender));
            assertSame(CLOSED, m.result(receiver));
        }
    }

    @EngineTest
    void nullAndIdentityPassThrough(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, 4);
            Object token = new Object();
            assertEquals(TrySend.SENT, ch.trySend(null));
            assertEquals(1, ch.size());
            Outcome<Object> o = ch.tryReceive();
            assertNotNull(o, "a null item is an item");
            assertNull(o.value());
            Task<List<Object>> t = s.spawn(() -> {
                List<Object> r = new ArrayList<>();
                s.await(ch.sender(null));
                s.await(ch.sender(token));
                s.await(ch.sender(false));
                r.add(s.await(ch.receiver()));
                r.add(s.await(ch.receiver()));
                r.add(s.await(ch.receiver()));
                return r;
            });
            List<Object> r = m.runAndGet(t);
            assertNull(r.get(0));
            assertSame(token, r.get(1));
            assertEquals(false, r.get(2));
        }
    }

    @EngineTest
    void aBlockedNullSendIsDeliveredAsNull(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, 1);
            ch.trySend("first");
            Task<Object> sender = s.spawn(() -> s.await(ch.sender(null)));
            Task<Object> parkedReceiverFirst = s.spawn(() -> {
                List<Object> got = new ArrayList<>();
                got.add(s.await(ch.receiver()));
                got.add(s.await(ch.receiver()));
                return got;
            });
            m.runUntilIdle();
            assertEquals(Boolean.TRUE, m.result(sender));
            assertEquals(Arrays.asList("first", null), m.result(parkedReceiverFirst));
        }
    }

    @Test
    void hugeCapacityIsALimitNotAnAllocation() {
        try (ManualLoop m = new ManualLoop(FiberEngines.thread())) {
            List<BoundedChannel> channels = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                BoundedChannel ch = new BoundedChannel(m.scheduler, Integer.MAX_VALUE);
                assertEquals(TrySend.SENT, ch.trySend(i));
                channels.add(ch);
            }
            BoundedChannel big = channels.get(0);
            for (int i = 0; i < 100_000; i++) {
                assertEquals(TrySend.SENT, big.trySend(i));
            }
            assertEquals(100_001, big.size());
            assertEquals(Integer.MAX_VALUE, big.capacity());
            assertEquals(9_999, channels.get(9_999).tryReceive().value());
        }
    }
}
