package io.ward.lua.fs;

import io.ward.core.FutureAwaitables;
import io.ward.lua.Awaits;
import io.ward.lua.LuaErrors;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaError;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@code ward.fs} call's file-system work off the loop and suspends only the calling
 * task until it is done: bounded work on the runtime's blocking pool, work that may wait
 * forever (a FIFO with no writer) on a thread of its own, so it never holds a pool thread.
 *
 * <p>{@link #await} is confined to the runtime's context (it suspends the running task); the
 * jobs run on other threads and touch no Lua value. Cancelling the waiting task does not stop a
 * job: it runs to completion and its result is dropped (ward-fs.md section 8 item 2).
 */
final class FsJobs {
    private final WardRuntime rt;
    /** Threads for reads and writes that may wait forever; made on demand, ended idle or at close. */
    private final ExecutorService unbounded;

    FsJobs(WardRuntime rt) {
        this.rt = rt;
        AtomicInteger ids = new AtomicInteger();
        this.unbounded = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ward-fs-stream-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        rt.onClose(unbounded::shutdownNow); // a thread blocked opening a FIFO stays until its other end comes
    }

    /** Blocking work that throws. */
    @FunctionalInterface
    interface Job<T> {
        T run() throws Exception;
    }

    /** A job's failure, carrying the text Lua sees; made on the loop. */
    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failed(String text) {
            super(text, null, false, false);
        }
    }

    /** Runs {@code job} on the blocking pool and waits for it in the running task. */
    <T> T await(Job<T> job) {
        return await(rt.blockingPool(), job);
    }

    /** Runs {@code job} on a thread of its own (it may wait forever) and waits for it in the running task. */
    <T> T awaitUnbounded(Job<T> job) {
        return await(unbounded, job);
    }

    /**
     * Runs {@code job} on {@code executor}, suspending the running task meanwhile. Returns its
     * value; its exception comes back as {@link Failed} with the upstream text.
     *
     * @throws LuaError outside a task, or when the runtime is closing
     */
    private <T> T await(Executor executor, Job<T> job) {
        Awaits.checkInTask(rt);
        CompletableFuture<Object> done = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    done.complete(job.run());
                } catch (Throwable t) { // handed back whole: OutOfMemoryError included
                    done.complete(new Outcome(t));
                }
            });
        } catch (RejectedExecutionException e) {
            throw new LuaError("the runtime is closing");
        }
        Object v = Awaits.awaitCore(rt, FutureAwaitables.of(rt.scheduler(), done));
        if (v instanceof Outcome) {
            Throwable t = ((Outcome) v).failure;
            if (t instanceof OutOfMemoryError) {
                throw new LuaError(LuaErrors.OUT_OF_MEMORY);
            }
            throw new Failed(OsErrors.text(t));
        }
        @SuppressWarnings("unchecked")
        T value = (T) v;
        return value;
    }

    /** A job's exception, passed as a value so the future itself never fails. */
    private static final class Outcome {
        final Throwable failure;

        Outcome(Throwable failure) {
            this.failure = failure;
        }
    }
}
