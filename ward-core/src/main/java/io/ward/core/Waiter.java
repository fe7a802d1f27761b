package io.ward.core;

/**
 * Something parked on an {@link Awaitable}: completed at most once by the awaitable when it
 * becomes ready.
 *
 * <p>Confined to the scheduler's context. A waiter may stop being {@link #isPending()
 * pending} on its own (its task was cancelled, or it lost a {@code select}); an awaitable
 * then skips it and hands what it had to the next waiter, so losers consume nothing.
 */
public abstract class Waiter<T> {
    // Threading - context only. Links for the intrusive WaiterQueue this waiter is in, if any.
    Waiter<?> prev;
    Waiter<?> next;
    WaiterQueue queue;
    /** Threading - context only. What the awaitable keeps with this registration (a value to send, a timer). */
    Object attachment;

    /** Whether the waiter still accepts a completion. */
    public abstract boolean isPending();

    /**
     * Completes the waiter if it is still pending.
     *
     * @return {@code false} if it was not pending: the caller keeps what it offered
     */
    public abstract boolean tryComplete(Outcome<T> outcome);
}
