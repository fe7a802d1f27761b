package io.ward.core;

import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Awaitables over Java asynchronous results: a Netty {@link Future} or a
 * {@link CompletionStage}, completed on any thread. The completion hops onto the scheduler's
 * loop before it touches a waiter, and a withdrawn wait leaves no listener behind (a task
 * that waits on a long-lived future with a timeout, again and again, must not pile them up).
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
                GenericFutureListener<Future<T>> listener = f -> scheduler.runInContext(() -> {
                    Outcome<T> o = poll();
                    if (o != null) {
                        waiter.tryComplete(o); // declined when withdrawn or lost a select
                    }
                });
                waiter.attachment = listener;
                future.addListener(listener);
            }

            @Override
            @SuppressWarnings({"unchecked", "deprecation"})
            public void withdraw(Waiter<T> waiter) {
                Object listener = waiter.attachment;
                if (listener instanceof GenericFutureListener) {
                    waiter.attachment = null;
                    future.removeListener((GenericFutureListener<Future<T>>) listener);
                }
            }
        };
    }

    /** Awaits a completion stage: its value, or its failure (unwrapped from CompletionException). */
    public static <T> Awaitable<T> of(Scheduler scheduler, CompletionStage<T> stage) {
        return new StageAwaitable<>(scheduler, stage);
    }

    /** One callback on the stage feeds a queue of waiters, so withdrawing a wait is O(1) and leak-free. */
    private static final class StageAwaitable<T> implements Awaitable<T> {
        private final AtomicReference<Outcome<T>> result = new AtomicReference<>();
        private final WaiterQueue waiters = new WaiterQueue(); // Threading - context only

        StageAwaitable(Scheduler scheduler, CompletionStage<T> stage) {
            stage.whenComplete((v, e) -> {
                result.compareAndSet(null, outcome(v, e));
                scheduler.runInContext(this::completeWaiters);
            });
        }

        private void completeWaiters() {
            Outcome<T> o = result.get();
            Waiter<?> w;
            while ((w = waiters.poll()) != null) {
                @SuppressWarnings("unchecked")
                Waiter<T> typed = (Waiter<T>) w;
                typed.tryComplete(o);
            }
        }

        @Override
        public Outcome<T> poll() {
            return result.get();
        }

        @Override
        public void register(Waiter<T> waiter) {
            waiters.add(waiter);
            if (result.get() != null) {
                completeWaiters(); // completed between poll and register: its hop may already have run
            }
        }

        @Override
        public void withdraw(Waiter<T> waiter) {
            waiters.remove(waiter);
        }
    }

    private static <T> Outcome<T> outcome(T value, Throwable e) {
        if (e == null) {
            return Outcome.success(value);
        }
        return Outcome.failure(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
    }
}
