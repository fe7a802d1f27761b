package io.ward.lua.time;

import org.luaj.vm2.LuaValue;

/**
 * Names of Lua values as this module's messages show them; stateless and thread-safe.
 *
 * <p>Ward userdata are named after what they hold ({@code Duration}, {@code TimePoint},
 * {@code InstantPoint}) so that {@code bad argument #2 to '__sub' (Duration expected, got
 * TimePoint)} says more than "got userdata".
 */
final class TypeNames {
    private TypeNames() {
    }

    static String of(LuaValue v) {
        if (v == null || v == LuaValue.NONE) {
            return "no value";
        }
        if (v.isuserdata()) {
            Object o = v.touserdata();
            if (o instanceof WardDuration) {
                return Durations.TYPE_NAME;
            }
            if (o instanceof TimePoint) {
                return TimePoints.TYPE_NAME;
            }
            if (o instanceof InstantPoint) {
                return InstantPoints.TYPE_NAME;
            }
        }
        return v.typename();
    }
}
