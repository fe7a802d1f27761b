package io.ward.core.fiber;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fibers on pooled daemon platform threads, for JDKs without usable continuations.
 *
 * <p>Thread-safe. Exactly one thread of a fiber tree runs at a time: {@link Fiber#resume()}
 * signals the fiber's thread and parks the caller on its {@link Baton} until the fiber
 * suspends or ends; {@link #suspend} signals whoever resumed the suspended scope's fiber and
 * parks the fiber's thread. No {@code synchronized}, no {@code wait}: only volatile batons.
 *
 * <p>Nesting: when an inner fiber suspends an outer scope, the outer fiber remembers the
 * inner one as {@code mounted}, and the next resume of the outer fiber wakes the inner
 * fiber's thread, which continues exactly where it was. The threads in between stay parked
 * in their own {@code resume()} calls, as their Java stacks require.
 *
 * <p>Caveats: each live fiber holds a thread (~40 KB RSS, a few tens of thousands at most
 * per machine). Idle threads are kept for {@link #IDLE_SECONDS} and then end. When no thread
 * can be had (the system refuses one, or {@value #MAX_THREADS_PROPERTY} caps them), the
 * resume that would start a fiber throws {@link FiberStartException} and the fiber stays
 * unstarted: a failure of that one task or coroutine, not a hang.
 */
final class ThreadEngine implements FiberEngine {
    static final long IDLE_SECONDS = Long.getLong("ward.fiber.idleSeconds", 30);
    /** System property capping the engine's fiber threads (none by default: the system's limit applies). */
    static final String MAX_THREADS_PROPERTY = "ward.fiber.maxThreads";
    private static final int MAX_THREADS = Integer.getInteger(MAX_THREADS_PROPERTY, 0);
    private static final long STACK_SIZE = Long.getLong("ward.fiber.stackSize", 16L << 20);
    private static final ThreadLocal<ThreadFiber> CURRENT = new ThreadLocal<>();
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();
    /** Worker threads this engine may have at once; 0: as many as the system gives. */
    private final int maxThreads;
    /** Workers assigned a fiber body that has not ended yet. */
    private final AtomicInteger inUse = new AtomicInteger();
    /** Worker threads started and not ended (in use or idle). */
    private final AtomicInteger live = new AtomicInteger();

    ThreadEngine() {
        this(MAX_THREADS);
    }

    /** An engine with its own cap on threads (0: none); the shared one reads {@value #MAX_THREADS_PROPERTY}. */
    ThreadEngine(int maxThreads) {
        this.maxThreads = maxThreads;
    }

    @Override
    public String name() {
        return "thread";
    }

    @Override
    public Fiber newFiber(FiberScope scope, Runnable body) {
        return new ThreadFiber(scope, body);
    }

    @Override
    public int threadsInUse() {
        return inUse.get();
    }

    @Override
    public Fiber current(FiberScope scope) {
        return AbstractFiber.enclosing(CURRENT.get(), scope);
    }

    @Override
    public void suspend(FiberScope scope) {
        ThreadFiber me = CURRENT.get();
        ThreadFiber target = AbstractFiber.enclosing(me, scope);
        if (target == null) {
            throw AbstractFiber.notInScope(scope);
        }
        target.mounted = me;
        Baton resumer = target.resumer;
        target.resumer = null;
        resumer.signal();
        me.worker.baton.await();
        AbstractFiber.checkKilled(target);
    }

    private Worker takeWorker() {
        Worker w = idle.pollFirst();
        if (w != null) {
            return w;
        }
        if (maxThreads > 0 && live.get() >= maxThreads) {
            throw FiberStartException.capped(maxThreads);
        }
        return new Worker();
    }

    /** A fiber whose body runs on a pooled {@link Worker} thread. */
    private final class ThreadFiber extends AbstractFiber {
        /** The thread running this fiber's own body; set at first resume. */
        Worker worker;
        /** The fiber (this or one nested inside) whose thread to wake on resume. */
        ThreadFiber mounted = this;
        /** Signalled when this fiber suspends or ends; set by each resume. */
        volatile Baton resumer;

        ThreadFiber(FiberScope scope, Runnable body) {
            super(scope, body);
        }

        @Override
        public boolean resume() {
            if (done) {
                throw new IllegalStateException("resume of a finished fiber");
            }
            parent = CURRENT.get();
            Baton self = Baton.ofCurrentThread();
            resumer = self;
            if (!started) {
                worker = takeWorker(); // may throw FiberStartException: this fiber stays unstarted
                try {
                    worker.start(this);
                } catch (FiberStartException e) {
                    worker = null;
                    throw e;
                }
                started = true;
            } else {
                ThreadFiber wake = mounted;
                mounted = this;
                wake.worker.baton.signal();
            }
            self.awaitResumed();
            checkKilled(parent);
            return done;
        }
    }

    /** A pooled daemon thread that runs one fiber body at a time. */
    private final class Worker implements Runnable {
        private final Thread thread;
        volatile Baton baton;
        private volatile ThreadFiber assigned;

        Worker() {
            thread = new Thread(null, this, "ward-fiber-" + THREAD_IDS.incrementAndGet(), STACK_SIZE);
            thread.setDaemon(true);
        }

        /** Hands {@code fiber} to this worker, starting its thread the first time. */
        void start(ThreadFiber fiber) {
            inUse.incrementAndGet();
            assigned = fiber;
            if (baton != null) {
                baton.signal();
                return;
            }
            int n = live.incrementAndGet();
            try {
                thread.start();
            } catch (OutOfMemoryError e) { // "unable to create native thread": this worker is dropped
                live.decrementAndGet();
                inUse.decrementAndGet();
                assigned = null;
                throw FiberStartException.refused(n - 1, e);
            }
        }

        /**
         * Runs the assigned fiber's body; returns whom to signal. A method of its own so that no
         * frame of this idle thread keeps the finished fiber (and its task) reachable.
         */
        private Baton runAssigned() {
            ThreadFiber f = assigned;
            assigned = null;
            CURRENT.set(f);
            f.runBody();
            CURRENT.set(null);
            Baton resumer = f.resumer;
            f.resumer = null;
            f.worker = null;
            return resumer;
        }

        @Override
        public void run() {
            baton = Baton.ofCurrentThread();
            while (true) {
                Baton resumer = runAssigned();
                inUse.decrementAndGet(); // before the resumer hears the fiber ended
                idle.addFirst(this);
                if (resumer != null) {
                    resumer.signal();
                }
                if (!baton.await(TimeUnit.SECONDS.toNanos(IDLE_SECONDS))) {
                    if (idle.remove(this)) {
                        live.decrementAndGet();
                        return;
                    }
                    baton.await(); // taken from the pool just as we timed out: its signal is coming
                }
            }
        }
    }
}
