package io.ward.bench;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.Promise;
import io.ward.core.fiber.Fiber;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.fiber.FiberScope;
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
 * <b>Question:</b> how many resume/suspend round trips per second does a bare ward-core
 * {@link FiberEngine} do on an event loop thread, and how does that compare with the
 * cheapest thing a loop can do, re-queueing a task with {@code execute}?
 *
 * <p>{@link #fiberRoundTrip}: on the loop thread, resume one fiber whose body suspends in a
 * loop; one op = one {@code resume()} that returns after the fiber's {@code suspend()}. On
 * the thread engine that is two thread hand-offs (loop to fiber thread and back).
 * {@link #nettyExecuteRoundTrip} (baseline): a task on the loop that {@code execute}s itself
 * again; one op = one pass through the loop's task queue. Both batch {@value #OPS} ops per
 * invocation.
 *
 * <p>Run: {@code java -jar ward-bench/target/benchmarks.jar FiberRoundTripBench}
 * (on JDK 17 add {@code -p engine=thread}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Bench.ADD_EXPORTS, Bench.JDK_INTERNAL_VM})
public class FiberRoundTripBench {
    static final int OPS = 100_000;
    static final FiberScope SCOPE = new FiberScope("bench");

    /** A fiber parked in a suspend loop, resumed from its loop thread. */
    @State(Scope.Benchmark)
    public static class FiberState {
        @Param({"continuation", "thread"})
        public String engine;

        MultiThreadIoEventLoopGroup group;
        EventLoop loop;
        FiberEngine fibers;
        Fiber fiber;
        volatile boolean stop;

        @Setup(Level.Trial)
        public void setup() {
            fibers = Bench.engine(engine);
            group = Bench.newGroup();
            loop = Bench.loop(group);
            FiberEngine e = fibers;
            fiber = e.newFiber(SCOPE, () -> {
                while (!stop) {
                    e.suspend(SCOPE);
                }
            });
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            stop = true;
            Bench.await(loop.submit(() -> {
                while (!fiber.isDone()) {
                    fiber.resume();
                }
            }));
            Bench.shutdown(group);
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void fiberRoundTrip(FiberState s) {
        Fiber f = s.fiber;
        Bench.await(s.loop.submit(() -> {
            for (int i = 0; i < OPS; i++) {
                f.resume();
            }
        }));
    }

    /** A loop for the baseline. */
    @State(Scope.Benchmark)
    public static class LoopState {
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

    /** Re-executes itself {@value #OPS} times on the loop, then completes its promise. */
    private static final class Hop implements Runnable {
        final EventLoop loop;
        final Promise<Void> done;
        int left = OPS;

        Hop(EventLoop loop) {
            this.loop = loop;
            this.done = loop.newPromise();
        }

        @Override
        public void run() {
            if (--left == 0) {
                done.setSuccess(null);
            } else {
                loop.execute(this);
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void nettyExecuteRoundTrip(LoopState s) {
        Hop hop = new Hop(s.loop);
        s.loop.execute(hop);
        Bench.await(hop.done);
    }
}
