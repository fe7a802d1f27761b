package io.ward.lua.lib;

import io.ward.core.fiber.Fiber;
import io.ward.core.fiber.FiberEngine;
import io.ward.core.fiber.FiberPinnedException;
import io.ward.core.fiber.FiberScope;
import io.ward.core.fiber.FiberStartException;
import io.ward.lua.ArgumentError;
import io.ward.lua.LuaErrors;
import io.ward.lua.WardRuntime;
import io.ward.lua.patch.CStackOverflow;
import io.ward.lua.patch.CallDepth;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.lang.ref.Cleaner;
import java.lang.ref.WeakReference;

/**
 * A Lua coroutine on a Ward fiber (scope {@link #SCOPE}) instead of LuaJ's platform thread:
 * {@code type(co) == "thread"}, Lua 5.2 semantics. An await inside its body suspends the
 * whole task (the task scope encloses this one) and continues here when the task resumes.
 *
 * <p>Confined to its runtime's context. On the thread engine, an abandoned suspended
 * coroutine is unwound on the loop after it is collected, so its thread returns to the
 * pool; on the continuation engine it is plain garbage.
 */
final class WardCoroutine extends LuaThread {
    static final FiberScope SCOPE = new FiberScope("ward-coroutine");
    private static final Cleaner CLEANER = Cleaner.create();

    private final Body body;

    WardCoroutine(WardRuntime runtime, LuaValue fn) {
        super(runtime.globals(), fn);
        this.body = new Body(runtime, fn, new WeakReference<>(this));
        if (!"continuation".equals(runtime.scheduler().engine().name())) {
            CLEANER.register(this, new Abandon(body));
        }
    }

    /** The state the fiber needs, kept apart from the coroutine object so it can be collected. */
    private static final class Body implements Runnable {
        final WardRuntime runtime;
        final LuaValue fn;
        final WeakReference<WardCoroutine> self;
        final Fiber fiber;
        String status = "suspended";
        Varargs transfer = LuaValue.NONE;
        /** Library calls (table.sort, string.gsub) running a Lua callback: yielding is refused. */
        int callBoundaries;

        Body(WardRuntime runtime, LuaValue fn, WeakReference<WardCoroutine> self) {
            this.runtime = runtime;
            this.fn = fn;
            this.self = self;
            FiberEngine engine = runtime.scheduler().engine();
            this.fiber = engine.newFiber(SCOPE, this);
        }

        @Override
        public void run() {
            runtime.enter(self.get());
            try {
                transfer = fn.invoke(transfer);
            } catch (RuntimeException e) {
                ArgumentError.calledFromJava(e, fn); // the body is called from Java, as from C in Lua
                throw e;
            }
        }
    }

    /** Unwinds an abandoned coroutine's fiber on its loop (thread engine: frees the thread). */
    private static final class Abandon implements Runnable {
        private final Body body;

        Abandon(Body body) {
            this.body = body;
        }

        @Override
        public void run() {
            if (body.fiber.isDone()) {
                return;
            }
            body.runtime.scheduler().runInContext(() -> {
                LuaThread prev = body.runtime.globals().running;
                try {
                    // the coroutine's own LuaThread is gone: unwind under a throwaway one, so
                    // call-stack hooks do not touch the thread that happens to be current
                    body.runtime.globals().running = new LuaThread(body.runtime.globals());
                    body.fiber.kill();
                } finally {
                    body.runtime.globals().running = prev;
                }
            });
        }
    }

    @Override
    public String getStatus() {
        return body.status;
    }

    /** {@code coroutine.resume}: {@code true, values...} or {@code false, error}. */
    @Override
    public Varargs resume(Varargs args) {
        switch (body.status) {
            case "dead":
                return varargsOf(FALSE, valueOf("cannot resume dead coroutine"));
            case "suspended":
                break;
            default:
                return varargsOf(FALSE, valueOf("cannot resume non-suspended coroutine"));
        }
        LuaThread resumer = globals.running;
        if (!CallDepth.resumedBy(this, resumer)) {
            return varargsOf(FALSE, valueOf(CStackOverflow.MESSAGE)); // as Lua 5.2: it stays suspended
        }
        WardCoroutine outer = resumer instanceof WardCoroutine ? (WardCoroutine) resumer : null;
        if (outer != null) {
            outer.body.status = "normal";
        }
        body.status = "running";
        body.transfer = args;
        boolean finished;
        try {
            finished = body.fiber.resume();
        } catch (FiberStartException e) { // no thread for its fiber: it stays suspended, as if never resumed
            body.status = "suspended";
            body.transfer = NONE;
            return varargsOf(FALSE, valueOf(e.getMessage()));
        } finally {
            body.runtime.enter(resumer);
            if (outer != null) {
                outer.body.status = "running";
            }
        }
        Varargs values = body.transfer;
        body.transfer = NONE;
        if (!finished) {
            body.status = "suspended";
            return varargsOf(TRUE, values);
        }
        body.status = "dead";
        Throwable failure = body.fiber.failure();
        if (failure == null) {
            return varargsOf(TRUE, values);
        }
        if (LuaErrors.isUnwinding(failure)) {
            throw (Error) failure; // cancellation or a limit: it ends the task, not just this coroutine
        }
        return varargsOf(FALSE, LuaErrors.value(failure));
    }

    /**
     * {@code coroutine.yield} from inside the running coroutine. Static, holding only the
     * {@link Body}: a parked fiber's frames must not keep the coroutine object reachable, or
     * an abandoned coroutine could never be collected (a parked thread's stack is a GC root).
     */
    static Varargs yieldRunning(WardRuntime runtime, Varargs values) {
        LuaThread running = runtime.globals().running;
        if (!(running instanceof WardCoroutine)) {
            throw new LuaError("attempt to yield from outside a coroutine");
        }
        Body body = ((WardCoroutine) running).body;
        running = null;
        if (body.callBoundaries > 0) {
            throw new LuaError("attempt to yield across a C-call boundary");
        }
        return park(body, values);
    }

    /**
     * Runs {@code call}, a library function's Lua callback (a {@code table.sort} comparator, a
     * {@code string.gsub} replacement), with yields of the running coroutine refused, as Lua
     * 5.2 refuses them across those C functions ({@code attempt to yield across a C-call
     * boundary}). A coroutine resumed inside the callback yields as usual. {@code f} is the
     * callback, which names its argument errors ({@link ArgumentError#calledFromJava}).
     */
    static Varargs withoutYields(Globals g, LuaValue f, java.util.function.Supplier<Varargs> call) {
        Body body = g != null && g.running instanceof WardCoroutine c ? c.body : null;
        if (body != null) {
            body.callBoundaries++;
        }
        try {
            return call.get();
        } catch (RuntimeException e) {
            ArgumentError.calledFromJava(e, f); // a bad argument of f itself: Lua names it as C calls it
            throw e;
        } finally {
            if (body != null) {
                body.callBoundaries--;
            }
        }
    }

    private static Varargs park(Body body, Varargs values) {
        body.transfer = values;
        try {
            body.runtime.scheduler().engine().suspend(SCOPE);
        } catch (FiberPinnedException e) {
            throw new LuaError("attempt to yield across a Java call that holds a lock (" + e.getMessage() + ")");
        }
        body.runtime.enter(body.self.get());
        Varargs in = body.transfer;
        body.transfer = NONE;
        return in;
    }
}
