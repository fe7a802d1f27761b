package io.ward.core;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.fiber.FiberEngines;
import io.ward.core.fiber.FiberPinnedException;
import io.ward.core.fiber.FiberScope;
import io.ward.core.fiber.FiberStartException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs tasks as fibers on one Netty {@link EventLoop}: a FIFO ready queue, lazy spawn,
 * suspension on {@link Awaitable}s, {@code select}, and cancellation.
 *
 * <p>Confined to its context (the loop thread, or the fiber thread the loop is handed to on
 * the thread engine); {@link #spawn}, {@link #close} and {@link #execute} are thread-safe.
 *
 * <p>How a task runs: {@link #spawn} queues it (lazy start: it begins when the spawner
 * suspends); the loop's drain task resumes ready tasks in FIFO order, each until it awaits
 * something not ready. An await polls the awaitable, else registers a {@link Parking} and
 * suspends the task's fiber; the awaitable completes the parking, which queues the task
 * again. Completions from other threads hop onto the loop with {@code execute}.
 */
public final class Scheduler implements AutoCloseable {
    /** Resumes per drain before yielding the loop to other work (I/O, timers)... */
    private static final int DRAIN_BUDGET = 4096;
    /** ...or this much time, checked every {@link #DRAIN_CHECK} resumes, whichever comes first. */
    private static final long DRAIN_NANOS = 1_000_000;
    private static final int DRAIN_CHECK = 32;

    private final EventLoop loop;
    private final FiberEngine engine;
    private final Runnable drain = this::drain;

    // Threading - context only.
    private final ArrayDeque<TaskState<?>> ready = new ArrayDeque<>();
    private final Set<TaskState<?>> live = new HashSet<>();
    /** Finished with a failure and not joined yet: reported at close if still unobserved. */
    private final Set<TaskState<?>> failedUnjoined = new HashSet<>();
    private boolean drainScheduled;
    private TaskState<?> running;
    /** Timers scheduled by {@link Timers} for this scheduler that have neither fired nor been cancelled. */
    private int pendingTimers;

    private volatile boolean closed;
    private volatile Consumer<Throwable> unobservedFailureHandler = Scheduler::printUnobserved;

    public Scheduler(EventLoop loop, FiberEngine engine) {
        this.loop = loop;
        this.engine = engine;
    }

    /** A scheduler on {@code loop} using the default fiber engine. */
    public static Scheduler create(EventLoop loop) {
        return new Scheduler(loop, FiberEngines.defaultEngine());
    }

    public EventLoop loop() {
        return loop;
    }

    public FiberEngine engine() {
        return engine;
    }

    /** Whether the caller runs in this scheduler's context (see the class comment). */
    public boolean inContext() {
        if (loop.inEventLoop()) {
            return true;
        }
        TaskState<?> t = running; // a racy read is harmless: only our own fiber thread can match
        return t != null && engine.current(FiberScope.TASK) == t.fiber;
    }

    /** Sets who hears about failed tasks that nobody waited for. Thread-safe. */
    public void onUnobservedFailure(Consumer<Throwable> handler) {
        this.unobservedFailureHandler = handler;
    }

    /** Runs {@code r} on the loop later. Thread-safe. */
    public void execute(Runnable r) {
        loop.execute(r);
    }

    /** Runs {@code r} now when in context, else on the loop later. Thread-safe. */
    public void runInContext(Runnable r) {
        if (inContext()) {
            r.run();
        } else {
            try {
                loop.execute(r);
            } catch (RejectedExecutionException e) {
                // the loop is shutting down: nothing of this scheduler runs any more
            }
        }
    }

    /**
     * Spawns a task running {@code body} on a new fiber. Lazy: in context, it starts when the
     * caller suspends; from another thread, it is queued on the loop. Thread-safe.
     *
     * @throws RejectedExecutionException when the scheduler is closed
     */
    public <T> Task<T> spawn(Callable<T> body) {
        if (closed) {
            throw new RejectedExecutionException("the Ward scheduler is closed");
        }
        TaskState<T> state = new TaskState<>(this, body);
        Task<T> handle = new Task<>(state);
        Runnable admit = () -> {
            if (state.isDone()) {
                return; // cancelled before this hop reached the loop
            }
            if (closed) {
                state.finish(Outcome.failure(new TaskCancelledException()));
                return;
            }
            live.add(state);
            enqueue(state);
        };
        if (inContext()) {
            admit.run();
        } else {
            loop.execute(admit); // throws RejectedExecutionException once the loop has shut down
        }
        return handle;
    }

    /** Context only: queues a task to be resumed. */
    void enqueue(TaskState<?> task) {
        ready.addLast(task);
        if (!drainScheduled) {
            drainScheduled = true;
            loop.execute(drain);
        }
    }

    private void drain() {
        assert loop.inEventLoop() : "drain runs on the loop";
        long start = System.nanoTime();
        try {
            for (int n = 1; n <= DRAIN_BUDGET && !ready.isEmpty(); n++) {
                TaskState<?> t = ready.pollFirst();
                if (t.status != TaskState.Status.DONE) {
                    resume(t);
                }
                if (n % DRAIN_CHECK == 0 && System.nanoTime() - start > DRAIN_NANOS) {
                    break; // a long batch would delay the loop's I/O and timers
                }
            }
        } finally {
            if (ready.isEmpty()) {
                drainScheduled = false;
            } else {
                loop.execute(drain); // budget spent (or a failure): let I/O and timers in, then go on
            }
        }
    }

    private void resume(TaskState<?> t) {
        t.status = TaskState.Status.RUNNING;
        running = t;
        boolean finished;
        try {
            finished = t.fiber.resume();
        } catch (FiberStartException e) {
            t.finish(Outcome.failure(e)); // no thread for this task: it fails, the others go on
            return;
        } finally {
            running = null;
        }
        if (finished) {
            t.finishFromFiber();
        }
    }

    /** Context only: the task whose code is running, or {@code null} outside any task. */
    TaskState<?> currentTaskOrNull() {
        return running;
    }

    private TaskState<?> currentTask() {
        TaskState<?> t = running;
        if (t == null || !engine.inScope(FiberScope.TASK)) {
            throw new IllegalStateException("await outside a task: only code running in a Ward task can suspend");
        }
        return t;
    }

    /**
     * Context only, inside a task: the value a binding layer keeps for the running task (for
     * example Lua task-local state a spawned task inherits); {@code null} until set.
     */
    public Object taskLocal() {
        return currentTask().local;
    }

    /** Context only, inside a task: sets the running task's {@link #taskLocal()}. */
    public void setTaskLocal(Object value) {
        currentTask().local = value;
    }

    /** Whether the caller runs inside one of this scheduler's tasks. */
    public boolean inTask() {
        return running != null && inContext();
    }

    /**
     * Waits for {@code a} from inside a task: returns its value or throws its failure.
     *
     * @throws CancelSignal when the task is cancelled (now or while waiting)
     * @throws IllegalStateException when called outside a task
     */
    public <T> T await(Awaitable<T> a) {
        TaskState<?> t = currentTask();
        t.checkCancelled();
        Outcome<T> now = a.poll();
        if (now != null) {
            return now.get();
        }
        Parking parking = new Parking(t);
        @SuppressWarnings("unchecked")
        Waiter<T> w = (Waiter<T>) (Waiter<?>) parking;
        a.register(w);
        try {
            suspend(t, parking);
        } finally {
            if (!parking.completed()) {
                parking.abort();
                a.withdraw(w);
            }
        }
        if (!parking.completed()) {
            throw new CancelSignal();
        }
        @SuppressWarnings("unchecked")
        Outcome<T> result = (Outcome<T>) parking.outcome;
        return result.get();
    }

    /**
     * Waits on every entry at once and returns the first to complete; the lowest index wins
     * among those ready at the start. Losers are withdrawn without consuming anything and are
     * not cancelled.
     *
     * @throws IllegalArgumentException for an empty list
     */
    public Selected select(List<? extends Awaitable<?>> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("select needs at least one awaitable");
        }
        TaskState<?> t = currentTask();
        t.checkCancelled();
        for (int i = 0; i < entries.size(); i++) {
            Outcome<?> now = entries.get(i).poll();
            if (now != null) {
                return new Selected(i, now);
            }
        }
        Parking parking = new Parking(t);
        List<Waiter<Object>> waiters = new ArrayList<>(entries.size());
        try {
            for (int i = 0; i < entries.size() && parking.isPending(); i++) {
                SelectWaiter w = new SelectWaiter(parking, i);
                waiters.add(w);
                awaitable(entries.get(i)).register(w);
            }
            suspend(t, parking);
        } finally {
            parking.abort();
            for (int i = 0; i < waiters.size(); i++) {
                if (i != parking.index) {
                    awaitable(entries.get(i)).withdraw(waiters.get(i));
                }
            }
        }
        if (!parking.completed()) {
            throw new CancelSignal();
        }
        return new Selected(parking.index, parking.outcome);
    }

    @SuppressWarnings("unchecked")
    private static Awaitable<Object> awaitable(Awaitable<?> a) {
        return (Awaitable<Object>) a;
    }

    /**
     * Waits for {@code a} at most {@code timeoutNanos}, counted from now. A result already
     * available wins even with a zero timeout; on expiry the inner wait is withdrawn without
     * consuming anything.
     *
     * @throws AwaitTimeoutException on expiry
     */
    public <T> T await(Awaitable<T> a, long timeoutNanos) {
        return await(Timers.withTimeout(this, a, timeoutNanos));
    }

    /** Lets every other ready task run once, then continues. */
    public void yieldNow() {
        TaskState<?> t = currentTask();
        t.checkCancelled();
        t.status = TaskState.Status.READY;
        enqueue(t);
        engine.suspend(FiberScope.TASK);
        t.unpark();
        t.checkCancelled();
    }

    /** Suspends the running task until {@code parking} completes or is aborted. */
    private void suspend(TaskState<?> t, Parking parking) {
        if (!parking.isPending()) {
            return; // completed during registration
        }
        t.parkOn(parking);
        try {
            engine.suspend(FiberScope.TASK);
        } catch (FiberPinnedException e) {
            t.unpark();
            throw e;
        }
        t.unpark();
    }

    /** Context only: bookkeeping when a task ends. */
    void onFinished(TaskState<?> t, boolean failed) {
        live.remove(t);
        if (failed) {
            failedUnjoined.add(t);
        }
    }

    /** Context only: a finished task's result was taken, or its failure reported. */
    void onObserved(TaskState<?> t) {
        failedUnjoined.remove(t);
    }

    void reportUnobserved(Throwable failure) {
        try {
            unobservedFailureHandler.accept(failure);
        } catch (Throwable t) { // a broken handler must not stall the scheduler
            System.err.println("ward: the unobserved-failure handler failed: " + t);
        }
    }

    private static void printUnobserved(Throwable failure) {
        System.err.println("ward: a task failed and nobody waited for it: " + failure);
    }

    /**
     * Context only: schedules {@code action} on the loop after {@code delayNanos}, counted in
     * {@link #pendingTimerCount()} until it runs or {@link #cancelTimer} cancels it.
     */
    ScheduledFuture<?> scheduleTimer(Runnable action, long delayNanos) {
        ScheduledFuture<?> f = loop.schedule(() -> {
            pendingTimers--;
            action.run();
        }, delayNanos, TimeUnit.NANOSECONDS);
        pendingTimers++;
        return f;
    }

    /** Context only: cancels a timer from {@link #scheduleTimer}; a no-op once it has run. */
    void cancelTimer(ScheduledFuture<?> timer) {
        if (timer.cancel(false)) {
            pendingTimers--;
        }
    }

    /**
     * Context only, for tests and diagnostics: timers (sleeps, deadlines, timeouts) waiting to
     * fire. Zero once every task has ended: a withdrawn wait cancels its timer.
     */
    public int pendingTimerCount() {
        return pendingTimers;
    }

    /** Context only: how many tasks are queued, running or suspended. */
    public int liveTaskCount() {
        return live.size();
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Cancels every task (each unwinds from its suspension point on the loop), which releases
     * every waiter and timer; later spawns are rejected. Idempotent and thread-safe.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        runInContext(() -> {
            for (TaskState<?> t : new ArrayList<>(live)) {
                t.cancel();
            }
            for (TaskState<?> t : new ArrayList<>(failedUnjoined)) {
                t.reportUnobserved();
            }
        });
    }

    /** Context only: time on the loop's clock (its {@code Ticker}), in nanoseconds. */
    public long nanoTime() {
        return loop.ticker().nanoTime();
    }
}
