package io.ward.cli;

import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocalThread;
import io.netty.util.concurrent.Future;
import io.ward.core.Task;
import io.ward.lua.LuaErrors;
import io.ward.lua.WardRuntime;
import io.ward.lua.WardRuntimeBuilder;
import io.ward.lua.limits.ExecutionHook;
import io.ward.lua.limits.LimitExceededError;
import io.ward.lua.limits.MemoryGuard;
import io.ward.lua.ScriptExit;
import io.ward.lua.Shutdown;
import io.ward.core.CancelSignal;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.CancellationException;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One run of the {@code ward} command: a runtime on its own event loop, the limits around it,
 * and how the process ends.
 *
 * <p>The loop thread has a large stack ({@value #LOOP_STACK_PROPERTY}, default 128 MB, only
 * reserved, not committed): on the continuation engine every task and coroutine runs on it, so
 * its size is how deep Lua code can recurse before {@code stack overflow}. The thread engine's
 * fibers get the same size ({@link #useDeepFiberStacks}). 128 MB holds the
 * {@code ExecutionHook.MAX_DEPTH} (110,000) nested Lua calls after which the hook raises
 * {@code stack overflow}, even while the JVM still interprets them (96 MB was measured to be enough).
 *
 * <p>Ending: the main chunk's end ends the program ({@link #runMain}), with the status of the
 * last {@code process.exit} if a task called it; a limit ends it from
 * the watchdog thread: {@code --timeout} and {@code --memory-limit} first interrupt running Lua
 * code (so the error shows where it was), and the process is gone {@value #GRACE_MILLIS} ms
 * later at the latest, whatever Lua or Java code is doing. Exactly one ending prints its
 * message ({@link #finish}).
 *
 * <p>Threading: built and driven by the command's thread; Lua work hops onto the loop;
 * {@link #finish} is thread-safe.
 */
final class Session implements AutoCloseable {
    static final String LOOP_STACK_PROPERTY = "ward.loop.stackSize";
    static final String FIBER_STACK_PROPERTY = "ward.fiber.stackSize";
    static final long LOOP_STACK_BYTES = Long.getLong(LOOP_STACK_PROPERTY, 128L << 20);

    /**
     * Gives the thread engine's fibers the loop thread's stack size unless
     * {@value #FIBER_STACK_PROPERTY} is set: the library's default (16 MB) holds about 20,000
     * nested Lua calls, not the depth the CLI's hook allows. Must run before the engine is loaded.
     */
    static void useDeepFiberStacks() {
        if (System.getProperty(FIBER_STACK_PROPERTY) == null) {
            System.setProperty(FIBER_STACK_PROPERTY, Long.toString(LOOP_STACK_BYTES));
        }
    }
    /** Time running Lua code gets to stop after an interrupt, before the process ends anyway. */
    static final long GRACE_MILLIS = 200;
    /** Time the script's shutdown callbacks get after the main chunk. */
    static final long CALLBACK_MILLIS = 5000;
    /**
     * Time the main chunk gets to stop after a signal asked for shutdown: Lua code that never
     * awaits is not reached by cancellation, so the process then ends without the callbacks.
     */
    static final long SIGNAL_MILLIS = 3000;
    /** Time the runtime gets to close (and report unobserved task errors) after the main chunk. */
    static final long CLOSE_MILLIS = 1000;

    private final PrintStream out;
    private final PrintStream err;
    private final EventLoop loop;
    private final WardRuntime rt;
    private final MemoryGuard memory;
    private final ScheduledExecutorService watchdog;
    private final AtomicBoolean finished = new AtomicBoolean();
    /** The session ended for a limit: the process is exiting from the watchdog. */
    private volatile boolean limitEnding;
    /** What the memory guard measured, for the message. */
    private volatile String memoryDetail;
    private final CompletableFuture<Integer> end = new CompletableFuture<>();
    /** The main chunk's task once it runs. */
    private volatile Task<Varargs> mainTask;
    /** A signal already asked for shutdown: the next one ends the process at once. */
    private final AtomicBoolean signalled = new AtomicBoolean();
    /** The main chunk has ended (the callbacks may be running). */
    private volatile boolean mainOver;

    Session(Options o, PrintStream out, PrintStream err) {
        this(o, out, err, false);
    }

    /**
     * {@code osSignals}: whether {@code ward.lifecycle} may take the process's signals (a script
     * run; not the REPL, where Ctrl-C must end the process as it always does).
     */
    Session(Options o, PrintStream out, PrintStream err, boolean osSignals) {
        this.out = out;
        this.err = err;
        // An I/O-capable loop (NIO selector): ward.net and ward.ipc open their channels on it.
        this.loop = new SingleThreadIoEventLoop(null, r -> {
            Thread t = new FastThreadLocalThread(null, r, "ward-loop", LOOP_STACK_BYTES);
            t.setDaemon(true);
            return t;
        }, NioIoHandler.newFactory());
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ward-watchdog");
            t.setDaemon(true);
            return t;
        });
        WardRuntimeBuilder b = WardRuntime.builder().eventLoop(loop).stdout(out).stderr(err)
                .inheritStdio(true).stdin(System.in).commandLineModules().osSignals(osSignals)
                .executionHook(o.tracebacks());
        if (o.instructionLimit != null) {
            b.instructionLimit(o.instructionLimit);
        }
        if (o.compile != null) {
            b.luaCompiler(o.compile);
        }
        if (o.threads != null) {
            b.blockingThreads(o.threads);
        }
        if (o.allow != null) {
            for (String lib : o.allow) {
                b.withLibrary(lib);
            }
        }
        this.rt = b.build();
        rt.shutdown().onRequest(this::shutdownRequested);
        rt.shutdown().onEndingSignal(this::endingSignal);
        ExecutionHook hook = rt.executionHook();
        if (hook != null) {
            hook.onLimit(this::limitRaised);
        }
        this.memory = o.memoryLimit == null ? null : MemoryGuard.start(o.memoryLimit, live -> {
            memoryDetail = megabytes(live) + " live heap, limit " + megabytes(o.memoryLimit);
            interrupt(LimitExceededError.Kind.MEMORY, "ward: " + MemoryGuard.MESSAGE + " (" + memoryDetail + ")");
        });
        if (o.timeoutNanos != null) {
            later(() -> interrupt(LimitExceededError.Kind.TIMEOUT,
                    "ward: " + LimitExceededError.Kind.TIMEOUT_MESSAGE), o.timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    WardRuntime runtime() {
        return rt;
    }

    /** Runs {@code src} as the main chunk with {@code arg} set; returns the exit status. */
    int runMain(ScriptSource src, LuaValue argTable, Varargs args) {
        loop.execute(() -> {
            try {
                LuaValue chunk = load(src); // a syntax error is a LuaError with its position
                rt.globals().set("arg", argTable);
                Task<Varargs> main = rt.spawnMain(chunk, args);
                mainTask = main;
                main.toFuture().addListener(f -> mainEnded(f.isSuccess() ? null : f.cause()));
                if (rt.shutdown().requested() != null) {
                    main.cancel(); // a signal came while the chunk was being loaded
                }
            } catch (Throwable t) {
                finish(1, report(t, "ward: "));
            }
        });
        int status = end.join();
        if (!limitEnding) {
            closeRuntime(); // stops the other tasks; reports errors nobody waited for
        }
        return status;
    }

    /**
     * The main chunk ended ({@code failure} null: normally). On the loop: picks the exit status
     * and message by the rules of {@code docs/lifecycle.md}, runs the script's shutdown callbacks
     * (at most {@value #CALLBACK_MILLIS} ms), then ends the session.
     */
    private void mainEnded(Throwable failure) {
        mainOver = true;
        Shutdown.Request req = rt.shutdown().requested();
        ScriptExit exit = failure == null ? null : ScriptExit.find(failure);
        boolean interrupted = failure != null && exit == null && req != null && cancelled(failure);
        int status;
        String message = null;
        Shutdown.Reason reason;
        if (exit != null || (failure == null && rt.exitStatus().isPresent())) {
            status = rt.exitStatus().orElse(0); // process.exit from a task, or from the main chunk
            reason = Shutdown.Reason.REQUESTED;
        } else if (req != null) {
            status = req.code();
            reason = req.origin() == Shutdown.Origin.SIGNAL ? Shutdown.Reason.SIGNAL : Shutdown.Reason.REQUESTED;
            if (failure != null && !interrupted) {
                message = report(failure, "ward: ");
            } else if (interrupted && req.origin() == Shutdown.Origin.SIGNAL) {
                message = "ward: interrupted"; // as when the JVM ends the process on Ctrl-C
            }
        } else if (failure != null) {
            status = 1;
            message = report(failure, "ward: ");
            reason = Shutdown.Reason.ERROR;
        } else {
            status = 0;
            reason = Shutdown.Reason.SUCCESS;
        }
        if (LimitExceededError.find(failure) != null) {
            finish(status, message); // the hook stops every Lua instruction now: no callbacks can run
            return;
        }
        String error = failure == null || interrupted || exit != null ? null : errorText(failure);
        String said = message;
        Future<?> callbacks = rt.shutdown().runCallbacks(reason, error);
        ScheduledFuture<?> late = loop.schedule(() -> finish(status, said), CALLBACK_MILLIS, TimeUnit.MILLISECONDS);
        callbacks.addListener(done -> {
            late.cancel(false);
            finish(status, said);
        });
    }

    private static boolean cancelled(Throwable t) {
        return LuaErrors.findCause(t, CancellationException.class) != null
                || LuaErrors.findCause(t, CancelSignal.class) != null;
    }

    private static String errorText(Throwable t) {
        try {
            return LuaErrors.describe(t);
        } catch (RuntimeException e) {
            return LuaErrors.value(t).typename() + " error value";
        }
    }

    /**
     * {@code lifecycle.request} or an ending signal's request (any thread): the main chunk
     * stops at its current or next await.
     */
    private void shutdownRequested(Shutdown.Request req, Shutdown.Origin by) {
        Task<Varargs> main = mainTask;
        if (main != null) {
            main.cancel();
        }
    }

    /**
     * SIGINT or SIGTERM arrived (signal thread): the script's handlers run, then shutdown is
     * requested. A main chunk still running {@value #SIGNAL_MILLIS} ms later (Lua code that
     * never awaits, which cancellation cannot reach, or handlers that never end), or a second
     * such signal, ends the process with {@code status}.
     */
    private void endingSignal(int status) {
        if (signalled.getAndSet(true)) {
            forceEnd(status);
            return;
        }
        later(() -> {
            if (!mainOver) {
                forceEnd(status);
            }
        }, SIGNAL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void forceEnd(int status) {
        if (finish(status, "ward: interrupted", true)) {
            WardCommand.exit(status);
        }
    }

    /** Context only: compiles a chunk. */
    LuaValue load(ScriptSource src) {
        return rt.globals().load(new ByteArrayInputStream(src.code), src.chunkName, "bt", rt.globals());
    }

    /** Runs {@code c} on the loop and waits for it (for the REPL). */
    <T> T onLoop(Callable<T> c) throws Exception {
        Future<T> f = loop.submit(c);
        f.await();
        if (!f.isSuccess()) {
            Throwable t = f.cause();
            if (t instanceof Exception) {
                throw (Exception) t;
            }
            throw (Error) t;
        }
        return f.getNow();
    }

    /**
     * Runs {@code chunk} as a task, prints its results with Lua's {@code print} when it has any,
     * and waits; returns the error report (for the REPL) or {@code null}.
     */
    String evalAndPrint(LuaValue chunk) throws InterruptedException {
        CompletableFuture<String> done = new CompletableFuture<>();
        loop.execute(() -> {
            LuaValue body = new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs args) {
                    Varargs r = chunk.invoke(NONE);
                    if (r.narg() > 0) {
                        rt.globals().get("print").invoke(r);
                    }
                    return NONE;
                }
            };
            rt.spawnMain(body, LuaValue.NONE).toFuture().addListener(f ->
                    done.complete(f.isSuccess() || ScriptExit.find(f.cause()) != null ? null : report(f.cause(), "")));
        });
        try {
            return done.get();
        } catch (java.util.concurrent.ExecutionException e) {
            return String.valueOf(e.getCause());
        }
    }

    /**
     * The error report for a failed chunk: {@code prefix} + the message, then the Lua traceback
     * when there is one. Context only when the error value might have a {@code __tostring}.
     */
    String report(Throwable t, String prefix) {
        LimitExceededError limit = LimitExceededError.find(t);
        if (limit != null) {
            String detail = limit.kind() == LimitExceededError.Kind.MEMORY && memoryDetail != null
                    ? " (" + memoryDetail + ")" : "";
            return prefix + limit.getMessage() + detail
                    + (limit.luaTraceback() != null ? "\n" + limit.luaTraceback() : "");
        }
        if (LuaErrors.findCause(t, OutOfMemoryError.class) != null) {
            return prefix + LuaErrors.OUT_OF_MEMORY + " (the JVM's heap is full; java -Xmx sets its size)";
        }
        String message;
        try {
            message = LuaErrors.describe(t);
        } catch (Throwable e) { // a __tostring that fails or hits a limit
            LuaValue v = LuaErrors.value(t);
            message = v.isstring() ? LuaErrors.text(v) : "(error object is a " + v.typename() + " value)";
        }
        String tb = LuaErrors.traceback(t);
        return prefix + message + (tb != null ? "\n" + tb : "");
    }

    /**
     * Ends the session with {@code status}, printing {@code message} (if any) to stderr after
     * the script's output. Only the first call counts. Thread-safe.
     */
    boolean finish(int status, String message) {
        return finish(status, message, false);
    }

    private boolean finish(int status, String message, boolean limit) {
        if (!finished.compareAndSet(false, true)) {
            return false;
        }
        limitEnding = limit;
        out.flush();
        if (message != null) {
            err.println(message);
        }
        err.flush();
        end.complete(status);
        return true;
    }

    /** Stops running Lua code for a limit, then ends the process after the grace period. */
    private void interrupt(LimitExceededError.Kind kind, String message) {
        ExecutionHook hook = rt.executionHook();
        if (hook != null) {
            hook.interrupt(kind);
        }
        later(() -> exitAfter(message), GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The hook raised a limit error somewhere (maybe in a task nobody waits for). */
    private void limitRaised(LimitExceededError e) {
        String message = report(e, "ward: ");
        later(() -> exitAfter(message), GRACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs {@code action} on the watchdog after {@code delay}. A limit or signal can race the
     * session's close (the memory guard measures while the script ends on its own): once the
     * watchdog is shut down the session's end is decided, so a late action is dropped.
     */
    private void later(Runnable action, long delay, TimeUnit unit) {
        try {
            watchdog.schedule(action, delay, unit);
        } catch (RejectedExecutionException closed) {
            // the session already ended
        }
    }

    /** The process ends now with status 1 unless something else already ended the session. */
    private void exitAfter(String message) {
        if (finish(1, message, true)) {
            WardCommand.exit(1);
        }
    }

    /** Closes the runtime (stopping every task) and waits a little for it on the loop. */
    private void closeRuntime() {
        try {
            rt.close();
            loop.submit(() -> { }).await(CLOSE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // the loop is gone: nothing left to stop
        }
        out.flush();
        err.flush();
    }

    @Override
    public void close() {
        if (memory != null) {
            memory.close();
        }
        if (limitEnding) {
            return; // the watchdog is ending the process; the loop may be stuck
        }
        watchdog.shutdownNow();
        closeRuntime();
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    private static String megabytes(long bytes) {
        return bytes >= 10L << 20 ? (bytes >> 20) + " MB" : String.format("%.1f MB", bytes / 1048576.0);
    }
}
