package io.ward.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * <b>Question:</b> what does {@code async.select} over 2 and 8 channels cost compared with a
 * plain {@code ch:wait()} on one channel, when the selecting task really has to park?
 *
 * <p>{@link #select}: the main task calls {@code async.select(chans)} over {@code channels}
 * empty channels (so it registers a waiter on each and parks); a sender task sends {@code i}
 * into channel {@code i % channels + 1} and waits for an ack, which the main task sends after
 * the select returns (so every select finds nothing ready and withdraws the losing waiters).
 * One op = one select plus its ack round trip, {@value #OPS} per invocation.
 * {@link #waitBaseline}: the same exchange with {@code ch:wait()} on a single channel.
 *
 * <p>Run: {@code java -jar ward-bench/target/benchmarks.jar SelectBench}
 * (on JDK 17 add {@code -p engine=thread}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Bench.ADD_EXPORTS, Bench.JDK_INTERNAL_VM})
public class SelectBench {
    static final int OPS = 100_000;

    static final String LUA = String.join("\n",
            "local async = require('ward.async')",
            "local function exchange(n, k, receive)",
            "  local chans = {}",
            "  for i = 1, k do chans[i] = async.channel(1) end",
            "  local ack = async.channel(1)",
            "  local sender = async.spawn(function()",
            "    for i = 1, n do",
            "      chans[i % k + 1]:send(i)",
            "      ack:wait()",
            "    end",
            "  end)",
            "  for i = 1, n do",
            "    if receive(chans) ~= i then error('wrong value') end",
            "    ack:send(true)",
            "  end",
            "  sender:wait()",
            "end",
            "local select = async.select",
            "local function by_select(chans)",
            "  local idx, v = select(chans)",
            "  return v",
            "end",
            "local function by_wait(chans) return chans[1]:wait() end",
            "function bench_select(n, k) exchange(n, k, by_select) end",
            "function bench_wait(n) exchange(n, 1, by_wait) end");

    @State(Scope.Benchmark)
    public static class Ward {
        @Param({"continuation", "thread"})
        public String engine;

        LuaHost host;

        @Setup(Level.Trial)
        public void setup() {
            host = LuaHost.start(engine, LUA, "select_bench");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            host.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Width {
        @Param({"2", "8"})
        public int channels;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public Object select(Ward s, Width w) {
        return s.host.eval("bench_select(" + OPS + ", " + w.channels + ")", "bench");
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public Object waitBaseline(Ward s) {
        return s.host.eval("bench_wait(" + OPS + ")", "bench");
    }
}
