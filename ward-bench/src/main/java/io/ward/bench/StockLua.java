package io.ward.bench;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.jse.JsePlatform;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stock LuaJ 3.0.1 as a baseline: {@link JsePlatform#standardGlobals()} with LuaJ's own
 * coroutine library (one platform thread per coroutine, handed over with
 * {@code synchronized}/{@code wait}/{@code notify}).
 *
 * <p>Caveat, seen in this suite: {@code LuaThread.State.lua_resume} calls {@code wait()}
 * once, without a loop. A spurious wake-up (allowed by {@code Object.wait}, and seen here on
 * a loaded 2-core machine) returns from {@code resume} while the coroutine still runs; the
 * shared {@code globals.running} is then wrong and the next yield parks on another
 * coroutine's monitor: the benchmark hangs for good. {@link #callGuarded} therefore runs the
 * call on a helper thread and fails after {@value #GUARD_SECONDS} s instead of hanging JMH.
 *
 * <p>Not thread-safe: one instance per benchmark thread.
 */
final class StockLua implements AutoCloseable {
    static final long GUARD_SECONDS = 60;

    final Globals globals = JsePlatform.standardGlobals();
    private ExecutorService guard;

    StockLua(String code, String name) {
        globals.STDOUT = Bench.NULL_OUT;
        globals.load(code, name).call();
    }

    /** Calls the global function {@code fn} with {@code args} on the calling thread. */
    Varargs call(String fn, LuaValue... args) {
        return globals.get(fn).invoke(LuaValue.varargsOf(args));
    }

    /**
     * Like {@link #call} but on a helper thread, failing when it has not returned within
     * {@value #GUARD_SECONDS} s (stock coroutines desynchronised; see the class comment).
     */
    Varargs callGuarded(String fn, LuaValue... args) {
        if (guard == null) {
            guard = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "stock-luaj-caller");
                t.setDaemon(true);
                return t;
            });
        }
        Future<Varargs> f = guard.submit(() -> call(fn, args));
        try {
            return f.get(GUARD_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("stock LuaJ did not return from " + fn + " within " + GUARD_SECONDS
                    + " s: its coroutines desynchronised (LuaThread.State.lua_resume waits once, without a loop,"
                    + " so a spurious wake-up breaks it); this baseline is unreliable on this machine");
        } catch (ExecutionException e) {
            throw new IllegalStateException("stock LuaJ failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e.toString());
        }
    }

    @Override
    public void close() {
        if (guard != null) {
            guard.shutdownNow();
        }
    }
}
