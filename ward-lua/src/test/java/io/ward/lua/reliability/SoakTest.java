package io.ward.lua.reliability;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.ward.core.BoundedChannel;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.Engines;
import io.ward.lua.async.LuaChannel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Soak (issue 7, stress profile): 1,000 live Lua tasks on one runtime for
 * {@code -Dward.soak.minutes} (default 10), mixing sleeps, channel exchanges, spawn and join,
 * spawn and cancel ({@code reliability/soak.lua}). Every few seconds it samples the heap
 * after a full GC and the event loop's delay (a probe scheduled every 10 ms, measuring how
 * late it runs). Asserts that the heap after GC in the last third of the run is not larger
 * than in the first third by more than 25% + 8 MB (medians), and that every task's
 * accounting balances (spawned = finished + cancelled, none failed, none left live). Loop
 * delays are reported, not asserted. {@code -Dward.soak.engine=thread|continuation} runs one
 * engine only. Tagged "soak": only the {@code -Pstress} profile runs it (and
 * {@link SoakRequested} skips it unless a soak length or stress scale was given).
 */
@Tag("soak")
@ExtendWith(SoakRequested.class)
class SoakTest {
    private static final int LANES = 1_000;
    private static final long PROBE_MS = 10;

    static List<FiberEngine> engines() {
        String only = System.getProperty("ward.soak.engine", "");
        return Engines.runnable().stream().filter(e -> only.isEmpty() || e.name().equals(only))
                .collect(Collectors.toList());
    }

    @ParameterizedTest
    @MethodSource("engines")
    @Timeout(value = 4, unit = TimeUnit.HOURS) // the run's own length is -Dward.soak.minutes
    void thousandLiveTasksKeepHeapAndAccountingFlat(FiberEngine engine) throws Exception {
        double minutes = Double.parseDouble(System.getProperty("ward.soak.minutes", "10"));
        long runNanos = (long) (minutes * 60e9);
        long sampleNanos = Math.max(1_000_000_000L, Math.min(5_000_000_000L, runNanos / 24));
        String script;
        try (InputStream in = SoakTest.class.getResourceAsStream("/reliability/soak.lua")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (RuntimeUnderTest t = new RuntimeUnderTest(engine)) {
            BoundedChannel stop = t.onLoop(() -> {
                LuaValue ch = t.rt.load("return require('ward.async').channel(1)", "=stop").call();
                t.rt.globals().set("STOP", ch);
                return ((LuaChannel) ch.touserdata()).channel();
            });
            LoopProbe probe = new LoopProbe(t.rt.loop(), runNanos);
            Future<Varargs> run = t.rt.call(t.onLoop(() -> t.rt.load(script, "=soak")), LANES);
            probe.start();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            List<Long> heap = new ArrayList<>();
            long start = System.nanoTime();
            System.out.printf("soak [%s] %.1f min, %d lanes%n", engine.name(), minutes, LANES);
            while (System.nanoTime() - start < runNanos) {
                assertTrue(!run.await(sampleNanos, TimeUnit.NANOSECONDS), () -> "soak ended early: " + run.cause());
                System.gc();
                long used = memory.getHeapMemoryUsage().getUsed();
                heap.add(used);
                long[] delay = probe.takeWindow();
                int live = t.liveTasks();
                String stats = t.onLoop(() -> t.rt.globals().get("STATS").get("rounds").tojstring());
                System.out.printf("soak [%s] t=%4ds heapAfterGC=%6.1f MB live=%5d rounds=%s loopDelay p50=%d p99=%d max=%d us%n",
                        engine.name(), (System.nanoTime() - start) / 1_000_000_000L, used / 1e6, live, stats,
                        delay[0], delay[1], delay[2]);
            }
            stop.close();
            assertTrue(run.await(120, TimeUnit.SECONDS), "soak stopped");
            probe.stop();
            assertTrue(run.isSuccess(), () -> "soak failed: " + run.cause());
            Varargs r = run.getNow();
            long spawned = r.arg(1).tolong();
            long finished = r.arg(2).tolong();
            long cancelled = r.arg(3).tolong();
            long failed = r.arg(4).tolong();
            long[] all = probe.total();
            System.out.printf("soak [%s] done: spawned=%d finished=%d cancelled=%d failed=%d; loop delay over the run"
                            + " p50=%d p99=%d p99.9=%d max=%d us (%d probes)%n",
                    engine.name(), spawned, finished, cancelled, failed, all[0], all[1], all[3], all[2], all[4]);
            assertEquals(0, failed, "failed tasks");
            assertEquals(spawned, finished + cancelled, "spawned = finished + cancelled");
            assertEquals(0, t.liveTasks(), "live tasks at the end");
            assertEquals(0, t.reports(), t.stderr());

            int third = heap.size() / 3;
            assertTrue(third >= 1, "at least three heap samples");
            long first = median(heap.subList(0, third));
            long last = median(heap.subList(heap.size() - third, heap.size()));
            System.out.printf("soak [%s] heap after GC: first third median %.1f MB, last third median %.1f MB%n",
                    engine.name(), first / 1e6, last / 1e6);
            assertTrue(last <= first * 1.25 + 8e6,
                    String.format("heap after GC grew: %.1f MB -> %.1f MB", first / 1e6, last / 1e6));
        }
    }

    private static long median(List<Long> values) {
        long[] a = values.stream().mapToLong(Long::longValue).sorted().toArray();
        return a[a.length / 2];
    }

    /**
     * Schedules itself on the loop every {@value #PROBE_MS} ms and records how late each run
     * is, in microseconds. Its records are touched on the loop only; windows are taken through
     * the loop. They are arrays sized for the whole run up front: a record that grew as the run
     * went on (a boxed list did) would read as heap growth of the runtime under test.
     */
    static final class LoopProbe {
        private final EventLoop loop;
        private final long[] window;
        private int windowCount;
        private final long[] all;
        private int allCount;
        private volatile boolean stopped;

        LoopProbe(EventLoop loop, long runNanos) {
            this.loop = loop;
            // a probe runs at most every PROBE_MS; the margin covers the stop and a late first sample
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, runNanos / TimeUnit.MILLISECONDS.toNanos(PROBE_MS) + 20_000);
            this.all = new long[capacity];
            this.window = new long[capacity];
        }

        void start() {
            loop.execute(() -> schedule(System.nanoTime()));
        }

        private void schedule(long from) {
            if (stopped) {
                return;
            }
            long due = from + TimeUnit.MILLISECONDS.toNanos(PROBE_MS);
            loop.schedule(() -> {
                long now = System.nanoTime();
                long lateMicros = Math.max(0, (now - due) / 1_000);
                if (allCount < all.length) { // full only if the run overran its length by minutes
                    all[allCount++] = lateMicros;
                    window[windowCount++] = lateMicros;
                }
                schedule(now);
            }, PROBE_MS, TimeUnit.MILLISECONDS);
        }

        void stop() {
            stopped = true;
        }

        /** p50, p99, max of the window since the last call, in microseconds; starts a new window. */
        long[] takeWindow() throws Exception {
            return loop.submit(() -> {
                long[] s = stats(window, windowCount);
                windowCount = 0;
                return s;
            }).get(60, TimeUnit.SECONDS);
        }

        /** p50, p99, max, p99.9 and count over the whole run. */
        long[] total() throws Exception {
            return loop.submit(() -> {
                long[] s = stats(all, allCount);
                return new long[] {s[0], s[1], s[2], s[3], allCount};
            }).get(60, TimeUnit.SECONDS);
        }

        private static long[] stats(long[] values, int count) {
            if (count == 0) {
                return new long[] {0, 0, 0, 0};
            }
            long[] a = Arrays.copyOf(values, count);
            Arrays.sort(a);
            return new long[] {a[a.length / 2], a[(int) (a.length * 0.99)], a[a.length - 1],
                a[Math.min(a.length - 1, (int) (a.length * 0.999))]};
        }
    }
}
