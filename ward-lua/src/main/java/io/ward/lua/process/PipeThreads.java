package io.ward.lua.process;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for reads and writes on children's pipes: one per operation in flight, made on
 * demand and ended after 30 s idle.
 *
 * <p>Why not the runtime's bounded blocking pool: a pipe read waits for as long as the child
 * stays silent, and a write for as long as it does not read. With a bounded pool, as many
 * silent children as the pool has threads would hold every thread, and the write that would
 * wake them, a new command's start, or another task's read would queue behind them forever.
 * Starting processes and reading capture files, which always finish, stay on the bounded pool.
 *
 * <p>Thread-safe (a {@link ThreadPoolExecutor}).
 */
final class PipeThreads {
    /** Reads and writes need little stack; the JDK's 1 MB default would be wasted per child. */
    private static final long STACK_BYTES = 256 * 1024;

    private PipeThreads() {
    }

    static ExecutorService create() {
        AtomicInteger ids = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(null, r, "ward-pipe-" + ids.incrementAndGet(), STACK_BYTES);
            t.setDaemon(true);
            return t;
        });
    }
}
