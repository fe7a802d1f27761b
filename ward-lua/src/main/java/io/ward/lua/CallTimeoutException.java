package io.ward.lua;

import java.util.concurrent.TimeoutException;

/**
 * The failure of a {@link WardRuntime#call} that ran past the runtime's call timeout; the
 * task running the call was cancelled.
 */
public final class CallTimeoutException extends TimeoutException {
    private static final long serialVersionUID = 1L;

    public CallTimeoutException(String message) {
        super(message);
    }
}
