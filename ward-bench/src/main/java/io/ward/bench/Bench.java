package io.ward.bench;

import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.Future;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.fiber.FiberEngines;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.Varargs;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * Shared fixtures of the benchmarks: engines by name, a real Netty loop, Ward runtimes, and
 * waiting for their futures.
 *
 * <p>Thread-safe (stateless). Every benchmark runs its subject on a Netty NIO event loop of
 * its own (one thread, as a server would have), never on the JMH thread.
 */
public final class Bench {
    /** JVM flags of every forked benchmark JVM: the continuation engine needs jdk.internal.vm. */
    public static final String ADD_EXPORTS = "--add-exports";
    public static final String JDK_INTERNAL_VM = "java.base/jdk.internal.vm=ALL-UNNAMED";

    /**
     * How many live tasks the thread engine can hold on this kind of machine: one platform
     * thread each, and the machine's limit is near 32k threads. Benchmarks that need more
     * refuse the thread engine with a message instead of exhausting the machine.
     */
    public static final int THREAD_ENGINE_MAX_TASKS = 20_000;

    private Bench() {
    }

    /**
     * The engine called {@code name} ({@code continuation} or {@code thread}).
     *
     * @throws IllegalStateException naming the reason and the flag to pass when the
     *     continuation engine cannot run in this JVM (JDK 17, or a missing add-exports)
     */
    public static FiberEngine engine(String name) {
        if ("continuation".equals(name) && !FiberEngines.continuationAvailable()) {
            throw new IllegalStateException("engine=continuation is unavailable in this JVM ("
                    + FiberEngines.continuationUnavailableReason() + "): it needs JDK 21+; run with -p engine=thread");
        }
        return FiberEngines.named(name);
    }

    /** Refuses task counts the thread engine cannot hold (one platform thread per live task). */
    public static void checkThreadEngineCapacity(String engine, int liveTasks) {
        if ("thread".equals(engine) && liveTasks > THREAD_ENGINE_MAX_TASKS) {
            throw new IllegalStateException("engine=thread holds one platform thread per live task; " + liveTasks
                    + " live tasks exceed this machine's thread limit (~32k). Run it with at most "
                    + THREAD_ENGINE_MAX_TASKS + " tasks (e.g. -p tasks=10000)");
        }
    }

    /** A one-thread Netty NIO event loop group; {@link #loop} gives its loop. */
    public static MultiThreadIoEventLoopGroup newGroup() {
        return new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    }

    public static EventLoop loop(MultiThreadIoEventLoopGroup group) {
        return (EventLoop) group.next();
    }

    public static void shutdown(MultiThreadIoEventLoopGroup group) {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** A Ward runtime on {@code loop} with {@code engine}, printing to nowhere. */
    public static WardRuntime runtime(EventLoop loop, FiberEngine engine) {
        return WardRuntime.builder().engine(engine).eventLoop(loop).stdout(NULL_OUT).build();
    }

    /** Runs {@code code} as a Ward task and waits for its results; a Lua failure is rethrown. */
    public static Varargs eval(WardRuntime rt, String code, String name) {
        return await(rt.eval(code, name));
    }

    /** Waits (at most 10 minutes) for {@code f}; its failure is rethrown unchecked. */
    public static <T> T await(Future<T> f) {
        if (!f.awaitUninterruptibly(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("benchmark step did not finish within 10 minutes");
        }
        if (!f.isSuccess()) {
            // Not chained: LuaJ errors hold Lua values, which JMH cannot serialize to its host VM.
            Throwable cause = f.cause();
            IllegalStateException e = new IllegalStateException("benchmark step failed: " + cause);
            e.setStackTrace(cause.getStackTrace());
            throw e;
        }
        return f.getNow();
    }

    /** A print stream that drops everything (Lua {@code print} in benchmarks). */
    public static final PrintStream NULL_OUT = new PrintStream(OutputStream.nullOutputStream());
}
