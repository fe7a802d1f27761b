package io.ward.lua.fs;

import io.ward.lua.Args;
import io.ward.lua.LuaErrors;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.math.BigDecimal;

/**
 * The argument rules of {@code ward.fs} beyond paths (ward-fs.md section 2): option tables
 * (anything but a table means "all defaults"), truthy flags, integers that may come as numeric
 * strings and are truncated, and {@code fs.write}'s data conversion. Stateless and thread-safe.
 */
final class FsArgs {
    static final long UINT32_MAX = 0xFFFF_FFFFL;

    private FsArgs() {
    }

    /** Argument {@code index} when it is a table, else null (defaults). */
    static LuaTable options(Varargs args, int index) {
        LuaValue v = args.arg(index);
        return v.istable() ? (LuaTable) v : null;
    }

    /** A flag: Lua truthiness, absent is false. */
    static boolean flag(LuaTable opts, String name) {
        return opts != null && opts.get(name).toboolean();
    }

    /** A required integer argument in 0..max (a number or a numeric string, truncated). */
    static long integer(Varargs args, int index, String fname, long max) {
        LuaValue v = args.arg(index);
        return integer(v, index, fname, null, max, index > args.narg());
    }

    /** An optional integer field of an option table in 0..max; {@code fallback} when absent. */
    static long integerField(LuaTable opts, String field, int index, String fname, long max, long fallback) {
        if (opts == null) {
            return fallback;
        }
        LuaValue v = opts.get(field);
        return v.isnil() ? fallback : integer(v, index, fname, field, max, false);
    }

    private static long integer(LuaValue v, int index, String fname, String field, long max, boolean missing) {
        String where = field == null ? "" : "field '" + field + "': ";
        LuaValue n = v.type() == LuaValue.TNUMBER || v.type() == LuaValue.TSTRING ? v.tonumber() : LuaValue.NIL;
        if (n.isnil()) {
            String got = missing ? "no value" : v.typename();
            throw Args.badArgument(index, fname, where + "number expected, got " + got);
        }
        double d = n.todouble();
        double t = d < 0 ? Math.ceil(d) : Math.floor(d);
        if (Double.isNaN(d) || t < 0 || t > max) {
            throw Args.badArgument(index, fname, where + "out of range (expected 0 to " + max + ")");
        }
        return (long) t;
    }

    /**
     * A string field ({@code regex}, a prefix): a string or a number as Lua prints it, null when
     * absent; another type raises.
     */
    static String stringField(LuaValue v, int index, String fname, String field) {
        if (v.isnil()) {
            return null;
        }
        if (v.type() == LuaValue.TSTRING || v.type() == LuaValue.TNUMBER) {
            return LuaErrors.text(v.tostring());
        }
        throw Args.badArgument(index, fname, (field == null ? "" : "field '" + field + "': ")
                + "string expected, got " + v.typename());
    }

    /**
     * {@code fs.write}'s data as bytes. Strings are written as they are, in both modes
     * ([Ward/JVM]: upstream decodes them lossily as UTF-8 unless {@code binary}); in binary mode a
     * sequence of integers 0..255 is those bytes; other values are written as text.
     */
    static Slice data(LuaValue v, boolean binary) {
        if (v.type() == LuaValue.TSTRING) { // no copy: a Lua string never changes, and the write only reads it
            LuaString s = (LuaString) v.checkstring();
            return new Slice(s.m_bytes, s.m_offset, s.m_length);
        }
        byte[] b = dataBytes(v, binary);
        return new Slice(b, 0, b.length);
    }

    /** Part of an array that is only read. Immutable. */
    static final class Slice {
        final byte[] array;
        final int off;
        final int len;

        Slice(byte[] array, int off, int len) {
            this.array = array;
            this.off = off;
            this.len = len;
        }
    }

    private static byte[] dataBytes(LuaValue v, boolean binary) {
        switch (v.type()) {
            case LuaValue.TNIL:
            case LuaValue.TNONE:
                return new byte[0];
            case LuaValue.TNUMBER:
                return ascii(number(v.todouble()));
            case LuaValue.TBOOLEAN:
                return ascii(v.toboolean() ? "true" : "false");
            case LuaValue.TTABLE:
                if (binary) {
                    byte[] bytes = byteSequence((LuaTable) v);
                    if (bytes != null) {
                        return bytes;
                    }
                }
                return text(v);
            default:
                return text(v);
        }
    }

    /** The bytes of a proper sequence of integers 0..255, or null when it is not one. */
    private static byte[] byteSequence(LuaTable t) {
        int n = t.length();
        byte[] out = new byte[n];
        for (int i = 1; i <= n; i++) {
            LuaValue b = t.rawget(i);
            if (b.type() != LuaValue.TNUMBER) {
                return null;
            }
            double d = b.todouble();
            if (d != Math.rint(d) || d < 0 || d > 255) {
                return null;
            }
            out[i - 1] = (byte) (int) d;
        }
        LuaValue k = t.next(LuaValue.NIL).arg1();
        int keys = 0;
        while (!k.isnil()) {
            if (++keys > n) {
                return null; // keys besides 1..n
            }
            k = t.next(k).arg1();
        }
        return out;
    }

    /** What {@code tostring} shows: the {@code __tostring} result, else the type and address. */
    private static byte[] text(LuaValue v) {
        LuaValue handler = v.metatag(LuaValue.TOSTRING);
        if (!handler.isnil()) {
            LuaValue s = handler.call(v);
            if (s.isstring()) {
                return FsPath.bytes(s.checkstring());
            }
        }
        return FsPath.bytes(LuaErrors.luaString(v.tojstring()));
    }

    /** Rust's float display: shortest digits, never an exponent, integral floats without ".0". */
    static String number(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        if (d == Math.rint(d) && Math.abs(d) < 0x1p63) {
            return Long.toString((long) d);
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
