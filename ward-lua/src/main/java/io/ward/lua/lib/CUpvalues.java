package io.ward.lua.lib;

import org.luaj.vm2.LuaValue;

/**
 * A Java function that is a C closure with upvalues in Lua 5.2 (the {@code string.gmatch}
 * iterator: the subject, the pattern and the position), so that the full {@code debug} library
 * sees those upvalues as Lua's does: {@code getupvalue} gives the name {@code ""} and the value,
 * {@code setupvalue} changes it, {@code upvalueid} identifies it, {@code getinfo} counts it in
 * {@code nups}. Confined to the runtime's context, like the function.
 */
interface CUpvalues {
    /** How many upvalues the C closure has. */
    int upvalueCount();

    /** Upvalue {@code i} (1-based, at most {@link #upvalueCount()}). */
    LuaValue upvalue(int i);

    /** Sets upvalue {@code i} (1-based, at most {@link #upvalueCount()}). */
    void setUpvalue(int i, LuaValue v);

    /** An object standing for the variable of upvalue {@code i}: the same one for the same upvalue. */
    Object upvalueCell(int i);
}
