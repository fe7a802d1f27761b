package io.ward.core;

/** An await with a time limit ran out: message {@code timeout after <n>ms}. */
public final class AwaitTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AwaitTimeoutException(long timeoutNanos) {
        super("timeout after " + Timers.formatMillis(timeoutNanos) + "ms");
    }
}
