package io.ward.core;

import io.ward.core.BoundedChannel.TrySend;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Baseline;
import io.ward.core.testing.EngineTest;
import io.ward.core.testing.Engines;
import io.ward.core.testing.ManualLoop;
import io.ward.core.testing.RealLoop;
import io.ward.core.testing.Stress;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.ward.core.ChannelTraffic.item;
import static io.ward.core.ChannelTraffic.offer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Load at the sizes of the reliability catalogue (docs/RELIABILITY.md, "Core: load"): many
 * spawns and joins, producers and consumers over every capacity, many timers with half of
 * them cancelled. Each scenario ends by checking that nothing is left behind ({@link
 * Baseline}). Sizes scale with {@code ward.stress.scale}.
 */
@Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoadTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int PRODUCERS = 4;

    @EngineTest
    void spawnAndJoinTenThousandTasksWithAnExactSum(FiberEngine engine) {
        int n = Stress.scaled(10_000);
        Baseline baseline = Baseline.capture();
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Task<Long> main = s.spawn(() -> {
                List<Task<Integer>> children = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int id = i;
                    // lazy: none starts before the first join parks the main task, then each runs to its end
                    // (on the thread engine one pooled thread serves them all; 10,000 parked at once is
                    // SchedulerScaleStressTest's scenario)
                    children.add(s.spawn(() -> id));
                }
                long sum = 0;
                for (Task<Integer> child : children) {
                    sum += s.await(child);
                }
                return sum;
            });
            m.runUntilIdle();
            assertEquals((long) n * (n - 1) / 2, m.result(main));
            assertTrue(m.unobserved.isEmpty());
            Baseline.assertQuiet(m);
        }
        baseline.assertThreadsRestored();
    }

    // ---- producers and consumers over one channel ----

    static Stream<Arguments> channelCases() {
        List<Arguments> cases = new ArrayList<>();
        Engines.all().forEach(e -> {
            for (int capacity : new int[] {1, 16, 64, 1024}) {
                for (int consumers : new int[] {1, 4}) {
                    Object engine = e.get()[0];
                    cases.add(Arguments.of(engine, Named.of("capacity " + capacity, capacity),
                            Named.of(consumers + " consumer(s)", consumers)));
                }
            }
        });
        return cases.stream();
    }

    /**
     * What the consumers received, all on the loop thread: exactly once each, in each
     * producer's order as seen by each consumer (several consumers interleave, so order is per
     * consumer).
     */
    private static final class Tally {
        final boolean[][] seen;
        long count;
        long sum;
        String firstProblem;

        Tally(int perProducer) {
            seen = new boolean[PRODUCERS][perProducer];
        }

        /** One consumer: receives until CLOSED. */
        Void consume(Scheduler s, BoundedChannel ch) {
            long[] last = new long[PRODUCERS];
            Arrays.fill(last, -1);
            for (;;) {
                Object o = s.await(ch.receiver());
                if (o == BoundedChannel.CLOSED) {
                    return null;
                }
                long v = (Long) o;
                int p = (int) (v >>> 32);
                int seq = (int) v;
                if (seq <= last[p]) {
                    problem("producer " + p + ": " + seq + " after " + last[p]);
                }
                last[p] = seq;
                if (seen[p][seq]) {
                    problem("duplicate " + p + "/" + seq);
                }
                seen[p][seq] = true;
                count++;
                sum += seq;
            }
        }

        private void problem(String what) {
            if (firstProblem == null) {
                firstProblem = what;
            }
        }

        String summary() {
            return "count=" + count + " sum=" + sum + " problem=" + firstProblem;
        }

        static String expected(int perProducer) {
            long n = perProducer;
            return "count=" + PRODUCERS * n + " sum=" + PRODUCERS * (n * (n - 1) / 2) + " problem=null";
        }
    }

    @ParameterizedTest(name = "{0}, {1}, {2}")
    @MethodSource("channelCases")
    @ExtendWith(Engines.SkipUnavailable.class)
    void producerTasksSendAndConsumersReceiveEverythingOnce(FiberEngine engine, int capacity, int consumers) {
        int perProducer = Stress.scaled(25_000);
        Baseline baseline = Baseline.capture();
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            BoundedChannel ch = new BoundedChannel(s, capacity);
            Tally tally = new Tally(perProducer);
            List<Task<Void>> receivers = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                receivers.add(s.spawn(() -> tally.consume(s, ch)));
            }
            Task<Long> producers = s.spawn(() -> {
                List<Task<Long>> ps = new ArrayList<>();
                for (int p = 0; p < PRODUCERS; p++) {
                    int id = p;
                    ps.add(s.spawn(() -> {
                        long accepted = 0;
                        for (int i = 0; i < perProducer; i++) {
                            if (s.await(ch.sender(item(id, i))) == Boolean.TRUE) {
                                accepted++;
                            }
                        }
                        return accepted;
                    }));
                }
                long accepted = 0;
                for (Task<Long> p : ps) {
                    accepted += s.await(p);
                }
                ch.close();
                return accepted;
            });
            m.runUntilIdle();
            assertEquals((long) PRODUCERS * perProducer, m.result(producers), "every send returned true");
            for (Task<Void> r : receivers) {
                m.result(r);
            }
            assertEquals(Tally.expected(perProducer), tally.summary());
            assertEquals(0, ch.size());
            Baseline.assertQuiet(m, ch);
        }
        baseline.assertThreadsRestored();
    }

    @ParameterizedTest(name = "{0}, {1}, {2}")
    @MethodSource("channelCases")
    @ExtendWith(Engines.SkipUnavailable.class)
    void producerThreadsTrySendAndConsumerTasksReceiveEverythingOnce(FiberEngine engine, int capacity,
            int consumers) throws Exception {
        int perProducer = Stress.scaled(25_000);
        Baseline baseline = Baseline.capture();
        try (RealLoop r = new RealLoop(engine)) {
            Scheduler s = r.scheduler;
            BoundedChannel ch = new BoundedChannel(s, capacity);
            Tally tally = new Tally(perProducer);
            List<Task<Void>> receivers = new ArrayList<>();
            for (int c = 0; c < consumers; c++) {
                receivers.add(s.spawn(() -> tally.consume(s, ch)));
            }
            List<Throwable> errors = new CopyOnWriteArrayList<>();
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int id = p;
                Thread t = new Thread(() -> {
                    try {
                        for (int i = 0; i < perProducer; i++) {
                            assertSame(TrySend.SENT, offer(ch, item(id, i)));
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }, "producer-" + p);
                t.setDaemon(true);
                t.start();
                producers.add(t);
            }
            for (Thread t : producers) {
                t.join(TimeUnit.SECONDS.toMillis(300));
                assertFalse(t.isAlive(), t.getName() + " is stuck");
            }
            assertEquals(List.of(), errors);
            ch.close();
            for (Task<Void> t : receivers) {
                t.joinBlocking();
            }
            assertEquals(Tally.expected(perProducer), r.onLoop(tally::summary));
            Baseline.assertQuiet(r, ch);
        }
        baseline.assertThreadsRestored();
    }

    // ---- timers ----

    @EngineTest
    void tenThousandSleepersHalfCancelledNoneEarlyNoneAfterCancelEachOnce(FiberEngine engine) {
        int n = Engines.atMostParked(engine, Stress.scaled(10_000)); // three quarters sleep at once
        Baseline baseline = Baseline.capture();
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            long t0 = s.nanoTime();
            long[] delayMs = new long[n];
            long[] wokeAt = new long[n];
            int[] fired = new int[n];
            List<Task<Boolean>> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int id = i;
                delayMs[i] = 1 + (i * 7919L) % 1000; // spread over 1..1000 ms, not in id order
                tasks.add(s.spawn(() -> {
                    s.await(Timers.sleep(s, delayMs[id] * MS));
                    fired[id]++;
                    wokeAt[id] = s.nanoTime();
                    return true;
                }));
            }
            // a quarter cancelled before they start, so they never schedule a timer
            for (int i = 0; i < n; i += 4) {
                assertTrue(tasks.get(i).cancel());
            }
            m.runUntilIdle();
            int sleeping = n - (n + 3) / 4;
            assertEquals(sleeping, s.pendingTimerCount());
            // another quarter cancelled while asleep, each half-way to its deadline
            for (int ms = 0; ms < 1000; ms++) {
                for (int i = 2; i < n; i += 4) {
                    if (delayMs[i] / 2 == ms) {
                        assertTrue(tasks.get(i).cancel());
                    }
                }
                m.advanceMillis(1);
            }
            m.runUntilIdle();
            for (int i = 0; i < n; i++) {
                boolean cancelled = i % 2 == 0;
                if (cancelled) {
                    assertEquals(0, fired[i], "task " + i + " woke after being cancelled");
                    SchedulerTest.assertCancelled(m.failure(tasks.get(i)));
                } else {
                    assertEquals(1, fired[i], "task " + i + " woke once");
                    assertEquals(t0 + delayMs[i] * MS, wokeAt[i], "task " + i + " woke at its deadline, not before");
                    assertTrue(m.result(tasks.get(i)));
                }
            }
            assertFalse(m.loop.hasTimers(), "a cancelled sleep left its timer on the loop");
            Baseline.assertQuiet(m);
        }
        baseline.assertThreadsRestored();
    }
}
