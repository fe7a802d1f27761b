package io.ward.lua;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A runtime's threads for blocking work, made on first use (a script that never starts a
 * process or reads a file never pays for them). Thread-safe.
 */
final class BlockingPool {
    private final int threads;
    private ThreadPoolExecutor pool; // guarded by this
    private boolean shutDown; // guarded by this

    /** {@code threads} may be 0: then there is no pool. */
    BlockingPool(int threads) {
        this.threads = threads;
    }

    /**
     * The pool: daemon threads, started on demand up to the size and ended after a minute idle.
     *
     * @throws IllegalStateException when the size is 0
     */
    synchronized ExecutorService get() {
        if (pool == null) {
            if (threads == 0) {
                throw new IllegalStateException("this runtime has no blocking pool (blockingThreads is 0)");
            }
            AtomicInteger ids = new AtomicInteger();
            pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "ward-blocking-" + ids.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            pool.allowCoreThreadTimeOut(true);
            if (shutDown) {
                pool.shutdown(); // asked for after close: it refuses work, like any closed pool
            }
        }
        return pool;
    }

    /** Lets queued work finish and refuses new work. Idempotent. */
    synchronized void shutdown() {
        shutDown = true;
        if (pool != null) {
            pool.shutdown();
        }
    }
}
