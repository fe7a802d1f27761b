package io.ward.core;

import io.ward.core.BoundedChannel.TrySend;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.EngineTest;
import io.ward.core.testing.Engines;
import io.ward.core.testing.RealLoop;
import io.ward.core.testing.Stress;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ward.core.ChannelTraffic.item;
import static io.ward.core.ChannelTraffic.offer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many producer threads against one channel drained by a fiber on a real loop: nothing lost,
 * nothing duplicated, each producer's order kept, also while close races the senders.
 * Sizes scale with {@code ward.stress.scale}.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BoundedChannelStressTest {
    private static final int PRODUCERS = 4;

    private static Thread start(String name, Runnable r, List<Throwable> errors) {
        Thread t = new Thread(() -> {
            try {
                r.run();
            } catch (Throwable e) {
                errors.add(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @EngineTest
    void producerThreadsTrySendDrainedByOneFiberExactly(FiberEngine engine) throws Exception {
        int perProducer = Stress.scaled(25_000);
        try (RealLoop r = new RealLoop(engine)) {
            Scheduler s = r.scheduler;
            BoundedChannel ch = new BoundedChannel(s, 1024);
            Task<String> drain = s.spawn(() -> {
                long[] last = new long[PRODUCERS];
                Arrays.fill(last, -1);
                long count = 0;
                long sum = 0;
                String firstDisorder = null;
                for (;;) {
                    Object o = s.await(ch.receiver());
                    if (o == BoundedChannel.CLOSED) {
                        break;
                    }
                    long v = (Long) o;
                    int p = (int) (v >>> 32);
                    int seq = (int) v;
                    if (seq != last[p] + 1 && firstDisorder == null) {
                        firstDisorder = "producer " + p + ": " + seq + " after " + last[p];
                    }
                    last[p] = seq;
                    count++;
                    sum += seq;
                }
                return "count=" + count + " sum=" + sum + " last=" + Arrays.toString(last) + " disorder=" + firstDisorder;
            });
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            CyclicBarrier go = new CyclicBarrier(PRODUCERS);
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int id = p;
                producers.add(start("producer-" + p, () -> {
                    awaitBarrier(go);
                    for (int i = 0; i < perProducer; i++) {
                        assertSame(TrySend.SENT, offer(ch, item(id, i)));
                    }
                }, errors));
            }
            for (Thread t : producers) {
                t.join(TimeUnit.SECONDS.toMillis(100));
                assertTrue(!t.isAlive(), t.getName() + " is stuck");
            }
            assertEquals(List.of(), errors);
            ch.close();
            long n = perProducer;
            long[] expectedLast = new long[PRODUCERS];
            Arrays.fill(expectedLast, n - 1);
            assertEquals("count=" + PRODUCERS * n + " sum=" + PRODUCERS * (n * (n - 1) / 2)
                    + " last=" + Arrays.toString(expectedLast) + " disorder=null", drain.joinBlocking());
        }
    }

    private static void awaitBarrier(CyclicBarrier b) {
        try {
            b.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @EngineTest
    void closeRacingSendersEverySentItemIsReceivedExactlyOnce(FiberEngine engine) throws Exception {
        int minBeforeClose = Stress.scaled(2_000);
        try (RealLoop r = new RealLoop(engine)) {
            Scheduler s = r.scheduler;
            BoundedChannel ch = new BoundedChannel(s, 16);
            AtomicInteger received = new AtomicInteger();
            Task<List<Long>> drain = s.spawn(() -> ChannelTraffic.receiveAll(s, ch, received));
            // two fiber senders on the loop, blocking while full
            List<Task<List<Long>>> fiberSenders = new ArrayList<>();
            for (int f = 0; f < 2; f++) {
                int id = PRODUCERS + f;
                fiberSenders.add(s.spawn(() -> {
                    List<Long> sent = new ArrayList<>();
                    for (int i = 0; ; i++) {
                        Object res = s.await(ch.sender(item(id, i)));
                        if (res == BoundedChannel.CLOSED) {
                            return sent;
                        }
                        sent.add(item(id, i));
                    }
                }));
            }
            // producer threads with trySend
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            Map<Integer, List<Long>> sentByThread = new ConcurrentHashMap<>();
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int id = p;
                producers.add(start("producer-" + p, () -> {
                    List<Long> sent = new ArrayList<>();
                    for (int i = 0; ; i++) {
                        if (offer(ch, item(id, i)) == TrySend.CLOSED) {
                            break;
                        }
                        sent.add(item(id, i));
                    }
                    sentByThread.put(id, sent);
                }, errors));
            }
            await().atMost(60, TimeUnit.SECONDS).until(() -> received.get() >= minBeforeClose);
            // close from two threads at once, while everyone is sending
            List<Thread> closers = List.of(start("closer-1", ch::close, errors), start("closer-2", ch::close, errors));
            for (Thread t : closers) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            for (Thread t : producers) {
                t.join(TimeUnit.SECONDS.toMillis(60));
                assertTrue(!t.isAlive(), t.getName() + " is stuck");
            }
            assertEquals(List.of(), errors);

            Map<Integer, List<Long>> sent = new HashMap<>(sentByThread);
            for (int f = 0; f < fiberSenders.size(); f++) {
                sent.put(PRODUCERS + f, fiberSenders.get(f).joinBlocking());
            }
            List<Long> got = drain.joinBlocking();
            Map<Integer, List<Long>> gotBySender = new HashMap<>();
            for (long v : got) {
                gotBySender.computeIfAbsent((int) (v >>> 32), k -> new ArrayList<>()).add(v);
            }
            int total = 0;
            for (Map.Entry<Integer, List<Long>> e : sent.entrySet()) {
                List<Long> receivedFromIt = gotBySender.getOrDefault(e.getKey(), List.of());
                assertEquals(e.getValue().size(), receivedFromIt.size(), "items of sender " + e.getKey());
                assertEquals(e.getValue(), receivedFromIt, "exactly the sent items, in order, for sender " + e.getKey());
                total += e.getValue().size();
            }
            assertEquals(total, got.size(), "nothing received that was not sent");
            assertTrue(total >= minBeforeClose);
        }
    }

    @EngineTest
    void pingPongBetweenTwoTasksOverCapacityOneChannels(FiberEngine engine) throws Exception {
        int rounds = Stress.scaled(Engines.isContinuation(engine) ? 200_000 : 20_000);
        try (RealLoop r = new RealLoop(engine)) {
            Scheduler s = r.scheduler;
            Task<Long> main = s.spawn(() -> {
                BoundedChannel ping = new BoundedChannel(s, 1);
                BoundedChannel pong = new BoundedChannel(s, 1);
                Task<Long> peer = s.spawn(() -> {
                    long sum = 0;
                    for (int i = 0; i < rounds; i++) {
                        sum += (Integer) s.await(ping.receiver());
                        s.await(pong.sender(i));
                    }
                    return sum;
                });
                long echoed = 0;
                for (int i = 0; i < rounds; i++) {
                    s.await(ping.sender(i));
                    echoed += (Integer) s.await(pong.receiver());
                }
                long peerSum = s.await(peer);
                return peerSum == echoed ? peerSum : -1;
            });
            assertEquals((long) rounds * (rounds - 1) / 2, main.joinBlocking());
        }
    }
}
