package io.ward.bench;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.ward.core.BoundedChannel;
import io.ward.core.Scheduler;
import io.ward.core.Task;
import io.ward.lua.WardRuntime;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * <b>Question:</b> how much heap does one parked task cost, at 100,000 and at 1,000,000
 * parked tasks, and do 1,000,000 parked tasks fit in a 2 GB heap? (Targets: at most 2 KB
 * per task at 100,000; 1,000,000 in 2 GB; continuation engine.)
 *
 * <p>Each invocation parks {@code tasks} tasks on one channel's receive and keeps their
 * handles (as real code must: a dropped handle cancels its task). {@code kind=lua}: Lua tasks
 * ({@code async.spawn(waiter)} with {@code waiter} calling {@code gate:wait()}), so a task
 * carries its {@code LuaThread}, handle userdata and the Lua and Java frames of the wait.
 * {@code kind=core}: plain ward-core Java tasks awaiting the channel's receiver. Heap is
 * measured as used heap after {@code System.gc()} before and after parking, outside the timed
 * part; the counter {@code heapBytesPerTask} is the result. Each parking also prints the change
 * of the resident set ({@code /proc/self/status}, Linux only; it includes thread stacks), which
 * means something only for the first parking of a fork: later ones reuse memory the JVM has
 * already committed and, on the thread engine, pooled threads. The primary score is the time to
 * spawn and park them all. The fork runs with {@code -Xmx2g}, so
 * a run at 1,000,000 that completes is the proof that they fit.
 *
 * <p>The thread engine holds one platform thread per parked task: 100,000 and 1,000,000 are
 * impossible (refused in setup); run it with {@code -p tasks=10000}. Run:
 * {@code java -jar ward-bench/target/benchmarks.jar MemoryBench -p engine=continuation} and
 * {@code java -jar ward-bench/target/benchmarks.jar MemoryBench -p engine=thread -p tasks=10000}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {Bench.ADD_EXPORTS, Bench.JDK_INTERNAL_VM, "-Xmx2g"})
public class MemoryBench {
    static final String LUA = String.join("\n",
            "local async = require('ward.async')",
            "local time = require('ward.time')",
            "local gate, parked, held",
            "local function waiter()",
            "  parked = parked + 1",
            "  return gate:wait()",
            "end",
            "function park(n)",
            "  gate, parked, held = async.channel(1), 0, {}",
            "  local spawn = async.spawn",
            "  for i = 1, n do held[i] = spawn(waiter) end",
            "  while parked < n do time.sleep(0):wait() end",
            "end",
            "function release()",
            "  gate:close()",
            "  for i = 1, #held do held[i]:wait() end",
            "  gate, held = nil, nil",
            "end");

    @State(Scope.Thread)
    public static class Parked {
        @Param({"continuation", "thread"})
        public String engine;

        @Param({"100000", "1000000"})
        public int tasks;

        @Param({"lua", "core"})
        public String kind;

        MultiThreadIoEventLoopGroup group;
        EventLoop loop;
        WardRuntime rt;
        Scheduler core;
        BoundedChannel gate;
        Task<?>[] held;
        int parked;
        long heapBefore;
        long rssBefore;
        Footprint footprint;

        @Setup(Level.Trial)
        public void setup() {
            Bench.checkThreadEngineCapacity(engine, tasks);
            group = Bench.newGroup();
            loop = Bench.loop(group);
            if ("lua".equals(kind)) {
                rt = Bench.runtime(loop, Bench.engine(engine));
                Bench.eval(rt, LUA, "memory_bench");
            } else if ("core".equals(kind)) {
                core = new Scheduler(loop, Bench.engine(engine));
            } else {
                throw new IllegalArgumentException("kind must be lua or core");
            }
        }

        @Setup(Level.Invocation)
        public void measureBefore() {
            heapBefore = usedHeapAfterGc();
            rssBefore = rssBytes();
        }

        void park() {
            if (rt != null) {
                Bench.eval(rt, "park(" + tasks + ")", "park");
                return;
            }
            Bench.await(loop.submit(() -> {
                parked = 0;
                gate = new BoundedChannel(core, 1);
                held = new Task<?>[tasks];
                for (int i = 0; i < tasks; i++) {
                    held[i] = core.spawn(() -> {
                        parked++;
                        return core.await(gate.receiver());
                    });
                }
            }));
            while (Bench.await(loop.submit(() -> parked)) < tasks) {
                sleepMillis(1);
            }
        }

        /** Measures the parked state (outside the timed part), then lets every task finish. */
        @TearDown(Level.Invocation)
        public void release() {
            if (footprint != null) {
                footprint.record((usedHeapAfterGc() - heapBefore) / tasks, (rssBytes() - rssBefore) / tasks, this);
            }
            if (rt != null) {
                Bench.eval(rt, "release()", "release");
                return;
            }
            Bench.await(loop.submit(() -> gate.close()));
            for (Task<?> t : held) {
                Bench.await(t.toFuture());
            }
            held = null;
            gate = null;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (rt != null) {
                rt.close();
            }
            if (core != null) {
                core.close();
            }
            Bench.shutdown(group);
        }
    }

    /**
     * The results, written by {@link Parked#release()} after each parking (one per iteration).
     *
     * <p>Caveat: JMH sums {@code EVENTS} counters over the measurement iterations of a
     * single-shot run, so each iteration records its value divided by the iteration count:
     * the reported figure is then the mean. Each iteration also prints its own values.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Footprint {
        public double heapBytesPerTask;
        private int divisor = 1;

        @Setup(Level.Iteration)
        public void startIteration(IterationParams ip) {
            divisor = ip.getType() == IterationType.MEASUREMENT ? ip.getCount() : 1;
            heapBytesPerTask = 0;
        }

        void record(long heapPerTask, long rssPerTask, Parked p) {
            heapBytesPerTask = (double) heapPerTask / divisor;
            System.out.printf("%n  [%s engine, %s tasks, %,d parked] heap %,d bytes/task, RSS change %,d bytes/task%n",
                    p.engine, p.kind, p.tasks, heapPerTask, rssPerTask);
        }
    }

    @Benchmark
    public void parkTasks(Parked p, Footprint f) {
        p.footprint = f;
        p.park();
    }

    static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            sleepMillis(20);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Resident set size of this JVM in bytes, or 0 where /proc is not available. */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
