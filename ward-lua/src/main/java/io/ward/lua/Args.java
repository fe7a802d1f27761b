package io.ward.lua;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Argument checks shared by every Ward library function, so that each message reads like
 * Lua's own: {@code bad argument #1 to 'spawn' (function expected, got nil)}.
 *
 * <p>Stateless and thread-safe. The {@code index} is 1-based as Lua users count arguments
 * (for methods called with {@code :}, the receiver is argument #1 like in Lua).
 */
public final class Args {
    private Args() {
    }

    /**
     * Raises {@code bad argument #index to 'fname' (message)}; an {@link ArgumentError}, so
     * that the name and number become those of the call site, as in Lua.
     */
    public static LuaError badArgument(int index, String fname, String message) {
        return new ArgumentError(index, fname, message);
    }

    /** Raises {@code bad argument #index to 'fname' (expected expected, got <type>)}. */
    public static LuaError typeError(int index, String fname, String expected, LuaValue got) {
        return badArgument(index, fname, expected + " expected, got " + typeName(got));
    }

    /** The Lua type name of a value, {@code no value} for a missing argument. */
    public static String typeName(LuaValue v) {
        return v == null || v == LuaValue.NONE ? "no value" : v.typename();
    }

    public static LuaValue checkFunction(Varargs args, int index, String fname) {
        LuaValue v = args.arg(index);
        if (!v.isfunction()) {
            throw typeError(index, fname, "function", missingAware(args, index));
        }
        return v;
    }

    public static LuaValue checkTable(Varargs args, int index, String fname) {
        LuaValue v = args.arg(index);
        if (!v.istable()) {
            throw typeError(index, fname, "table", missingAware(args, index));
        }
        return v;
    }

    public static String checkString(Varargs args, int index, String fname) {
        LuaValue v = args.arg(index);
        if (!v.isstring()) {
            throw typeError(index, fname, "string", missingAware(args, index));
        }
        return v.tojstring();
    }

    public static double checkNumber(Varargs args, int index, String fname) {
        LuaValue v = args.arg(index);
        if (!v.isnumber()) {
            throw typeError(index, fname, "number", missingAware(args, index));
        }
        return v.todouble();
    }

    /** A number with an exact integer value (like Lua 5.3's {@code luaL_checkinteger}). */
    public static long checkInteger(Varargs args, int index, String fname) {
        double d = checkNumber(args, index, fname);
        if (d != Math.rint(d) || Double.isInfinite(d) || Math.abs(d) >= 0x1p63) {
            throw badArgument(index, fname, "number has no integer representation");
        }
        return (long) d;
    }

    public static long optInteger(Varargs args, int index, String fname, long fallback) {
        return args.arg(index).isnil() ? fallback : checkInteger(args, index, fname);
    }

    /**
     * The userdata payload of argument {@code index} if it is an instance of {@code type};
     * otherwise {@code bad argument #index to 'fname' (typeLabel expected, got X)}.
     */
    public static <T> T checkUserdata(Varargs args, int index, String fname, Class<T> type, String typeLabel) {
        LuaValue v = args.arg(index);
        if (v.isuserdata()) {
            Object o = v.touserdata();
            if (type.isInstance(o)) {
                return type.cast(o);
            }
        }
        throw typeError(index, fname, typeLabel, missingAware(args, index));
    }

    /** Argument {@code index}, or {@link LuaValue#NONE} when the call had fewer arguments. */
    private static LuaValue missingAware(Varargs args, int index) {
        return index > args.narg() ? LuaValue.NONE : args.arg(index);
    }
}
