package io.ward.bench;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.Promise;
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

import java.util.concurrent.TimeUnit;

/**
 * <b>Question:</b> how long does it take, wall clock, until {@code tasks} Lua tasks that each
 * sleep 10 ms have all finished? (Target: 100,000 tasks within 1 second, continuation engine.)
 *
 * <p>{@link #ward}: one Lua task spawns {@code tasks} tasks, each
 * {@code time.sleep("10ms"):wait()}, then joins them all; the score is the time of one such
 * invocation (spawning, 100,000 live timers on the loop, waking, joining). {@link #nettySchedule}
 * (baseline): the same number of bare {@code EventLoop.schedule(10 ms)} callbacks counting
 * down, no tasks: the floor of the timer queue itself.
 *
 * <p>The thread engine holds one platform thread per sleeping task, so 100,000 is out of its
 * reach (refused in setup); run it with {@code -p tasks=10000}. Run:
 * {@code java -jar ward-bench/target/benchmarks.jar TimerBench -p engine=continuation} and
 * {@code java -jar ward-bench/target/benchmarks.jar TimerBench.ward -p engine=thread -p tasks=10000}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {Bench.ADD_EXPORTS, Bench.JDK_INTERNAL_VM})
public class TimerBench {
    static final long DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    static final String LUA = String.join("\n",
            "local async = require('ward.async')",
            "local time = require('ward.time')",
            "local function sleeper() return time.sleep('10ms'):wait() end",
            "function bench(n)",
            "  local spawn, ts = async.spawn, {}",
            "  for i = 1, n do ts[i] = spawn(sleeper) end",
            "  for i = 1, n do",
            "    if ts[i]:wait() ~= true then error('sleep failed') end",
            "  end",
            "end");

    @State(Scope.Benchmark)
    public static class Ward {
        @Param({"continuation", "thread"})
        public String engine;

        @Param({"100000"})
        public int tasks;

        LuaHost host;
        String call;

        @Setup(Level.Trial)
        public void setup() {
            Bench.checkThreadEngineCapacity(engine, tasks);
            host = LuaHost.start(engine, LUA, "timer_bench");
            call = "bench(" + tasks + ")";
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            host.close();
        }
    }

    @Benchmark
    public Object ward(Ward s) {
        return s.host.eval(s.call, "bench");
    }

    @State(Scope.Benchmark)
    public static class Raw {
        @Param({"100000"})
        public int tasks;

        MultiThreadIoEventLoopGroup group;
        EventLoop loop;

        @Setup(Level.Trial)
        public void setup() {
            group = Bench.newGroup();
            loop = Bench.loop(group);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            Bench.shutdown(group);
        }
    }

    @Benchmark
    public Object nettySchedule(Raw s) {
        EventLoop loop = s.loop;
        Promise<Void> done = loop.newPromise();
        int n = s.tasks;
        loop.execute(() -> {
            int[] left = {n};
            Runnable fired = () -> {
                if (--left[0] == 0) {
                    done.setSuccess(null);
                }
            };
            for (int i = 0; i < n; i++) {
                loop.schedule(fired, DELAY_NANOS, TimeUnit.NANOSECONDS);
            }
        });
        return Bench.await(done);
    }
}
