package io.ward.core.fiber;

/**
 * Creates fibers and suspends the running one. Implementations are stateless and
 * thread-safe; a single instance serves every runtime in the JVM.
 */
public interface FiberEngine {
    /** {@code continuation} or {@code thread}: what {@code ward --version} reports. */
    String name();

    /** A new fiber that will run {@code body} on its first {@link Fiber#resume()}. */
    Fiber newFiber(FiberScope scope, Runnable body);

    /**
     * Suspends the innermost running fiber of {@code scope}, with every fiber nested inside
     * it, returning control to whoever resumed that fiber. Returns when it is resumed again.
     *
     * @throws IllegalStateException when the caller runs in no fiber of that scope
     * @throws FiberPinnedException when the JVM cannot suspend the caller's stack
     * @throws FiberKilled when the fiber was killed while suspended
     */
    void suspend(FiberScope scope);

    /** Whether the calling code runs inside a fiber of {@code scope}. */
    default boolean inScope(FiberScope scope) {
        return current(scope) != null;
    }

    /** The innermost fiber of {@code scope} the calling code runs inside, or {@code null}. */
    Fiber current(FiberScope scope);

    /**
     * For tests and diagnostics: platform threads this engine holds for fibers that have
     * started and not ended. Zero for engines that run fibers on the resuming thread; idle
     * pooled threads are not counted. Thread-safe.
     */
    default int threadsInUse() {
        return 0;
    }
}
