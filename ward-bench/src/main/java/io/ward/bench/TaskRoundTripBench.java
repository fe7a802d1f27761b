package io.ward.bench;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.Promise;
import io.ward.core.BoundedChannel;
import io.ward.core.Scheduler;
import io.ward.core.Task;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * <b>Question:</b> how many task round trips per second does the scheduler sustain when
 * {@code liveTasks} tasks are alive at once, all taking turns? This is the figure of the
 * target "thread engine on JDK 17: at least 150,000 round trips per second with 10,000 live
 * tasks".
 *
 * <p>{@code liveTasks} Java tasks ({@link Scheduler#spawn}) loop on
 * {@link Scheduler#yieldNow()} for the whole trial; the ready queue is FIFO, so with 10,000
 * tasks every resume goes to a different fiber (on the thread engine: a different parked
 * platform thread). One op = one yield (suspend, re-queue, resume). An invocation waits for
 * the next {@value #OPS} yields. With {@code liveTasks=1} the same task is resumed again and
 * again: the best case.
 *
 * <p>{@code idleTasks} more tasks (default 0) can be kept alive but parked on a channel that
 * never receives anything, for the other reading of the target: a few busy tasks among 10,000
 * live ones ({@code -p liveTasks=2 -p idleTasks=10000}).
 *
 * <p>Run: {@code java -jar ward-bench/target/benchmarks.jar TaskRoundTripBench}
 * (on JDK 17 add {@code -p engine=thread}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {Bench.ADD_EXPORTS, Bench.JDK_INTERNAL_VM})
@State(Scope.Benchmark)
public class TaskRoundTripBench {
    static final int OPS = 100_000;

    @Param({"continuation", "thread"})
    public String engine;

    @Param({"1", "10000"})
    public int liveTasks;

    @Param({"0"})
    public int idleTasks;

    private MultiThreadIoEventLoopGroup group;
    private EventLoop loop;
    private Scheduler scheduler;
    private final List<Task<Void>> tasks = new ArrayList<>();
    private final List<Task<Object>> idle = new ArrayList<>();
    private BoundedChannel never;
    private volatile boolean stop;

    // Threading - scheduler context only.
    private long yields;
    private long target = -1;
    private Promise<Void> reached;

    @Setup(Level.Trial)
    public void setup() {
        Bench.checkThreadEngineCapacity(engine, liveTasks + idleTasks);
        group = Bench.newGroup();
        loop = Bench.loop(group);
        scheduler = new Scheduler(loop, Bench.engine(engine));
        never = new BoundedChannel(scheduler, 1);
        for (int i = 0; i < idleTasks; i++) {
            idle.add(scheduler.spawn(() -> scheduler.await(never.receiver())));
        }
        for (int i = 0; i < liveTasks; i++) {
            tasks.add(scheduler.spawn(() -> {
                while (!stop) {
                    scheduler.yieldNow();
                    if (++yields == target) {
                        reached.setSuccess(null);
                    }
                }
                return null;
            }));
        }
        waitFor(2L * liveTasks); // every task started (thread engine: its thread exists)
    }

    private void waitFor(long ops) {
        Promise<Void> p = loop.newPromise();
        loop.execute(() -> {
            reached = p;
            target = yields + ops;
        });
        Bench.await(p);
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public void yieldRoundTrip() {
        waitFor(OPS);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        stop = true;
        for (Task<Void> t : tasks) {
            Bench.await(t.toFuture());
        }
        tasks.clear();
        never.close();
        for (Task<Object> t : idle) {
            Bench.await(t.toFuture());
        }
        idle.clear();
        scheduler.close();
        Bench.shutdown(group);
    }
}
