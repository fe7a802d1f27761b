package io.ward.core.fiber;

/**
 * Thread-safe (immutable). A fiber could not start because the thread engine got no thread for
 * it: the operating system refused one ({@code OutOfMemoryError: unable to create native
 * thread}) or the engine's own cap ({@value ThreadEngine#MAX_THREADS_PROPERTY}) was reached. The
 * fiber stays unstarted; everything already running goes on. The message names the limit and
 * the way out.
 */
public final class FiberStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FiberStartException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The system refused a thread while {@code live} fiber threads were running. */
    static FiberStartException refused(int live, Throwable cause) {
        return new FiberStartException("cannot start a task or coroutine: the system refused a new thread with "
                + live + " fiber threads running (the thread engine needs one thread per unfinished task or coroutine;"
                + " limits: ulimit -u, kernel.threads-max, memory). Run on JDK 21+ (the continuation engine needs no"
                + " thread per task), or keep fewer tasks waiting at once", cause);
    }

    /** The engine's cap of {@code max} fiber threads is reached. */
    static FiberStartException capped(int max) {
        return new FiberStartException("cannot start a task or coroutine: all " + max + " fiber threads are in use (-D"
                + ThreadEngine.MAX_THREADS_PROPERTY + "; the thread engine needs one thread per unfinished task or"
                + " coroutine). Run on JDK 21+ (the continuation engine needs no thread per task), or keep fewer tasks"
                + " waiting at once", null);
    }
}
