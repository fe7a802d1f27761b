package io.ward.lua;

import io.ward.lua.limits.ExecutionHook;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;

/**
 * Stateless and thread-safe; the errors it makes are confined to their runtime like any LuaJ
 * error. Lua 5.2's {@code error(value, level)}: which values get a position, and where the
 * position of a level comes from. The global {@code error} ({@code ProtectedCallLib}) raises
 * every error through {@link #error(Globals, LuaValue, int)}.
 *
 * <p>Rules: a string (or number) value with {@code level > 0} gets {@code chunk:line: } of the
 * function {@code level} calls up from the caller of {@code error}: 1 is that caller, 2 its
 * caller, and so on. Only Lua functions count: Java functions in between are skipped, except
 * that {@code pcall}/{@code xpcall} (and the start of a task or coroutine) end the search and
 * the message gets no position, as in Lua when the level names a non-Lua function. Any other
 * value, or {@code level <= 0}, is raised unchanged (same instance, numbers stay numbers).
 *
 * <p>Where the position comes from, level 1: LuaJ itself, which records the position of the
 * innermost Lua frame an error passes. Level 2 and up:
 * <ul>
 *   <li>with the {@link ExecutionHook} installed ({@code globals.debuglib}) and keeping call
 *       stacks, from its call stack, at once;
 *   <li>without it, from LuaJ's per-frame error hook as the error unwinds ({@link LevelError}).
 *       That hook runs only once per error when a debug library is present, hence the first
 *       way.
 * </ul>
 * Both give the same results ({@code ErrorLevelsTest}).
 */
public final class ErrorLevels {
    private ErrorLevels() {
    }

    /**
     * The error {@code error(value, level)} raises in the Lua state {@code globals}
     * ({@code null}: a Lua state without the {@link ExecutionHook}).
     */
    public static LuaError error(Globals globals, LuaValue value, int level) {
        if (!value.isstring() || level <= 0) {
            return new LuaError(value);
        }
        String text = LuaErrors.text(value);
        if (level == 1) {
            return new LuaError(text);
        }
        ExecutionHook hook = ExecutionHook.withFrames(globals);
        if (hook != null) {
            String where = hook.position(level);
            // A value error: LuaJ adds no position of its own to it.
            return new LuaError(LuaErrors.luaString(where != null ? where + ": " + text : text));
        }
        return new LevelError(text, level);
    }
}
