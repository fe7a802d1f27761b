package io.ward.lua.lib;

import io.ward.lua.lang.FormatArguments;
import io.ward.lua.lang.LuaNumberFormat;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Confined to the call it serves: the arguments of one {@code string.format} call as {@link io.ward.lua.lang.LuaFormat} reads
 * them, converted as Lua 5.2's C API converts them, with Lua's {@code bad argument} errors.
 */
final class LuaFormatArguments implements FormatArguments {
    private static final String NAME = "format";

    private final Varargs args;

    LuaFormatArguments(Varargs args) {
        this.args = args;
    }

    @Override
    public int top() {
        return args.narg();
    }

    @Override
    public double checkNumber(int arg) {
        return StringArgs.checkNumber(args, arg, NAME);
    }

    @Override
    public byte[] checkString(int arg) {
        return bytes(StringArgs.checkString(args, arg, NAME));
    }

    /** Lua 5.2.4's {@code luaL_tolstring}: {@code __tostring} first, then the value's own text. */
    @Override
    public byte[] toText(int arg) {
        LuaValue v = args.arg(arg);
        LuaValue handler = v.metatag(LuaValue.TOSTRING);
        if (!handler.isnil()) {
            LuaValue r = handler.call(v);
            return r.type() == LuaValue.TSTRING || r.type() == LuaValue.TNUMBER ? text(r) : NULL_TEXT;
        }
        return text(v);
    }

    private static byte[] text(LuaValue v) {
        return switch (v.type()) {
            case LuaValue.TSTRING -> bytes((LuaString) v);
            case LuaValue.TNUMBER -> latin1(LuaNumberFormat.toLuaString(v.todouble()));
            default -> bytes(LuaString.valueOf(v.tojstring()));
        };
    }

    private static byte[] bytes(LuaString s) {
        if (s.m_offset == 0 && s.m_length == s.m_bytes.length) {
            return s.m_bytes; // read only by LuaFormat
        }
        byte[] b = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, b, 0, s.m_length);
        return b;
    }

    private static byte[] latin1(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }
}
