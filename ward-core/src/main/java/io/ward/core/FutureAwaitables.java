package io.ward.core;

import io.netty.util.concurrent.Future;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Awaitables over Java asynchronous results: a Netty {@link Future} or a
 * {@link CompletionStage}, completed on any thread. The completion hops onto the scheduler's
 * loop before it touches the waiter.
 *
 * <p>Stateless; the awaitables are confined to the scheduler's context, except the
 * completion callbacks, which only hop.
 */
public final class FutureAwaitables {
    private FutureAwaitables() {
    }

    /** Awaits a Netty future: its value, or its cause as the failure. */
    public static <T> Awaitable<T> of(Scheduler scheduler, Future<T> future) {
        return new Awaitable<>() {
            @Override
            public Outcome<T> poll() {
                if (!future.isDone()) {
                    return null;
                }
                return future.isSuccess() ? Outcome.success(future.getNow()) : Outcome.failure(future.cause());
            }

            @Override
            public void register(Waiter<T> waiter) {
                future.addListener(f -> scheduler.runInContext(() -> {
                    Outcome<T> o = poll();
                    if (o != null) {
                        waiter.tryComplete(o); // declined when withdrawn or lost a select
                    }
                }));
            }

            @Override
            public void withdraw(Waiter<T> waiter) {
                // the listener stays, but a withdrawn waiter is no longer pending
            }
        };
    }

    /** Awaits a completion stage: its value, or its failure (unwrapped from CompletionException). */
    public static <T> Awaitable<T> of(Scheduler scheduler, CompletionStage<T> stage) {
        AtomicReference<Outcome<T>> result = new AtomicReference<>();
        stage.whenComplete((v, e) -> result.compareAndSet(null, outcome(v, e)));
        return new Awaitable<>() {
            @Override
            public Outcome<T> poll() {
                return result.get();
            }

            @Override
            public void register(Waiter<T> waiter) {
                stage.whenComplete((v, e) -> {
                    Outcome<T> o = outcome(v, e); // callbacks may run in any order: do not rely on result
                    scheduler.runInContext(() -> waiter.tryComplete(o));
                });
            }

            @Override
            public void withdraw(Waiter<T> waiter) {
                // as above: the callback stays, the withdrawn waiter declines
            }
        };
    }

    private static <T> Outcome<T> outcome(T value, Throwable e) {
        if (e == null) {
            return Outcome.success(value);
        }
        return Outcome.failure(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
    }
}
