package io.ward.core;

import io.netty.util.concurrent.Promise;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every kind of point where a task can be suspended, each as a scene for cancellation tests:
 * what the victim waits on, the event that would end the wait, and a check that whichever
 * won (the wait or the cancellation) nothing was lost or delivered twice.
 *
 * <p>Scenes are built and checked in the scheduler's context; {@link Scene#event} is
 * thread-safe (it hops onto the loop for context-only channel operations).
 */
enum AwaitPoint {
    SLEEP, FULL_SEND, EMPTY_RECEIVE, SELECT, TASK_WAIT, WITH_TIMEOUT, NETTY_FUTURE, COMPLETION_STAGE;

    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    /** One victim's surroundings. */
    static final class Scene {
        final Callable<Object> await;
        final Runnable event;
        final Check check;
        final BoundedChannel[] channels;

        Scene(Callable<Object> await, Runnable event, Check check, BoundedChannel... channels) {
            this.await = await;
            this.event = event;
            this.check = check;
            this.channels = channels;
        }
    }

    /** Context only: given how the victim ended, what is wrong ("" when nothing). */
    interface Check {
        String after(Outcome<Object> victim);
    }

    Scene scene(Scheduler s, Supplier<Promise<Object>> promises) {
        switch (this) {
            case SLEEP:
                return new Scene(() -> s.await(Timers.sleep(s, HOUR)), () -> { },
                        v -> v.isSuccess() ? "an hour's sleep ended: " + v : "");
            case FULL_SEND: {
                BoundedChannel ch = new BoundedChannel(s, 1);
                ch.trySend("first");
                return new Scene(() -> s.await(ch.sender("victim")),
                        () -> s.runInContext(() -> ch.tryReceive()), // frees the slot the victim waits for
                        v -> expect(ch, v.isSuccess() ? "victim" : null), ch);
            }
            case EMPTY_RECEIVE: {
                BoundedChannel ch = new BoundedChannel(s, 1);
                return new Scene(() -> s.await(ch.receiver()), () -> ch.trySend("kept"),
                        v -> v.isSuccess() ? expect(ch, null) + same("kept", v.value()) : expect(ch, "kept"), ch);
            }
            case SELECT: {
                BoundedChannel a = new BoundedChannel(s, 1);
                BoundedChannel b = new BoundedChannel(s, 1);
                return new Scene(() -> s.select(List.of(a.receiver(), b.receiver(), Timers.sleep(s, HOUR))),
                        () -> {
                            a.trySend("a");
                            b.trySend("b");
                        },
                        v -> {
                            int won = v.isSuccess() ? ((Selected) v.value()).index() : -1;
                            return expect(a, won == 0 ? null : "a") + expect(b, won == 1 ? null : "b");
                        }, a, b);
            }
            case TASK_WAIT: {
                Promise<Object> gate = promises.get();
                Task<Object> target = s.spawn(() -> s.await(FutureAwaitables.of(s, gate)));
                return new Scene(() -> s.await(target), () -> gate.setSuccess("result"), v -> {
                    if (v.isSuccess()) {
                        return same("result", v.value());
                    }
                    Outcome<Object> later = target.poll(); // the cancelled waiter did not take the one join
                    return later == null ? "target not finished" : same("result", later.value());
                });
            }
            case WITH_TIMEOUT: {
                BoundedChannel ch = new BoundedChannel(s, 1);
                return new Scene(() -> s.await(ch.receiver(), HOUR), () -> ch.trySend("kept"),
                        v -> v.isSuccess() ? expect(ch, null) + same("kept", v.value()) : expect(ch, "kept"), ch);
            }
            case NETTY_FUTURE: {
                Promise<Object> p = promises.get();
                return new Scene(() -> s.await(FutureAwaitables.of(s, p)), () -> p.setSuccess("late"),
                        v -> (v.isSuccess() ? same("late", v.value()) : "")
                                + (p.isCancelled() ? "cancelling the task cancelled the future" : ""));
            }
            default: {
                CompletableFuture<Object> f = new CompletableFuture<>();
                return new Scene(() -> s.await(FutureAwaitables.of(s, f)), () -> f.complete("late"),
                        v -> (v.isSuccess() ? same("late", v.value()) : "")
                                + (f.isCancelled() ? "cancelling the task cancelled the stage" : ""));
            }
        }
    }

    /** The channel holds exactly {@code item} (or nothing when null); takes it. */
    private static String expect(BoundedChannel ch, Object item) {
        Outcome<Object> o = ch.tryReceive();
        Object got = o == null ? null : o.value();
        if (got != item && (got == null || !got.equals(item))) {
            return "channel held " + got + ", expected " + item + "; ";
        }
        return ch.size() == 0 ? "" : "channel still holds " + ch.size() + " item(s); ";
    }

    private static String same(Object expected, Object actual) {
        return expected.equals(actual) ? "" : "victim got " + actual + ", expected " + expected + "; ";
    }
}
