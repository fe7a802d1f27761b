package io.ward.core;

import io.netty.channel.DefaultEventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.fiber.FiberEngines;
import io.ward.core.testing.EngineTest;
import io.ward.core.testing.ManualLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The scheduler keeps working, or fails loudly, when its surroundings misbehave. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SchedulerRobustnessTest {

    @Test
    void createUsesTheDefaultEngine() {
        DefaultEventLoop loop = new DefaultEventLoop();
        try {
            Scheduler s = Scheduler.create(loop);
            assertSame(FiberEngines.defaultEngine(), s.engine());
            assertSame(loop, s.loop());
        } finally {
            loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
    }

    private static void spawnDetachedAndDrop(Scheduler s, Promise<Object> gate, RuntimeException failure,
            List<WeakReference<Object>> handle) {
        Task<Object> t = s.spawn(() -> {
            s.await(FutureAwaitables.of(s, gate));
            throw failure;
        });
        t.detach();
        handle.add(new WeakReference<>(t));
    }

    @EngineTest
    void aThrowingUnobservedFailureHandlerDoesNotStallTheScheduler(FiberEngine engine) {
        try (ManualLoop m = new ManualLoop(engine)) {
            Scheduler s = m.scheduler;
            List<Throwable> reported = Collections.synchronizedList(new ArrayList<>());
            s.onUnobservedFailure(t -> {
                reported.add(t);
                throw new IllegalStateException("a broken handler");
            });
            Promise<Object> gate = m.loop.newPromise();
            RuntimeException failure = new RuntimeException("unobserved");
            List<WeakReference<Object>> handle = new ArrayList<>();
            spawnDetachedAndDrop(s, gate, failure, handle);
            m.runUntilIdle();
            // wait until the handle is collected and its drop action has hopped onto the loop
            await().pollInSameThread().atMost(20, TimeUnit.SECONDS).until(() -> {
                System.gc();
                return handle.get(0).get() == null && m.runUntilIdle() > 0;
            });
            gate.setSuccess(null); // the task fails with its handle gone: the handler is called, and throws
            m.runUntilIdle();
            assertEquals(List.of(failure), reported);
            Task<String> after = s.spawn(() -> "still scheduling");
            m.runUntilIdle();
            assertTrue(after.isDone(), "the scheduler stopped running tasks after the handler threw");
            assertEquals("still scheduling", m.result(after));
        }
    }

    @EngineTest
    void spawnOnALoopThatHasShutDownDoesNotLoseTheTaskSilently(FiberEngine engine) throws Exception {
        DefaultEventLoop loop = new DefaultEventLoop();
        Scheduler s = new Scheduler(loop, engine);
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        assertTrue(loop.isTerminated());
        Task<String> t;
        try {
            t = s.spawn(() -> "never runs");
        } catch (RejectedExecutionException expected) {
            return; // failing loudly is fine
        }
        Future<String> f = t.toFuture();
        assertTrue(f.await(2, TimeUnit.SECONDS) || t.isDone(),
                "spawn returned a task that will never run nor finish: a join would hang forever");
        if (!f.isDone()) {
            fail("toFuture never completes");
        }
    }
}
