package io.ward.core;

import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import io.netty.util.concurrent.Promise;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.testing.EngineTest;
import io.ward.core.testing.ManualLoop;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ward.core.BoundedChannelTest.onOtherThread;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Awaiting Netty futures and CompletionStages, completed on the loop or from other threads. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FutureAwaitablesTest {

    @EngineTest
    void nettyFutureValueAndFailureByIdentity(FiberEngine engine) throws Exception {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Object value = new Object();
            IOException boom = new IOException("boom");
            Promise<Object> ok = m.loop.newPromise();
            Promise<Object> failed = m.loop.newPromise();
            Task<Object> a = s.spawn(() -> s.await(FutureAwaitables.of(s, ok)));
            Task<Object> b = s.spawn(() -> s.await(FutureAwaitables.of(s, failed)));
            m.runUntilIdle();
            m.assertPending(a);
            ok.setSuccess(value);
            onOtherThread(() -> failed.setFailure(boom)); // completed from another thread: hops onto the loop
            m.runUntilIdle();
            assertSame(value, m.result(a));
            assertSame(boom, m.failure(b));
        }
    }

    @EngineTest
    void anAlreadyCompletedNettyFutureIsReadyAndMayBeAwaitedAgain(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Promise<String> p = m.loop.newPromise();
            p.setSuccess("v");
            Awaitable<String> a = FutureAwaitables.of(s, p);
            Task<List<String>> t = s.spawn(() -> List.of(s.await(a), s.await(a)));
            assertEquals(List.of("v", "v"), m.runAndGet(t));
        }
    }

    @EngineTest
    void completionStageValueAndFailureUnwrapped(FiberEngine engine) throws Exception {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            IllegalStateException boom = new IllegalStateException("boom");
            CompletableFuture<String> ok = new CompletableFuture<>();
            CompletableFuture<String> source = new CompletableFuture<>();
            CompletionStage<String> derived = source.thenApply(v -> {
                throw boom; // reaches whenComplete wrapped in a CompletionException
            });
            CompletableFuture<String> failedDirectly = new CompletableFuture<>();
            Task<String> a = s.spawn(() -> s.await(FutureAwaitables.of(s, ok)));
            Task<String> b = s.spawn(() -> s.await(FutureAwaitables.of(s, derived)));
            Task<String> c = s.spawn(() -> s.await(FutureAwaitables.of(s, failedDirectly)));
            m.runUntilIdle();
            m.assertPending(a);
            onOtherThread(() -> {
                ok.complete("value");
                source.complete("x");
                failedDirectly.completeExceptionally(new CompletionException("no cause", null));
            });
            m.runUntilIdle();
            assertEquals("value", m.result(a));
            assertSame(boom, m.failure(b));
            assertEquals("no cause", m.failure(c).getMessage(), "a CompletionException without a cause stays itself");
        }
    }

    @EngineTest
    void anAlreadyCompletedStageIsReady(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Awaitable<String> a = FutureAwaitables.of(s, CompletableFuture.completedFuture("done"));
            Task<List<String>> t = s.spawn(() -> List.of(s.await(a), s.await(a)));
            assertEquals(List.of("done", "done"), m.runAndGet(t));
        }
    }

    @EngineTest
    void manyTasksAwaitingOneFutureAllWake(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Promise<Integer> p = m.loop.newPromise();
            Awaitable<Integer> a = FutureAwaitables.of(s, p);
            CompletableFuture<Integer> cf = new CompletableFuture<>();
            Awaitable<Integer> b = FutureAwaitables.of(s, cf);
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                tasks.add(s.spawn(() -> s.await(a) + s.await(b)));
            }
            m.runUntilIdle();
            p.setSuccess(40);
            m.runUntilIdle();
            cf.complete(2);
            m.runUntilIdle();
            for (Task<Integer> t : tasks) {
                assertEquals(42, m.result(t));
            }
        }
    }

    @EngineTest
    void aCancelledNettyFutureFailsTheAwaitWithoutCancellingTheTask(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            Promise<String> p = m.loop.newPromise();
            Task<Throwable> t = s.spawn(() -> {
                try {
                    s.await(FutureAwaitables.of(s, p));
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            });
            m.runUntilIdle();
            p.cancel(false);
            m.runUntilIdle();
            Throwable seen = m.result(t);
            assertInstanceOf(CancellationException.class, seen);
            assertFalse(t.isCancelRequested());
        }
    }

    /** A promise that counts the listeners currently added to it. */
    static final class CountingPromise<V> extends DefaultPromise<V> {
        final AtomicInteger listeners = new AtomicInteger();

        CountingPromise(EventExecutor executor) {
            super(executor);
        }

        @Override
        public Promise<V> addListener(GenericFutureListener<? extends Future<? super V>> listener) {
            listeners.incrementAndGet();
            return super.addListener(listener);
        }

        @Override
        public Promise<V> removeListener(GenericFutureListener<? extends Future<? super V>> listener) {
            listeners.decrementAndGet();
            return super.removeListener(listener);
        }
    }

    @EngineTest
    void withdrawnWaitsOnALongLivedNettyFutureLeaveNoListenersBehind(FiberEngine engine) {
        int waits = 1_000;
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            CountingPromise<String> shutdown = new CountingPromise<>(m.loop);
            Awaitable<String> a = FutureAwaitables.of(s, shutdown);
            Task<Integer> t = s.spawn(() -> {
                int timeouts = 0;
                for (int i = 0; i < waits; i++) {
                    try {
                        s.await(a, 0); // e.g. a poll loop: wait for shutdown, or time out and work
                    } catch (AwaitTimeoutException e) {
                        timeouts++;
                    }
                }
                return timeouts;
            });
            m.runUntilIdle();
            assertEquals(waits, m.result(t));
            assertTrue(shutdown.listeners.get() <= 1,
                    shutdown.listeners.get() + " listeners left on the future after " + waits + " withdrawn waits");
        }
    }

    @EngineTest
    void withdrawnWaitsOnALongLivedCompletionStageLeaveNoCallbacksBehind(FiberEngine engine) {
        int waits = 1_000;
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            CompletableFuture<String> shutdown = new CompletableFuture<>();
            Awaitable<String> a = FutureAwaitables.of(s, shutdown);
            int before = shutdown.getNumberOfDependents();
            Task<Integer> t = s.spawn(() -> {
                int timeouts = 0;
                for (int i = 0; i < waits; i++) {
                    try {
                        s.await(a, 0);
                    } catch (AwaitTimeoutException e) {
                        timeouts++;
                    }
                }
                return timeouts;
            });
            m.runUntilIdle();
            assertEquals(waits, m.result(t));
            int left = shutdown.getNumberOfDependents() - before;
            assertTrue(left <= 1,
                    left + " callbacks left on the stage after " + waits + " withdrawn waits");
        }
    }
}
