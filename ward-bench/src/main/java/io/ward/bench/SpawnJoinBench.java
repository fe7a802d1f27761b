package io.ward.bench;

import org.luaj.vm2.LuaValue;
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
 * <b>Question:</b> how many Lua tasks per second can be spawned and joined
 * ({@code async.spawn(f, i)} then {@code t:wait()})? (Target: at least 300,000 per second,
 * continuation engine.)
 *
 * <p>{@link #ward}: {@link #LUA} spawns {@code batch} tasks, then joins them in order, until
 * {@value #WARD_OPS} tasks have run; one op = one task spawned, run and joined.
 * {@code batch=1} is spawn-then-wait one at a time, {@code batch=100} keeps 100 alive at
 * once. {@link #stockLuaj} (baseline): the closest stock-LuaJ equivalent, a coroutine
 * created and resumed to completion, same code shape ({@value #STOCK_OPS} per invocation:
 * each one starts a platform thread).
 *
 * <p>Run: {@code java -jar ward-bench/target/benchmarks.jar SpawnJoinBench}
 * (on JDK 17 add {@code -p engine=thread}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Bench.ADD_EXPORTS, Bench.JDK_INTERNAL_VM})
public class SpawnJoinBench {
    static final int WARD_OPS = 20_000;
    static final int STOCK_OPS = 1_000;

    static final String LUA = String.join("\n",
            "local async = require('ward.async')",
            "local function work(i) return i end",
            "function bench(n, batch)",
            "  local spawn, ts = async.spawn, {}",
            "  for _ = 1, n, batch do",
            "    for i = 1, batch do ts[i] = spawn(work, i) end",
            "    for i = 1, batch do",
            "      if ts[i]:wait() ~= i then error('wrong result') end",
            "    end",
            "  end",
            "end");

    static final String STOCK_LUA = String.join("\n",
            "local function work(i) return i end",
            "function bench(n, batch)",
            "  local create, resume, cs = coroutine.create, coroutine.resume, {}",
            "  for _ = 1, n, batch do",
            "    for i = 1, batch do cs[i] = create(work) end",
            "    for i = 1, batch do",
            "      local ok, v = resume(cs[i], i)",
            "      if not ok or v ~= i then error('wrong result') end",
            "    end",
            "  end",
            "end");

    @State(Scope.Benchmark)
    public static class Ward {
        @Param({"continuation", "thread"})
        public String engine;

        @Param({"1", "100"})
        public int batch;

        LuaHost host;
        String call;

        @Setup(Level.Trial)
        public void setup() {
            host = LuaHost.start(engine, LUA, "spawn_bench");
            call = "bench(" + WARD_OPS + ", " + batch + ")";
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            host.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(WARD_OPS)
    public Object ward(Ward s) {
        return s.host.eval(s.call, "bench");
    }

    @State(Scope.Benchmark)
    public static class Stock {
        @Param({"1", "100"})
        public int batch;

        StockLua lua;

        @Setup(Level.Trial)
        public void setup() {
            lua = new StockLua(STOCK_LUA, "spawn_bench");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            lua.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(STOCK_OPS)
    public Object stockLuaj(Stock s) {
        return s.lua.callGuarded("bench", LuaValue.valueOf(STOCK_OPS), LuaValue.valueOf(s.batch));
    }
}
