package io.ward.core;

/**
 * Anything a task can wait on: a task's result, a channel receive or send, a timer, a Netty
 * {@code Future}, a {@code CompletionStage}. One protocol serves {@link Scheduler#await} and
 * {@link Scheduler#select}: check whether it is ready now, else register a waiter and later
 * withdraw it.
 *
 * <p>All three methods are called in the scheduler's context only. Contract:
 * <ul>
 * <li>{@link #poll()} consumes and returns the outcome when ready now, else {@code null}.</li>
 * <li>{@link #register} parks a waiter; when ready, the awaitable calls
 * {@link Waiter#tryComplete}, and if that returns {@code false} it keeps what it offered
 * (the next waiter gets it). It may complete the waiter during {@code register} itself.</li>
 * <li>{@link #withdraw} removes a waiter that did not complete; a no-op otherwise.</li>
 * </ul>
 */
public interface Awaitable<T> {
    Outcome<T> poll();

    void register(Waiter<T> waiter);

    void withdraw(Waiter<T> waiter);
}
