package io.ward.lua;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;

import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;

/**
 * A runtime's shutdown state ({@code ward.lifecycle}): whether and how a script asked the
 * program to end, and the hook through which whoever runs the script (the {@code ward}
 * command, or an embedder) runs the script's shutdown callbacks once it is over.
 *
 * <p>Thread-safe: {@link #request} may come from a signal or any thread; {@link #runCallbacks}
 * is for the runtime's loop. The runtime asks nothing of itself here: the runner decides what
 * a request does to the main chunk ({@link #onRequest}) and when the callbacks run.
 */
public final class Shutdown {
    /** Why the program ends, as the callbacks see it ({@code reason} field, lower case). */
    public enum Reason {
        SUCCESS, ERROR, TIMEOUT, SIGNAL, REQUESTED;

        /** The Lua name: {@code "success"}, {@code "error"}, ... */
        public String luaName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Who asked first. */
    public enum Origin { REQUESTED, SIGNAL }

    /** A request: the exit code (0 when none was given) and who asked first. */
    public record Request(int code, Origin origin) {
    }

    // Threading - any thread; written under this.
    private Request request;
    private BiConsumer<Request, Origin> listener;
    private IntConsumer signalListener;
    // Threading - loop only. Runs the script's callbacks (set by ward.lifecycle when it opens).
    private BiFunction<Reason, String, Future<?>> callbacks;
    private Future<?> callbacksRun;

    private final EventLoop loop;

    Shutdown(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * Marks shutdown as requested. {@code code} replaces the stored code when given (not
     * {@code null}); the origin is the first request's. Tells the {@link #onRequest} listener
     * every time (a second Ctrl-C may mean "now"). Thread-safe.
     */
    public void request(Integer code, Origin origin) {
        Request r;
        BiConsumer<Request, Origin> l;
        synchronized (this) {
            int c = code != null ? code : request != null ? request.code : 0;
            r = new Request(c, request != null ? request.origin : origin);
            request = r;
            l = listener;
        }
        if (l != null) {
            l.accept(r, origin);
        }
    }

    /** The request, or {@code null} when shutdown was never requested. Thread-safe. */
    public synchronized Request requested() {
        return request;
    }

    /**
     * Sets who hears of every {@link #request}: the request so far, and who asked this time (on
     * the requesting thread: keep it short and thread-safe). The {@code ward} command stops the
     * main chunk. Thread-safe.
     */
    public synchronized void onRequest(BiConsumer<Request, Origin> l) {
        this.listener = l;
    }

    /**
     * An ending signal (SIGINT, SIGTERM) arrived, for status {@code code}; its handlers run
     * before the shutdown {@link #request}. Called on the signal's thread, so that a runner
     * whose loop is stuck in Lua code that never awaits can still end the program. Thread-safe.
     */
    public void endingSignal(int code) {
        IntConsumer l;
        synchronized (this) {
            l = signalListener;
        }
        if (l != null) {
            l.accept(code);
        }
    }

    /** Sets who hears of {@link #endingSignal} (on the signal's thread). Thread-safe. */
    public synchronized void onEndingSignal(IntConsumer l) {
        this.signalListener = l;
    }

    /** Installs the runner of the script's callbacks (for {@code ward.lifecycle}). Loop only. */
    public void callbacks(BiFunction<Reason, String, Future<?>> runner) {
        this.callbacks = runner;
    }

    /**
     * Runs the script's shutdown callbacks with {@code reason} and the main chunk's error text
     * ({@code null} if none), once: a later call returns the first run's future. The future
     * completes when they have run (at once when the script registered none). Loop only.
     */
    public Future<?> runCallbacks(Reason reason, String error) {
        if (callbacksRun == null) {
            callbacksRun = callbacks != null ? callbacks.apply(reason, error) : loop.newSucceededFuture(null);
        }
        return callbacksRun;
    }

    /** Whether the callbacks ran (or are running). Loop only. */
    public boolean callbacksStarted() {
        return callbacksRun != null;
    }
}
