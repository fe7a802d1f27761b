/**
 * Ward's runtime in plain Java: tasks as fibers on one Netty {@code EventLoop}, awaitables,
 * {@code select}, bounded channels and timers.
 *
 * <p>Threading model: a {@link io.ward.core.Scheduler} and everything it owns (tasks,
 * waiters, channel receive sides, timers) is confined to its <em>context</em>: the event
 * loop thread, or, on the {@code thread} fiber engine, the fiber thread the loop is currently
 * handed to (the loop is parked meanwhile, so exactly one thread runs at a time). Methods
 * that must run there say so and assert it. The thread-safe entry points are few and named:
 * {@link io.ward.core.Scheduler#spawn}, {@link io.ward.core.Scheduler#close},
 * {@link io.ward.core.Task#cancel}, {@link io.ward.core.BoundedChannel#trySend} and
 * {@link io.ward.core.BoundedChannel#close}; they hop onto the loop with {@code execute}.
 *
 * <p>Never hold a Java lock across an await: on the continuation engine the parked fiber
 * keeps the monitor and the next task to enter it blocks the loop for good.
 */
package io.ward.core;
