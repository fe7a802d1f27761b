package io.ward.core;

import io.netty.util.concurrent.Future;
import io.ward.core.BoundedChannel.TrySend;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Baseline;
import io.ward.core.testing.EngineTest;
import io.ward.core.testing.Engines;
import io.ward.core.testing.ManualLoop;
import io.ward.core.testing.RealLoop;
import io.ward.core.testing.Stress;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.ward.core.ChannelTraffic.item;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults at core level (docs/RELIABILITY.md, "Core: faults"): cancellation at every await
 * point, on a manual loop and racing the wake-up from other threads on a real loop, and close
 * racing senders and receivers. Each ends with the nothing-left-behind check ({@link
 * Baseline}): no live task, no pending timer, no parked waiter, no fiber thread in use.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CoreFaultsTest {

    static Stream<Arguments> awaitPoints() {
        List<Arguments> cases = new ArrayList<>();
        Engines.all().forEach(e -> {
            for (AwaitPoint p : AwaitPoint.values()) {
                cases.add(Arguments.of(e.get()[0], p));
            }
        });
        return cases.stream();
    }

    /**
     * Cancelled while suspended: ends cancelled exactly once, runs no code past the await, and
     * the event that would have woken it later changes nothing (no item consumed or delivered).
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("awaitPoints")
    @ExtendWith(Engines.SkipUnavailable.class)
    void cancelAtEveryAwaitPointLeavesNothingBehind(FiberEngine engine, AwaitPoint point) {
        Baseline baseline = Baseline.capture();
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            AwaitPoint.Scene scene = point.scene(s, m.loop::newPromise);
            AtomicBoolean ranPast = new AtomicBoolean();
            Task<Object> victim = s.spawn(() -> {
                Object r = scene.await.call();
                ranPast.set(true);
                return r;
            });
            AtomicInteger endings = new AtomicInteger();
            Future<Object> result = victim.toFuture();
            result.addListener(f -> endings.incrementAndGet());
            m.runUntilIdle();
            assertFalse(victim.isDone(), "suspended");
            assertTrue(victim.cancel());
            m.runUntilIdle();
            scene.event.run();
            m.advance(2, TimeUnit.HOURS);
            assertTrue(result.isDone());
            SchedulerTest.assertCancelled(result.cause());
            assertEquals(1, endings.get(), "ended exactly once");
            assertFalse(ranPast.get(), "ran code past the await");
            assertEquals("", scene.check.after(Outcome.failure(result.cause())));
            assertFalse(m.loop.hasTimers(), "a timer is left on the loop");
            assertTrue(m.unobserved.isEmpty(), "a cancellation is not an unobserved failure");
            Baseline.assertQuiet(m, scene.channels);
        }
        baseline.assertThreadsRestored();
    }

    /**
     * Cancelled from one thread while another thread fires the event that ends the wait, many
     * times: each round the victim ends exactly once, either with the value (the wait won) or
     * cancelled, and what it waited for is then taken exactly when it says so.
     */
    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("awaitPoints")
    @ExtendWith(Engines.SkipUnavailable.class)
    void cancelFromAnotherThreadRacingTheWakeUpLosesNothing(FiberEngine engine, AwaitPoint point) throws Exception {
        int rounds = Stress.scaled(50);
        Baseline baseline = Baseline.capture();
        Map<String, Integer> endings = new HashMap<>();
        try (RealLoop r = new RealLoop(engine)) {
            Scheduler s = r.scheduler;
            for (int round = 0; round < rounds; round++) {
                AwaitPoint.Scene scene = r.onLoop(() -> point.scene(s, r.loop::newPromise));
                AtomicBoolean suspending = new AtomicBoolean();
                Task<Object> victim = s.spawn(() -> {
                    suspending.set(true);
                    return scene.await.call();
                });
                AtomicInteger ended = new AtomicInteger();
                Future<Object> result = victim.toFuture();
                result.addListener(f -> ended.incrementAndGet());
                await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(30))
                        .untilTrue(suspending);
                r.sync(); // the loop is free again: the victim is suspended
                CountDownLatch go = new CountDownLatch(1);
                Thread canceller = race("canceller", go, victim::cancel);
                Thread waker = race("waker", go, scene.event);
                go.countDown();
                canceller.join(TimeUnit.SECONDS.toMillis(30));
                waker.join(TimeUnit.SECONDS.toMillis(30));
                assertTrue(result.await(30, TimeUnit.SECONDS), point + ": the victim never ended");
                r.sync();
                Outcome<Object> o = result.isSuccess() ? Outcome.success(result.getNow())
                        : Outcome.failure(result.cause());
                if (!o.isSuccess()) {
                    assertInstanceOf(TaskCancelledException.class, o.failure());
                }
                assertEquals(1, ended.get(), "ended exactly once");
                assertEquals("", r.onLoop(() -> scene.check.after(o)), "round " + round + ", " + o);
                assertEquals("", r.onLoop(() -> Baseline.leftovers(s, scene.channels)), "round " + round);
                endings.merge(o.isSuccess() ? "value" : "cancelled", 1, Integer::sum);
            }
            assertTrue(r.unobserved.isEmpty());
        }
        baseline.assertThreadsRestored();
        System.out.println("cancel racing the wake-up at " + point + " on " + engine.name() + ": " + endings);
    }

    private static Thread race(String name, CountDownLatch go, Runnable r) {
        Thread t = new Thread(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                return;
            }
            r.run();
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    // ---- close racing senders and receivers ----

    /**
     * Producer threads (trySend) and sender tasks (suspending send) against several receiver
     * tasks, while two threads close the channel at once, over many rounds: every accepted item
     * is received or drained exactly once, per-sender order holds for each receiver, every
     * send after the close fails, and nobody hangs.
     */
    @EngineTest
    void closeRacingSendersAndReceiversFromSeveralThreads(FiberEngine engine) throws Exception {
        int rounds = Stress.scaled(20);
        int threads = 3;
        int senderTasks = 2;
        int receiverTasks = 3;
        Baseline baseline = Baseline.capture();
        try (RealLoop r = new RealLoop(engine)) {
            Scheduler s = r.scheduler;
            for (int round = 0; round < rounds; round++) {
                int capacity = 1 << (round % 5); // 1..16
                BoundedChannel ch = new BoundedChannel(s, capacity);
                List<Task<List<Long>>> receivers = new ArrayList<>();
                AtomicInteger received = new AtomicInteger();
                for (int i = 0; i < receiverTasks; i++) {
                    receivers.add(s.spawn(() -> ChannelTraffic.receiveAll(s, ch, received)));
                }
                List<Task<List<Long>>> senders = new ArrayList<>();
                for (int i = 0; i < senderTasks; i++) {
                    int id = threads + i;
                    senders.add(s.spawn(() -> {
                        List<Long> sent = new ArrayList<>();
                        for (int seq = 0; ; seq++) {
                            if (s.await(ch.sender(item(id, seq))) == BoundedChannel.CLOSED) {
                                return sent;
                            }
                            sent.add(item(id, seq));
                        }
                    }));
                }
                List<Throwable> errors = new CopyOnWriteArrayList<>();
                Map<Integer, List<Long>> sentByThread = new ConcurrentHashMap<>();
                CountDownLatch go = new CountDownLatch(1);
                List<Thread> producers = new ArrayList<>();
                for (int p = 0; p < threads; p++) {
                    int id = p;
                    producers.add(race("producer-" + p, go, () -> {
                        try {
                            List<Long> sent = new ArrayList<>();
                            for (int seq = 0; ; seq++) {
                                TrySend res = ch.trySend(item(id, seq));
                                if (res == TrySend.CLOSED) {
                                    break;
                                }
                                if (res == TrySend.SENT) {
                                    sent.add(item(id, seq));
                                } else {
                                    seq--;
                                    Thread.yield();
                                }
                            }
                            sentByThread.put(id, sent);
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                    }));
                }
                go.countDown();
                int before = 50 * (round % 4); // close at once, or after some traffic
                await().atMost(60, TimeUnit.SECONDS).until(() -> received.get() >= before);
                CountDownLatch closeNow = new CountDownLatch(1);
                List<Thread> closers = List.of(race("closer-1", closeNow, ch::close), race("closer-2", closeNow, ch::close));
                closeNow.countDown();
                for (Thread t : closers) {
                    t.join(TimeUnit.SECONDS.toMillis(30));
                }
                for (Thread t : producers) {
                    t.join(TimeUnit.SECONDS.toMillis(60));
                    assertFalse(t.isAlive(), t.getName() + " is stuck");
                }
                assertEquals(List.of(), errors);
                assertEquals(TrySend.CLOSED, ch.trySend(-1L), "a send after close");

                Map<Integer, List<Long>> sent = new HashMap<>(sentByThread);
                for (int i = 0; i < senderTasks; i++) {
                    sent.put(threads + i, senders.get(i).toFuture().get(60, TimeUnit.SECONDS));
                }
                Map<Long, Integer> times = new HashMap<>();
                for (Task<List<Long>> t : receivers) {
                    long[] last = new long[threads + senderTasks];
                    Arrays.fill(last, -1);
                    for (long v : t.toFuture().get(60, TimeUnit.SECONDS)) {
                        int who = (int) (v >>> 32);
                        assertTrue((int) v > last[who], "per-sender order for one receiver");
                        last[who] = (int) v;
                        times.merge(v, 1, Integer::sum);
                    }
                }
                int accepted = 0;
                for (List<Long> items : sent.values()) {
                    for (long v : items) {
                        assertEquals(1, times.getOrDefault(v, 0), "accepted item received exactly once: " + v);
                    }
                    accepted += items.size();
                }
                assertEquals(accepted, times.size(), "nothing received that was not accepted");
                assertEquals("", r.onLoop(() -> Baseline.leftovers(s, ch)), "round " + round);
            }
        }
        baseline.assertThreadsRestored();
    }
}
