package io.ward.lua.fs;

import io.ward.lua.Args;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The payload of a {@code Path} userdata of {@code ward.fs.path}: the path's bytes, never
 * changed after creation (every method that returns a path makes a new one). Immutable, so
 * thread-safe; the userdata wrapping it is confined to its runtime.
 */
final class FsPath {
    final byte[] bytes;

    FsPath(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The bytes of a path argument of {@code ward.fs}: a string (not a number) or a Path. */
    static byte[] fsArg(Varargs args, int index, String fname) {
        return arg(args, index, fname, "expected path or string");
    }

    /** The same for {@code ward.fs.path}, whose upstream message differs. */
    static byte[] pathArg(Varargs args, int index, String fname) {
        return arg(args, index, fname, "expected path string or fs.path object");
    }

    private static byte[] arg(Varargs args, int index, String fname, String phrase) {
        LuaValue v = args.arg(index);
        if (v.type() == LuaValue.TSTRING) {
            return bytes((LuaString) v.checkstring());
        }
        if (v.isuserdata() && v.touserdata() instanceof FsPath) {
            return ((FsPath) v.touserdata()).bytes;
        }
        String got = index > args.narg() ? "no value" : v.typename();
        throw Args.badArgument(index, fname, phrase + ", got " + got);
    }

    static byte[] bytes(LuaString s) {
        byte[] b = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, b, 0, s.m_length);
        return b;
    }

    static LuaString lua(byte[] b) {
        return LuaString.valueUsing(b);
    }
}
