package io.ward.bench;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.Future;
import io.ward.core.BoundedChannel;
import io.ward.lua.async.LuaChannel;
import org.jctools.queues.MpscArrayQueue;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * <b>Question:</b> how many messages per second reach a Lua task when {@value #PRODUCERS}
 * plain Java threads {@code trySend} into one Ward channel (the way an embedder feeds Lua
 * from I/O or worker threads), and how far is that from a raw lock-free queue?
 *
 * <p>{@link #ward}: {@value #PRODUCERS} producer threads each {@code trySend}
 * {@value #OPS}/{@value #PRODUCERS} values into a {@link BoundedChannel} of
 * {@code capacity} (from Lua's {@code async.channel(capacity)}, reached through
 * {@link LuaChannel#channel()}), backing off with {@code Thread.yield()} while it is full; a
 * Lua task drains it with {@code ch:wait()}. One op = one message received by Lua.
 * {@link #mpscQueue} (baseline): the same producers offer into a JCTools
 * {@code MpscArrayQueue} of the same capacity, drained by a plain Java loop on the event loop
 * thread that spins (yields) when empty: the floor of moving the items, without suspension,
 * wake-ups or Lua.
 *
 * <p>On 2 cores the four producers and the loop thread share the CPU, so this measures
 * contention as much as the channel. Run:
 * {@code java -jar ward-bench/target/benchmarks.jar FanInBench} (on JDK 17 add
 * {@code -p engine=thread}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Bench.ADD_EXPORTS, Bench.JDK_INTERNAL_VM})
public class FanInBench {
    static final int PRODUCERS = 4;
    static final int OPS = 200_000;
    static final int PER_PRODUCER = OPS / PRODUCERS;
    static final LuaValue ITEM = LuaValue.valueOf(42);

    static final String LUA = String.join("\n",
            "local async = require('ward.async')",
            "function make(cap) ch = async.channel(cap); return ch end",
            "function drain(n)",
            "  local c = ch",
            "  for i = 1, n do",
            "    if c:wait() ~= 42 then error('wrong item') end",
            "  end",
            "end");

    @State(Scope.Benchmark)
    public static class Producers {
        ExecutorService pool;

        @Setup(Level.Trial)
        public void setup() {
            pool = Executors.newFixedThreadPool(PRODUCERS, r -> {
                Thread t = new Thread(r, "fan-in-producer");
                t.setDaemon(true);
                return t;
            });
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            pool.shutdownNow();
        }

        void runAll(Runnable producer) {
            CompletableFuture<?>[] fs = new CompletableFuture<?>[PRODUCERS];
            for (int i = 0; i < PRODUCERS; i++) {
                fs[i] = CompletableFuture.runAsync(producer, pool);
            }
            CompletableFuture.allOf(fs).join();
        }
    }

    @State(Scope.Benchmark)
    public static class Ward {
        @Param({"continuation", "thread"})
        public String engine;

        @Param({"64", "1024"})
        public int capacity;

        LuaHost host;
        BoundedChannel channel;
        String drain;

        @Setup(Level.Trial)
        public void setup() {
            host = LuaHost.start(engine, LUA, "fanin_bench");
            Varargs made = host.eval("return make(" + capacity + ")", "make");
            channel = ((LuaChannel) made.arg1().touserdata()).channel();
            drain = "drain(" + OPS + ")";
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            host.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public Object ward(Ward s, Producers p) {
        Future<Varargs> drained = s.host.rt.eval(s.drain, "drain");
        BoundedChannel ch = s.channel;
        p.runAll(() -> {
            for (int i = 0; i < PER_PRODUCER; i++) {
                while (ch.trySend(ITEM) != BoundedChannel.TrySend.SENT) {
                    Thread.yield();
                }
            }
        });
        return Bench.await(drained);
    }

    @State(Scope.Benchmark)
    public static class Queue {
        @Param({"64", "1024"})
        public int capacity;

        MultiThreadIoEventLoopGroup group;
        EventLoop loop;
        MpscArrayQueue<Object> queue;

        @Setup(Level.Trial)
        public void setup() {
            group = Bench.newGroup();
            loop = Bench.loop(group);
            queue = new MpscArrayQueue<>(capacity);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            Bench.shutdown(group);
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public Object mpscQueue(Queue s, Producers p) {
        MpscArrayQueue<Object> q = s.queue;
        Future<Long> drained = s.loop.submit(() -> {
            long sum = 0;
            for (int i = 0; i < OPS; i++) {
                Object o;
                while ((o = q.relaxedPoll()) == null) {
                    Thread.yield();
                }
                sum += ((LuaValue) o).toint();
            }
            return sum;
        });
        p.runAll(() -> {
            for (int i = 0; i < PER_PRODUCER; i++) {
                while (!q.offer(ITEM)) {
                    Thread.yield();
                }
            }
        });
        return Bench.await(drained);
    }
}
