package io.ward.lua;

import io.ward.core.Awaitable;
import io.ward.core.CancelSignal;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.Varargs;

/**
 * Waiting from Lua code that a module or host function runs: the running task suspends, and
 * a failure becomes a Lua error. Confined to the runtime's context.
 */
public final class Awaits {
    private Awaits() {
    }

    /** Waits on a native awaitable from the running task; core failures become Lua errors. */
    public static Varargs await(WardRuntime rt, LuaAwaitable a) {
        Object value = awaitCore(rt, a.awaitable());
        return a.finish(value);
    }

    /** Waits on a core awaitable from the running task; failures become Lua errors. */
    public static Object awaitCore(WardRuntime rt, Awaitable<?> a) {
        checkInTask(rt);
        try {
            return rt.await(a);
        } catch (CancelSignal | LuaError e) {
            throw e;
        } catch (RuntimeException e) {
            throw LuaErrors.toLuaError(e);
        }
    }

    /** Raises {@code attempt to await outside a Ward task} unless a task is running. */
    public static void checkInTask(WardRuntime rt) {
        if (!rt.scheduler().inTask()) {
            throw new LuaError("attempt to await outside a Ward task");
        }
    }
}
