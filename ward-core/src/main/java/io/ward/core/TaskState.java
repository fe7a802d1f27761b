package io.ward.core;

import io.ward.core.fiber.Fiber;
import io.ward.core.fiber.FiberScope;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The scheduler's side of a task: its fiber, lifecycle and result. Never references its
 * {@link Task} handle, so the handle can become unreachable and trigger abort-on-drop.
 *
 * <p>Confined to the scheduler's context, except the volatile flags read by thread-safe
 * {@link #cancel()} and {@link #onHandleDropped()}.
 */
final class TaskState<T> implements Awaitable<T> {
    enum Status { QUEUED, RUNNING, SUSPENDED, READY, DONE }

    private static final VarHandle CANCEL_REQUESTED;

    static {
        try {
            CANCEL_REQUESTED = MethodHandles.lookup().findVarHandle(TaskState.class, "cancelRequested", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Scheduler scheduler;
    private final Callable<T> body;
    final Fiber fiber;

    // Threading - context only.
    Status status = Status.QUEUED;
    private Outcome<T> outcome;
    private Waiter<T> joinWaiter;
    private Parking parkedOn;
    private List<Consumer<Outcome<T>>> completionListeners;
    private boolean failureReported;
    /** The binding layer's per-task value ({@link Scheduler#taskLocal()}). */
    Object local;

    // Threading - written in context, read anywhere.
    private volatile boolean cancelRequested;
    private volatile boolean done;
    private volatile boolean joined;
    volatile boolean detached;
    private volatile boolean handleDropped;
    /**
     * The handle's abort-on-drop registration (written once by the handle, on any thread).
     * Released as soon as dropping the handle can change nothing, so that the Cleaner's
     * single thread, which may lag far behind under load, does not keep finished tasks alive.
     */
    private volatile Cleaner.Cleanable dropRegistration;
    volatile boolean dropReleased;

    TaskState(Scheduler scheduler, Callable<T> body) {
        this.scheduler = scheduler;
        this.body = body;
        this.fiber = scheduler.engine().newFiber(FiberScope.TASK, this::runBody);
    }

    /** The fiber's entry: runs the body and records how it ended. */
    private void runBody() {
        try {
            outcome = Outcome.success(body.call());
        } catch (CancelSignal cancelled) {
            outcome = Outcome.failure(new TaskCancelledException());
        } catch (Throwable t) {
            outcome = Outcome.failure(t);
        }
    }

    boolean isDone() {
        return done;
    }

    boolean isCancelRequested() {
        return cancelRequested;
    }

    Outcome<T> outcome() {
        return outcome;
    }

    /** Context only: throws the unwinding signal if cancellation was requested. */
    void checkCancelled() {
        if (cancelRequested) {
            throw new CancelSignal();
        }
    }

    /** Context only: makes a suspended task ready (a waiter completed or cancellation arrived). */
    void wake() {
        if (status == Status.SUSPENDED) {
            status = Status.READY;
            scheduler.enqueue(this);
        }
    }

    /** Context only: called by the scheduler around the fiber's suspension. */
    void parkOn(Parking parking) {
        parkedOn = parking;
        status = Status.SUSPENDED;
    }

    void unpark() {
        parkedOn = null;
        status = Status.RUNNING;
    }

    /** Thread-safe. See {@link Task#cancel()}. */
    boolean cancel() {
        if (done) {
            return false; // a joined task (Lua's wait) has finished too; a Java toFuture observer may still cancel
        }
        if (!CANCEL_REQUESTED.compareAndSet(this, false, true)) {
            return false;
        }
        scheduler.runInContext(this::deliverCancel);
        return true;
    }

    private void deliverCancel() {
        switch (status) {
            case QUEUED:
                fiber.kill(); // never started: no code of it runs
                finish(Outcome.failure(new TaskCancelledException()));
                break;
            case SUSPENDED:
                parkedOn.abort();
                wake();
                break;
            default:
                break; // READY / RUNNING: the next suspension point throws; DONE: nothing to do
        }
    }

    /** Context only: the fiber's body ended (or a queued task was cancelled). */
    void finish(Outcome<T> result) {
        if (status == Status.DONE) {
            return;
        }
        outcome = result;
        status = Status.DONE;
        done = true;
        Waiter<T> w = joinWaiter;
        if (w != null) {
            joinWaiter = null;
            if (w.tryComplete(result)) {
                joined = true;
            }
        }
        scheduler.onFinished(this, !result.isSuccess() && !joined
                && !(result.failure() instanceof TaskCancelledException));
        if (completionListeners != null) {
            for (Consumer<Outcome<T>> l : completionListeners) {
                l.accept(result);
            }
            completionListeners = null;
        }
        if (!result.isSuccess() && !joined && handleDropped) {
            reportUnobserved();
        }
        releaseDropIfSettled();
    }

    /** Thread-safe: called once by the handle with its Cleaner registration. */
    void registerDrop(Cleaner.Cleanable registration) {
        dropRegistration = registration;
        if (done) { // finished before the handle existed (spawned from another thread)
            scheduler.runInContext(this::releaseDropIfSettled);
        }
    }

    /**
     * Context only: once the task is done and its outcome needs no more watching (it was a
     * success, a cancellation, or someone joined it), unregisters the drop action.
     */
    private void releaseDropIfSettled() {
        Cleaner.Cleanable r = dropRegistration;
        if (r == null || !done || outcome == null) {
            return;
        }
        if (joined || outcome.isSuccess() || outcome.failure() instanceof TaskCancelledException) {
            dropReleased = true; // the action, run by clean() below, then does nothing
            dropRegistration = null;
            r.clean();
        }
    }

    /** Context only: the fiber's body ended; take the outcome it recorded. */
    void finishFromFiber() {
        Outcome<T> result = outcome;
        if (result == null) {
            Throwable f = fiber.failure();
            result = Outcome.failure(f != null ? f : new IllegalStateException("task ended without an outcome"));
        }
        outcome = null;
        finish(result);
    }

    /** Context only: run {@code listener} with the outcome when the task ends (now, if it has). */
    void onComplete(Consumer<Outcome<T>> listener) {
        if (done) {
            listener.accept(outcome);
            return;
        }
        if (completionListeners == null) {
            completionListeners = new ArrayList<>(1);
        }
        completionListeners.add(listener);
    }

    /** Context only: marks the result as observed (a Java future or join took it). */
    boolean tryMarkJoined() {
        if (joined || joinWaiter != null) {
            return false;
        }
        joined = true;
        scheduler.onObserved(this);
        releaseDropIfSettled();
        return true;
    }

    boolean isJoined() {
        return joined;
    }

    /** Thread-safe: the handle was garbage-collected. */
    void onHandleDropped() {
        handleDropped = true;
        if (!detached) {
            cancel();
        }
        scheduler.runInContext(() -> {
            if (done && !outcome.isSuccess() && !joined) {
                reportUnobserved();
            }
        });
    }

    /** Context only: reports a failure nobody waited for, once. */
    void reportUnobserved() {
        if (failureReported || joined || outcome == null || outcome.isSuccess()
                || outcome.failure() instanceof TaskCancelledException) {
            return;
        }
        failureReported = true;
        scheduler.onObserved(this);
        scheduler.reportUnobserved(outcome.failure());
    }

    // --- Awaitable: joining the task. A task is joined once; a second join fails. ---

    @Override
    public Outcome<T> poll() {
        if (scheduler.currentTaskOrNull() == this) {
            return Outcome.failure(new IllegalStateException("a task cannot wait for itself"));
        }
        if (joined || joinWaiter != null) {
            return Outcome.failure(new IllegalStateException("task already joined"));
        }
        if (done) {
            joined = true;
            scheduler.onObserved(this);
            releaseDropIfSettled();
            return outcome;
        }
        return null;
    }

    @Override
    public void register(Waiter<T> waiter) {
        joinWaiter = waiter;
    }

    @Override
    public void withdraw(Waiter<T> waiter) {
        if (joinWaiter == waiter) {
            joinWaiter = null;
        }
    }
}
