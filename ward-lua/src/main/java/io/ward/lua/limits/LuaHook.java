package io.ward.lua.limits;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Confined to the runtime's context. The hook {@code debug.sethook([thread,] f, mask [, count])}
 * set for one Lua thread (Lua 5.2's hooks are per thread: {@code debug.sethook(co, ...)} hooks
 * only that coroutine, and a new coroutine starts without one), kept in that thread's
 * {@link LuaCallStack} and run by the {@link ExecutionHook}, which counts instructions whether or
 * not one is set.
 */
final class LuaHook {
    final LuaValue function;
    final String mask;
    final int count;
    final boolean call;
    final boolean ret;
    final boolean line;
    /** Instructions since the last count event. */
    int counted;

    private LuaHook(LuaValue function, String mask, int count) {
        this.function = function;
        this.mask = mask;
        this.count = count;
        this.call = mask.indexOf('c') >= 0;
        this.ret = mask.indexOf('r') >= 0;
        this.line = mask.indexOf('l') >= 0;
    }

    /** The hook for {@code sethook(f, mask, count)}, or null when that clears it (no function, or nothing to report). */
    static LuaHook of(LuaValue f, String mask, int count) {
        if (f == null || f.isnil() || mask.indexOf('c') < 0 && mask.indexOf('r') < 0 && mask.indexOf('l') < 0
                && count <= 0) {
            return null;
        }
        return new LuaHook(f, mask, Math.max(count, 0));
    }

    /** {@code debug.gethook()}'s results: the function, the mask and the count. */
    Varargs describe() {
        return LuaValue.varargsOf(function, LuaValue.valueOf(mask), LuaValue.valueOf(count));
    }
}
