package io.ward.core.testing;

import io.netty.channel.DefaultEventLoop;
import io.ward.core.Scheduler;
import io.ward.core.fiber.FiberEngine;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A fixture on a real event loop thread ({@link DefaultEventLoop}), for behaviour that
 * involves other threads: wait for conditions with Awaitility, never with sleeps, and give
 * every test using it a {@code @Timeout}.
 */
public final class RealLoop implements AutoCloseable {
    public final DefaultEventLoop loop = new DefaultEventLoop();
    public final Scheduler scheduler;
    /** What the scheduler reported as failed and never observed. */
    public final List<Throwable> unobserved = new CopyOnWriteArrayList<>();

    public RealLoop(FiberEngine engine) {
        scheduler = new Scheduler(loop, engine);
        scheduler.onUnobservedFailure(unobserved::add);
    }

    /** Runs {@code c} on the loop thread and waits for its result. */
    public <T> T onLoop(Callable<T> c) throws Exception {
        return loop.submit(c).get(30, TimeUnit.SECONDS);
    }

    /** Waits until everything the loop had queued before this call has run. */
    public void sync() throws Exception {
        onLoop(() -> null);
    }

    /** Closes the scheduler (every task unwinds on the loop), then shuts the loop down. */
    @Override
    public void close() {
        scheduler.close();
        loop.submit(() -> { }).awaitUninterruptibly(30, TimeUnit.SECONDS);
        loop.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(30, TimeUnit.SECONDS);
    }
}
