package io.ward.lua.lib;

import io.ward.lua.Args;
import io.ward.lua.lang.LuaNumberFormat;
import io.ward.lua.lang.LuaNumberParser;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Stateless and thread-safe: argument conversions of Lua 5.2's C API as the string library uses them: a number where a
 * string is expected becomes its {@code %.14g} text, a numeric string where a number is
 * expected becomes the number, and integers are truncated as C's cast on x86-64 truncates.
 */
final class StringArgs {
    private static final double TWO_POW_63 = 0x1p63;

    private StringArgs() {
    }

    /** {@code luaL_checklstring}. */
    static LuaString checkString(Varargs args, int i, String fname) {
        LuaValue v = args.arg(i);
        if (v.type() == LuaValue.TSTRING) {
            return (LuaString) v;
        }
        if (v.type() == LuaValue.TNUMBER) {
            return LuaString.valueOf(LuaNumberFormat.toLuaString(v.todouble()));
        }
        throw typeError(args, i, fname, "string");
    }

    /** {@code luaL_optlstring} with no default: null for none or nil. */
    static LuaString optString(Varargs args, int i, String fname) {
        return args.isnoneornil(i) ? null : checkString(args, i, fname);
    }

    /** {@code luaL_checknumber}. */
    static double checkNumber(Varargs args, int i, String fname) {
        LuaValue v = args.arg(i);
        if (v.type() == LuaValue.TNUMBER) {
            return v.todouble();
        }
        if (v.type() == LuaValue.TSTRING) {
            LuaString s = (LuaString) v;
            double d = LuaNumberParser.parse(s.m_bytes, s.m_offset, s.m_length);
            if (!Double.isNaN(d)) {
                return d;
            }
        }
        throw typeError(args, i, fname, "number");
    }

    /** {@code luaL_checkinteger}: the number truncated ({@code -2^63} when out of range or NaN). */
    static long checkInteger(Varargs args, int i, String fname) {
        return truncate(checkNumber(args, i, fname));
    }

    /** {@code luaL_optinteger}. */
    static long optInteger(Varargs args, int i, String fname, long fallback) {
        return args.isnoneornil(i) ? fallback : checkInteger(args, i, fname);
    }

    /** C's double-to-int64 cast on x86-64: NaN and out-of-range values give -2^63. */
    static long truncate(double d) {
        return d >= -TWO_POW_63 && d < TWO_POW_63 ? (long) d : Long.MIN_VALUE;
    }

    /**
     * Lua 5.2's {@code posrelat}: a negative position counts from the end ({@code -1} is the
     * last byte); one before the start becomes 0.
     */
    static long relative(long pos, int length) {
        if (pos >= 0) {
            return pos;
        }
        if (pos == Long.MIN_VALUE || -pos > length) {
            return 0;
        }
        return length + pos + 1;
    }

    static LuaError typeError(Varargs args, int i, String fname, String expected) {
        LuaValue got = i > args.narg() ? LuaValue.NONE : args.arg(i);
        return Args.typeError(i, fname, expected, got);
    }
}
