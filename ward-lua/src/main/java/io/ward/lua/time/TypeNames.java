package io.ward.lua.time;

import io.ward.core.time.WardDuration;
import io.ward.lua.Args;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

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

    /**
     * The payload of argument {@code index} if it is a {@code type} userdata, else
     * {@code bad argument #index to 'fname' (typeName expected, got X)} with X named as above.
     */
    static <T> T check(Varargs args, int index, String fname, Class<T> type, String typeName) {
        LuaValue v = args.arg(index);
        if (v.isuserdata() && type.isInstance(v.touserdata())) {
            return type.cast(v.touserdata());
        }
        throw Args.badArgument(index, fname, typeName + " expected, got "
                + of(index > args.narg() ? LuaValue.NONE : v));
    }
}
