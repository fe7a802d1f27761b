package io.ward.lua.lib;

import io.ward.lua.lang.LuaStrings;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * Lua 5.2's {@code <} ({@code lua_compare(L, a, b, LUA_OPLT)}) with its error texts, for library
 * code: numbers by value, strings by bytes (the C locale's {@code strcoll}), anything else
 * through an {@code __lt} metamethod of either operand, else
 * {@code attempt to compare two table values} / {@code attempt to compare number with nil}.
 *
 * <p>Stateless and thread-safe (metamethods run on the caller's thread).
 */
final class LuaCompare {
    private static final LuaString LT = LuaString.valueOf("__lt");

    private LuaCompare() {
    }

    static boolean lessThan(LuaValue a, LuaValue b) {
        int ta = a.type();
        int tb = b.type();
        if (ta == LuaValue.TNUMBER && tb == LuaValue.TNUMBER) {
            return a.todouble() < b.todouble();
        }
        if (ta == LuaValue.TSTRING && tb == LuaValue.TSTRING) {
            return compareBytes(a.checkstring(), b.checkstring()) < 0;
        }
        LuaValue mm = a.metatag(LT);
        if (mm.isnil()) {
            mm = b.metatag(LT);
        }
        if (mm.isnil()) {
            throw orderError(a, b);
        }
        return mm.call(a, b).toboolean();
    }

    /** Unsigned byte order, as {@code strcoll} in the C locale (embedded zeros included). */
    static int compareBytes(LuaString x, LuaString y) {
        return LuaStrings.compare(x.m_bytes, x.m_offset, x.m_length, y.m_bytes, y.m_offset, y.m_length);
    }

    /** Lua 5.2's {@code luaG_ordererror} text, with no position (it comes from a C function). */
    static LuaError orderError(LuaValue a, LuaValue b) {
        String t1 = a.typename();
        String t2 = b.typename();
        String m = t1.equals(t2) ? "attempt to compare two " + t1 + " values" : "attempt to compare " + t1 + " with " + t2;
        return new LuaError(m, 0);
    }
}
