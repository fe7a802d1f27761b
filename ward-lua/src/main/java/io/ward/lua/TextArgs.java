package io.ward.lua;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Arguments that must be text: a Lua string (or a number, converted as Lua converts it) whose
 * bytes are valid UTF-8. Stateless, thread-safe. Errors read like {@link Args}'s:
 * {@code bad argument #1 to 'get' (string expected, got nil)},
 * {@code bad argument #1 to 'get' (invalid UTF-8)}.
 */
public final class TextArgs {
    private TextArgs() {
    }

    /** Argument {@code index} as a Java string; raises for a non-string or invalid UTF-8. */
    public static String checkText(Varargs args, int index, String fname) {
        LuaValue v = args.arg(index);
        if (!v.isstring()) {
            throw Args.typeError(index, fname, "string", index > args.narg() ? LuaValue.NONE : v);
        }
        String s = decode(v.checkstring());
        if (s == null) {
            throw Args.badArgument(index, fname, "invalid UTF-8");
        }
        return s;
    }

    /** Like {@link #checkText}, but nil or a missing argument gives {@code null}. */
    public static String optText(Varargs args, int index, String fname) {
        return args.arg(index).isnil() ? null : checkText(args, index, fname);
    }

    /** The string's bytes decoded strictly as UTF-8, or {@code null} when they are not UTF-8. */
    public static String decode(LuaString s) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(s.m_bytes, s.m_offset, s.m_length)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
