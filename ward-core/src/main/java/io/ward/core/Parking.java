package io.ward.core;

/**
 * What a suspended task waits for: completed once, by one awaitable (for a {@code select},
 * through one {@link SelectWaiter} per entry), or aborted by cancellation.
 *
 * <p>Confined to the scheduler's context.
 */
final class Parking extends Waiter<Object> {
    private final TaskState<?> task;
    private boolean pending = true;
    /** The index of the entry that completed this parking, or -1 while none has. */
    int index = -1;
    Outcome<?> outcome;

    Parking(TaskState<?> task) {
        this.task = task;
    }

    @Override
    public boolean isPending() {
        return pending;
    }

    @Override
    public boolean tryComplete(Outcome<Object> outcome) {
        return complete(0, outcome);
    }

    boolean complete(int entry, Outcome<?> result) {
        if (!pending) {
            return false;
        }
        pending = false;
        index = entry;
        outcome = result;
        task.wake();
        return true;
    }

    boolean completed() {
        return index >= 0;
    }

    /** Stops accepting completions: the task is being woken for cancellation instead. */
    void abort() {
        pending = false;
    }
}
