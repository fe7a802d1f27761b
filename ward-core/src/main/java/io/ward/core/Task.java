package io.ward.core;

import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.lang.ref.Cleaner;
import java.util.concurrent.ExecutionException;

/**
 * A handle to a spawned task: wait for its result once, cancel it, detach it.
 *
 * <p>Awaiting ({@link Scheduler#await}) and {@link #isDone()} are for the scheduler's
 * context; {@link #cancel()} and {@link #detach()} are thread-safe. Structured by default:
 * when a handle that was not {@link #detach() detached} becomes unreachable, the task is
 * cancelled (abort on drop).
 */
public final class Task<T> implements Awaitable<T> {
    private static final Cleaner CLEANER = Cleaner.create();

    private final TaskState<T> state;

    Task(TaskState<T> state) {
        this.state = state;
        state.registerDrop(CLEANER.register(this, new DropAction(state)));
    }

    /** Runs when the handle is unreachable; holds the state, never the handle. */
    private static final class DropAction implements Runnable {
        private final TaskState<?> state;

        DropAction(TaskState<?> state) {
            this.state = state;
        }

        @Override
        public void run() {
            if (!state.dropReleased) { // released: the task ended and nothing is left to do on drop
                state.onHandleDropped();
            }
        }
    }

    /**
     * Requests cancellation: it takes effect at the task's current or next suspension point,
     * where a {@link CancelSignal} unwinds it. Thread-safe.
     *
     * @return {@code true} if this call requested it; {@code false} if the task had finished
     *     (which a joined task has) or was already cancelled
     */
    public boolean cancel() {
        return state.cancel();
    }

    /** Whether the task has finished (values, failure or cancellation). */
    public boolean isDone() {
        return state.isDone();
    }

    /** Whether cancellation has been requested. */
    public boolean isCancelRequested() {
        return state.isCancelRequested();
    }

    /** Exempts the task from abort-on-drop; idempotent. Thread-safe. */
    public boolean detach() {
        state.detached = true;
        return true;
    }

    public boolean isDetached() {
        return state.detached;
    }

    /**
     * A future of the task's result, completed on the loop; counts as the one join. Call
     * from the scheduler's context or any thread. The future's holder now owns the task's
     * lifetime: the task is {@link #detach() detached}, so dropping this handle does not
     * abort it (cancelling it explicitly still does).
     */
    public Future<T> toFuture() {
        state.detached = true;
        Promise<T> promise = state.scheduler.loop().newPromise();
        Runnable observe = () -> {
            if (!state.tryMarkJoined()) {
                promise.tryFailure(new IllegalStateException("task already joined"));
                return;
            }
            state.onComplete(o -> {
                if (o.isSuccess()) {
                    promise.trySuccess(o.value());
                } else {
                    promise.tryFailure(o.failure());
                }
            });
        };
        if (state.scheduler.inContext()) {
            observe.run();
        } else {
            try {
                state.scheduler.loop().execute(observe);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                promise.tryFailure(e);
            }
        }
        return promise;
    }

    /**
     * Blocks the calling thread until the task ends, for code outside the runtime.
     *
     * @throws IllegalStateException when called on the event loop or inside a task, where
     *     blocking would deadlock: await the task there instead
     */
    public T joinBlocking() throws InterruptedException, ExecutionException {
        if (state.scheduler.inContext()) {
            throw new IllegalStateException("blocking join on the event loop (or inside a task) would deadlock;"
                    + " await the task instead");
        }
        Future<T> f = toFuture();
        f.await();
        if (!f.isSuccess()) {
            throw new ExecutionException(f.cause());
        }
        return f.getNow();
    }

    @Override
    public Outcome<T> poll() {
        return state.poll();
    }

    @Override
    public void register(Waiter<T> waiter) {
        state.register(waiter);
    }

    @Override
    public void withdraw(Waiter<T> waiter) {
        state.withdraw(waiter);
    }

    @Override
    public String toString() {
        return "Task(" + (state.isDone() ? "done" : state.status.name().toLowerCase()) + ")";
    }
}
