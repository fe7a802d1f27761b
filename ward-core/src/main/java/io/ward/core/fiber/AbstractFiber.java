package io.ward.core.fiber;

/**
 * State shared by both engines' fibers: scope, nesting parent, outcome and kill flag.
 *
 * <p>Not thread-safe; fields are handed between threads only across the engines' own
 * happens-before edges (a continuation runs on the resuming thread; the thread engine's
 * {@link Baton} hand-offs are volatile writes and reads).
 */
abstract class AbstractFiber implements Fiber {
    final FiberScope scope;
    final Runnable body;
    /** The fiber that last resumed this one, or {@code null} when resumed from outside any fiber. */
    AbstractFiber parent;
    boolean started;
    volatile boolean done;
    Throwable failure;
    boolean killRequested;

    AbstractFiber(FiberScope scope, Runnable body) {
        this.scope = scope;
        this.body = body;
    }

    @Override
    public final FiberScope scope() {
        return scope;
    }

    @Override
    public final boolean isDone() {
        return done;
    }

    @Override
    public final Throwable failure() {
        return failure;
    }

    /** Runs the body to its end, keeping what it threw, then marks the fiber done: the entry frame of every fiber. */
    final void runBody() {
        try {
            body.run();
        } catch (FiberKilled killed) {
            // the expected way out of a killed fiber
        } catch (Throwable t) {
            failure = t;
        }
        done = true;
    }

    @Override
    public final void kill() {
        if (done) {
            return;
        }
        if (!started) {
            done = true;
            return;
        }
        killRequested = true;
        resume();
    }

    /** The innermost fiber of {@code scope} on the chain from {@code from} outward, or null. */
    static <F extends AbstractFiber> F enclosing(F from, FiberScope scope) {
        AbstractFiber f = from;
        while (f != null && f.scope != scope) {
            f = f.parent;
        }
        @SuppressWarnings("unchecked")
        F found = (F) f;
        return found;
    }

    /**
     * After a suspend or a nested resume returns: unwind if {@code from} or a fiber enclosing
     * it is being killed, so a kill unwinds every frame nested inside the killed fiber.
     */
    static void checkKilled(AbstractFiber from) {
        for (AbstractFiber f = from; f != null; f = f.parent) {
            if (f.killRequested) {
                throw new FiberKilled();
            }
        }
    }

    static IllegalStateException notInScope(FiberScope scope) {
        return new IllegalStateException("not running inside a fiber of " + scope
                + " (suspend called outside a task or coroutine)");
    }
}
