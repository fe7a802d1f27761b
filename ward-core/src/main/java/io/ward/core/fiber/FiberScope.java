package io.ward.core.fiber;

/**
 * A level of suspension. Fibers nest: a coroutine fiber may run inside a task fiber, and
 * {@link FiberEngine#suspend(FiberScope)} suspends the innermost enclosing fiber of the
 * given scope together with every fiber nested inside it.
 *
 * <p>Immutable and thread-safe; compared by identity.
 */
public final class FiberScope {
    /** The scope of scheduler tasks: awaiting suspends up to the task. */
    public static final FiberScope TASK = new FiberScope("ward-task");

    private final String name;
    /** The continuation engine's native scope object, made once (looked up on every yield). */
    volatile Object nativeScope;

    public FiberScope(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "FiberScope(" + name + ")";
    }
}
