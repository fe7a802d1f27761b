package io.ward.bench;

import io.ward.lua.WardRuntime;
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
 * <b>Question:</b> what does running plain CPU-bound Lua as a Ward task cost against plain
 * LuaJ running the same code, without and with an instruction limit? (Target: Ward's
 * overhead at most 10%.)
 *
 * <p>Two workloads from {@link #LUA}: {@code fib(27)} (about 630,000 Lua calls and
 * arithmetic) and {@code strings} (20,000 {@code string.format} and {@code rep} calls,
 * {@code table.concat}, a {@code gmatch} scan and {@code upper}, mostly through string
 * methods). {@code ward*}: the call as a Ward task ({@code rt.eval}) on the event loop, on
 * the given fiber engine. {@code stock*} (baseline): the same functions on stock LuaJ's
 * {@code JsePlatform.standardGlobals()}, called on the JMH thread. Score: time per call.
 *
 * <p>{@code instructionLimit=0}: no limit (Ward's default: no debug hook installed).
 * {@code instructionLimit=1000000000000000}: a limit that is never reached
 * ({@code WardRuntime.builder().instructionLimit(n)}), so the cost of counting instructions
 * through LuaJ's debug hook is what the figure adds.
 *
 * <p>Run: {@code java -jar ward-bench/target/benchmarks.jar LuaCpuBench}
 * (on JDK 17 add {@code -p engine=thread}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {Bench.ADD_EXPORTS, Bench.JDK_INTERNAL_VM})
public class LuaCpuBench {
    static final String LUA = String.join("\n",
            "local function fib(n)",
            "  if n < 2 then return n end",
            "  return fib(n - 1) + fib(n - 2)",
            "end",
            "function bench_fib()",
            "  local r = fib(27)",
            "  if r ~= 196418 then error('fib(27) = ' .. tostring(r)) end",
            "  return r",
            "end",
            "function bench_strings()",
            "  local parts = {}",
            "  for i = 1, 20000 do",
            "    parts[#parts + 1] = string.format('%d:%s', i, ('x'):rep(i % 8))",
            "  end",
            "  local s = table.concat(parts, ',')",
            "  local n = 0",
            "  for w in s:gmatch('[^,]+') do n = n + #w end",
            "  return n + #s:upper()",
            "end");

    @State(Scope.Benchmark)
    public static class Ward {
        @Param({"continuation", "thread"})
        public String engine;

        @Param({"0", "1000000000000000"})
        public long instructionLimit;

        LuaHost host;

        @Setup(Level.Trial)
        public void setup() {
            host = LuaHost.start(engine, LUA, "cpu_bench", b -> b.instructionLimit(instructionLimit));
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            host.close();
        }
    }

    @State(Scope.Benchmark)
    public static class Stock {
        StockLua lua;

        @Setup(Level.Trial)
        public void setup() {
            lua = new StockLua(LUA, "cpu_bench");
        }
    }

    @Benchmark
    public Object wardFib(Ward s) {
        return s.host.eval("return bench_fib()", "fib");
    }

    @Benchmark
    public Object stockFib(Stock s) {
        return s.lua.call("bench_fib");
    }

    @Benchmark
    public Object wardStrings(Ward s) {
        return s.host.eval("return bench_strings()", "strings");
    }

    @Benchmark
    public Object stockStrings(Stock s) {
        return s.lua.call("bench_strings");
    }
}
