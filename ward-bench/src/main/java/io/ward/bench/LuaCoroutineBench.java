package io.ward.bench;

import io.ward.lua.WardRuntime;
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
 * <b>Question:</b> how many Lua {@code coroutine.resume}/{@code coroutine.yield} round trips
 * per second does Ward's coroutine library do, against stock LuaJ's coroutine library running
 * the same Lua code? (Target: Ward on the continuation engine at least 40x stock.)
 *
 * <p>Both run {@link #LUA}: one coroutine, created once per trial, parked at a yield;
 * an invocation resumes it {@code n} times (one op = one resume that returns at the next
 * yield). {@link #ward}: a Ward task running on a {@link WardRuntime} ({@value #WARD_OPS}
 * round trips per invocation). {@link #stockLuaj} (baseline): LuaJ's
 * {@code JsePlatform.standardGlobals()} on the JMH thread ({@value #STOCK_OPS} per
 * invocation; each round trip is two platform-thread hand-offs).
 *
 * <p>Run: {@code java -jar ward-bench/target/benchmarks.jar LuaCoroutineBench}
 * (on JDK 17 add {@code -p engine=thread}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Bench.ADD_EXPORTS, Bench.JDK_INTERNAL_VM})
public class LuaCoroutineBench {
    static final int WARD_OPS = 100_000;
    static final int STOCK_OPS = 10_000;

    /** The same Lua for Ward and stock LuaJ. */
    static final String LUA = String.join("\n",
            "local co",
            "local stop = false",
            "function setup()",
            "  stop = false",
            "  co = coroutine.create(function()",
            "    while not stop do coroutine.yield() end",
            "  end)",
            "  assert(coroutine.resume(co))",
            "end",
            "function bench(n)",
            "  local resume = coroutine.resume",
            "  for i = 1, n do",
            "    if not resume(co) then error('resume failed') end",
            "  end",
            "end",
            "function finish()",
            "  stop = true",
            "  assert(coroutine.resume(co))",
            "  assert(coroutine.status(co) == 'dead')",
            "end");

    @State(Scope.Benchmark)
    public static class Ward {
        @Param({"continuation", "thread"})
        public String engine;

        LuaHost host;

        @Setup(Level.Trial)
        public void setup() {
            host = LuaHost.start(engine, LUA, "coroutine_bench");
            host.eval("setup()", "setup");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            host.eval("finish()", "finish");
            host.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(WARD_OPS)
    public Object ward(Ward s) {
        return s.host.eval("bench(" + WARD_OPS + ")", "bench");
    }

    @State(Scope.Benchmark)
    public static class Stock {
        StockLua lua;

        @Setup(Level.Trial)
        public void setup() {
            lua = new StockLua(LUA, "coroutine_bench");
            lua.callGuarded("setup");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            lua.callGuarded("finish"); // lets the coroutine's platform thread end
            lua.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(STOCK_OPS)
    public Object stockLuaj(Stock s) {
        return s.lua.callGuarded("bench", org.luaj.vm2.LuaValue.valueOf(STOCK_OPS));
    }
}
