package io.ward.core;

import java.util.concurrent.CancellationException;

/**
 * The failure of a task that was cancelled, as its waiters see it: message {@code cancelled}.
 */
public final class TaskCancelledException extends CancellationException {
    private static final long serialVersionUID = 1L;

    public TaskCancelledException() {
        super("cancelled");
    }
}
