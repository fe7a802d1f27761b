package io.ward.lua.async;

import org.luaj.vm2.LuaValue;

/**
 * Turns values that Java code put into Lua-facing structures (for example an item that a Java
 * thread sent into a channel with {@code trySend}) into Lua values.
 *
 * <p>Stateless and thread-safe.
 */
final class JavaValues {
    private JavaValues() {
    }

    static LuaValue toLua(Object value) {
        if (value == null) {
            return LuaValue.NIL;
        }
        if (value instanceof LuaValue) {
            return (LuaValue) value;
        }
        if (value instanceof String) {
            return LuaValue.valueOf((String) value);
        }
        if (value instanceof Boolean) {
            return LuaValue.valueOf((Boolean) value);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return LuaValue.valueOf(((Number) value).doubleValue());
        }
        if (value instanceof Number) {
            return LuaValue.valueOf(((Number) value).doubleValue());
        }
        if (value instanceof byte[]) {
            return LuaValue.valueOf((byte[]) value);
        }
        return LuaValue.userdataOf(value);
    }
}
