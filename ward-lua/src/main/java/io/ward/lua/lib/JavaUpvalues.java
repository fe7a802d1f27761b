package io.ward.lua.lib;

import org.luaj.vm2.LuaValue;

/**
 * Implementations are confined to the runtime's context. A Java function with state that Lua
 * 5.2 keeps in a C closure's upvalues (the {@code gmatch} iterator: the subject, the pattern and
 * the position), which the full library's {@code debug.getupvalue(f, n)} shows as Lua does for C
 * functions: named {@code ""}.
 */
interface JavaUpvalues {
    /** How many upvalues the C closure has in Lua 5.2. */
    int upvalueCount();

    /** Upvalue {@code n}, 1 to {@link #upvalueCount()}. */
    LuaValue upvalue(int n);
}
