package io.ward.core.fiber;

/**
 * A suspendable computation created by a {@link FiberEngine}.
 *
 * <p>Not thread-safe: resumed only from its owner's context, one resume at a time.
 */
public interface Fiber {
    /** The scope this fiber suspends in. */
    FiberScope scope();

    /**
     * Runs the fiber until it suspends in its scope or its body ends.
     *
     * @return {@code true} when the body has ended (see {@link #failure()})
     */
    boolean resume();

    /** Whether the body has ended (normally or by throwing). */
    boolean isDone();

    /** The throwable the body ended with, or {@code null}. */
    Throwable failure();

    /**
     * Unwinds a suspended fiber: it is resumed once more and its pending suspend throws
     * {@link FiberKilled}, so Java cleanup in its frames still runs. Called from the same
     * context as {@link #resume()}. A fiber never started or already done just ends.
     */
    void kill();
}
