package io.ward.core.fiber;

/**
 * The JVM refused to suspend a fiber because something on its stack pins it to the carrier
 * thread (a held Java monitor, a native frame, a critical section). Raised at the suspend
 * call instead of hanging; the fiber keeps running.
 */
public final class FiberPinnedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public FiberPinnedException(String reason, Throwable cause) {
        super("cannot suspend: the fiber is pinned to its thread (" + reason + "); "
                + "do not await while holding a Java lock or inside native code", cause);
    }
}
