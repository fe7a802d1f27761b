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
 * <b>Question:</b> how many channel ping-pong round trips per second do two Lua tasks do
 * through Ward channels of capacity 1 and 64, and what does the same ping-pong cost on stock
 * LuaJ coroutines? (Target: at least 2,000,000 round trips per second, continuation engine.)
 *
 * <p>{@link #ward}: {@link #WARD_LUA}, the main task sends {@code i} on {@code ping} and
 * waits for it on {@code pong}; an echo task forwards each value back. One op = one round
 * trip (two sends, two receives, two task switches through the scheduler), {@value #WARD_OPS}
 * per invocation. {@link #stockLuaj} (baseline): the same ping-pong in {@link #STOCK_LUA}, a
 * tiny FIFO scheduler with bounded channels written in Lua over LuaJ's own coroutines
 * ({@value #STOCK_OPS} per invocation; each task switch is a platform-thread hand-off).
 *
 * <p>Run: {@code java -jar ward-bench/target/benchmarks.jar ChannelPingPongBench}
 * (on JDK 17 add {@code -p engine=thread}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Bench.ADD_EXPORTS, Bench.JDK_INTERNAL_VM})
public class ChannelPingPongBench {
    static final int WARD_OPS = 100_000;
    static final int STOCK_OPS = 10_000;

    static final String WARD_LUA = String.join("\n",
            "local async = require('ward.async')",
            "function bench(n, cap)",
            "  local ping, pong = async.channel(cap), async.channel(cap)",
            "  local echo = async.spawn(function()",
            "    for i = 1, n do pong:send(ping:wait()) end",
            "  end)",
            "  for i = 1, n do",
            "    ping:send(i)",
            "    if pong:wait() ~= i then error('out of order') end",
            "  end",
            "  echo:wait()",
            "end");

    /** The same ping-pong over stock coroutines: a FIFO ready queue and bounded channels. */
    static final String STOCK_LUA = String.join("\n",
            "local create, resume, yield, running = coroutine.create, coroutine.resume, coroutine.yield, coroutine.running",
            "local ready, head, tail = {}, 1, 0",
            "local function wake(co) tail = tail + 1; ready[tail] = co end",
            "local function channel(cap) return { buf = {}, first = 1, last = 0, cap = cap } end",
            "local function send(ch, v)",
            "  while ch.last - ch.first + 1 >= ch.cap do ch.sender = running(); yield() end",
            "  ch.last = ch.last + 1; ch.buf[ch.last] = v",
            "  local r = ch.receiver",
            "  if r then ch.receiver = nil; wake(r) end",
            "end",
            "local function recv(ch)",
            "  while ch.last < ch.first do ch.receiver = running(); yield() end",
            "  local v = ch.buf[ch.first]; ch.buf[ch.first] = nil; ch.first = ch.first + 1",
            "  local s = ch.sender",
            "  if s then ch.sender = nil; wake(s) end",
            "  return v",
            "end",
            "local function spawn(f) wake(create(f)) end",
            "local function run()",
            "  while head <= tail do",
            "    local co = ready[head]; ready[head] = nil; head = head + 1",
            "    local ok, err = resume(co)",
            "    if not ok then error(err) end",
            "  end",
            "end",
            "function bench(n, cap)",
            "  local ping, pong = channel(cap), channel(cap)",
            "  spawn(function() for i = 1, n do send(pong, recv(ping)) end end)",
            "  spawn(function()",
            "    for i = 1, n do",
            "      send(ping, i)",
            "      if recv(pong) ~= i then error('out of order') end",
            "    end",
            "  end)",
            "  run()",
            "end");

    @State(Scope.Benchmark)
    public static class Ward {
        @Param({"continuation", "thread"})
        public String engine;

        @Param({"1", "64"})
        public int capacity;

        LuaHost host;
        String call;

        @Setup(Level.Trial)
        public void setup() {
            host = LuaHost.start(engine, WARD_LUA, "pingpong_bench");
            call = "bench(" + WARD_OPS + ", " + capacity + ")";
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
        @Param({"1", "64"})
        public int capacity;

        StockLua lua;

        @Setup(Level.Trial)
        public void setup() {
            lua = new StockLua(STOCK_LUA, "pingpong_bench");
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            lua.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(STOCK_OPS)
    public Object stockLuaj(Stock s) {
        return s.lua.callGuarded("bench", LuaValue.valueOf(STOCK_OPS), LuaValue.valueOf(s.capacity));
    }
}
