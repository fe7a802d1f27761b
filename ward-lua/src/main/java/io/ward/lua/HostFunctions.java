package io.ward.lua;

import io.netty.util.concurrent.Future;
import io.ward.core.Awaitable;
import io.ward.core.CancelSignal;
import io.ward.core.FutureAwaitables;
import io.ward.core.fiber.FiberKilled;
import io.ward.lua.limits.LimitExceededError;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaFunction;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletionStage;

/**
 * Turns {@link HostFunction}s into Lua functions of one runtime: converts arguments and
 * results, awaits asynchronous results from the calling task, and turns Java failures into
 * Lua errors carrying the exception's message (never a Java class name).
 *
 * <p>Confined to the runtime's context.
 */
final class HostFunctions {
    private HostFunctions() {
    }

    static LuaFunction wrap(WardRuntime rt, String fname, HostFunction fn) {
        // 'fname', not 'name': inside the class below, 'name' is LibFunction's own field (null)
        return new VarArgFunction() {
            /*
             * One awaitable per returned CompletionStage: each adds a callback to its stage, and a
             * CompletionStage cannot remove one. Without this, a function that returns the same
             * long-lived stage to calls that are then cancelled (or time out) piles up one callback
             * per call on it. Weak keys: an entry goes with its stage (the awaitable does not
             * reference the stage). Context only.
             */
            private final Map<CompletionStage<?>, Awaitable<Object>> stages = new WeakHashMap<>();

            @Override
            @SuppressWarnings("unchecked")
            public Varargs invoke(Varargs args) {
                Object result;
                try {
                    result = fn.call(LuaValues.toJava(args));
                } catch (LuaError e) {
                    throw e;
                } catch (Exception e) {
                    throw new LuaError(fname + ": " + message(e));
                } catch (Error e) {
                    throw hostError(fname, e);
                }
                if (result instanceof Future) {
                    result = awaitResult(rt, fname, FutureAwaitables.of(rt.scheduler(), (Future<Object>) result));
                } else if (result instanceof CompletionStage) {
                    result = awaitResult(rt, fname, stages.computeIfAbsent((CompletionStage<?>) result,
                            s -> FutureAwaitables.of(rt.scheduler(), (CompletionStage<Object>) s)));
                }
                return result instanceof Object[] ? LuaValues.toLuaVarargs((Object[]) result) : LuaValues.toLua(result);
            }

            @Override
            public String tojstring() {
                return "function: " + fname;
            }
        };
    }

    /**
     * An {@link Error} thrown by a host function (or failing its future), such as an
     * AssertionError, is that call's failure: a Lua error with its message, catchable by
     * pcall, like an exception. The JVM's own errors and Ward's unwinding signals
     * (cancellation, limits) keep unwinding.
     */
    private static Error hostError(String fname, Error e) {
        if (e instanceof VirtualMachineError || e instanceof CancelSignal || e instanceof FiberKilled
                || e instanceof LimitExceededError) {
            throw e;
        }
        throw new LuaError(fname + ": " + message(e));
    }

    private static Object awaitResult(WardRuntime rt, String name, Awaitable<Object> a) {
        try {
            return Awaits.awaitCore(rt, a);
        } catch (LuaError e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw cause instanceof LuaError ? e : new LuaError(name + ": " + message(cause));
        } catch (Error e) {
            throw hostError(name, e);
        }
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m != null && !m.isEmpty() ? m : e.getClass().getSimpleName();
    }

    /** The table of a host module. */
    static LuaTable moduleTable(WardRuntime rt, HostModule module) {
        LuaTable t = new LuaTable();
        for (Map.Entry<String, Object> e : module.members.entrySet()) {
            Object v = e.getValue();
            t.set(e.getKey(), v instanceof HostFunction
                    ? wrap(rt, module.name() + "." + e.getKey(), (HostFunction) v)
                    : LuaValues.toLua(v));
        }
        return t;
    }

    /** Whether a value is a callable Lua value. */
    static boolean callable(LuaValue v) {
        return v.isfunction() || (v.getmetatable() != null && !v.getmetatable().rawget(LuaValue.CALL).isnil());
    }
}
