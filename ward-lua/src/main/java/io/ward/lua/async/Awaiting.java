package io.ward.lua.async;

import io.ward.core.Awaitable;
import io.ward.core.CancelSignal;
import io.ward.core.Selected;
import io.ward.lua.Args;
import io.ward.lua.Awaits;
import io.ward.lua.LuaAwaitable;
import io.ward.lua.LuaErrors;
import io.ward.lua.WardRuntime;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code async.await} (a Ward awaitable natively, else the generic {@code :wait()} or
 * {@code __call} protocol) and {@code async.select}.
 *
 * <p>Confined to the runtime's context.
 */
final class Awaiting {
    private Awaiting() {
    }

    /** {@code async.await(a)}: a Ward awaitable natively, else {@code a:wait()}, else {@code a()}. */
    static Varargs awaitAny(WardRuntime rt, Varargs args) {
        LuaValue a = args.arg1();
        if (!a.isuserdata()) {
            throw Args.typeError(1, "await", "userdata", args.narg() == 0 ? LuaValue.NONE : a);
        }
        Object payload = a.touserdata();
        if (payload instanceof LuaAwaitable) {
            return Awaits.await(rt, (LuaAwaitable) payload);
        }
        LuaValue wait = a.get("wait");
        if (wait.isfunction()) {
            return wait.invoke(a);
        }
        LuaValue mt = a.getmetatable();
        if (mt != null && !mt.rawget(LuaValue.CALL).isnil()) {
            return a.invoke();
        }
        throw new LuaError("awaitable must implement wait() (or __call())");
    }

    /** {@code async.select(list)}: index of the first to complete, then its values. */
    static Varargs select(WardRuntime rt, Varargs args) {
        LuaValue list = args.arg1();
        if (!list.istable() || list.length() == 0) {
            throw new LuaError("select expects a non-empty array table");
        }
        LuaTable t = (LuaTable) list;
        int n = t.length();
        if (t.keyCount() != n) { // holes or extra keys: # alone might stop at the first hole
            throw new LuaError("select expects an array of userdata awaitables");
        }
        List<LuaAwaitable> entries = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            LuaValue v = t.rawget(i);
            if (!v.isuserdata() || !(v.touserdata() instanceof LuaAwaitable)) {
                throw new LuaError("select expects an array of userdata awaitables");
            }
            entries.add((LuaAwaitable) v.touserdata());
        }
        Awaits.checkInTask(rt);
        List<Awaitable<?>> core = new ArrayList<>(n);
        for (LuaAwaitable e : entries) {
            core.add(e.awaitable());
        }
        LuaValue me = rt.globals().running;
        Selected s;
        try {
            s = rt.scheduler().select(core);
        } catch (CancelSignal | LuaError e) {
            throw e;
        } catch (RuntimeException e) {
            throw LuaErrors.toLuaError(e);
        } finally {
            rt.enter((org.luaj.vm2.LuaThread) me);
        }
        int index = s.index();
        if (!s.outcome().isSuccess()) {
            throw LuaErrors.toLuaError(s.outcome().failure());
        }
        Varargs values = entries.get(index).finish(s.outcome().value());
        return LuaValue.varargsOf(LuaValue.valueOf(index + 1), values);
    }
}
