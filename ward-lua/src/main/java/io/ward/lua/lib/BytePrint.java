package io.ward.lua.lib;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Lua's {@code print}, writing each string's bytes as they are, like Lua's {@code fwrite}.
 *
 * <p>Why: LuaJ's {@code print} turns each Lua string into a Java {@code String} first, and its
 * decoder knows only sequences of up to 3 bytes: a character beyond U+FFFF (any emoji, 4 bytes
 * in UTF-8) came out as 5 bytes of garbage. Bytes that are not UTF-8 at all (a Latin-1 file)
 * now pass through unchanged too.
 *
 * <p>Writes to {@code globals.STDOUT} as it is at each call. Confined to the runtime's context.
 */
final class BytePrint extends VarArgFunction {
    private final Globals globals;

    private BytePrint(Globals globals) {
        this.globals = globals;
    }

    /** Replaces {@code g}'s {@code print} (when it has one). Idempotent. */
    static void install(Globals g) {
        if (g.rawget("print").isfunction() && !(g.rawget("print") instanceof BytePrint)) {
            g.rawset("print", new BytePrint(g));
        }
    }

    @Override
    public Varargs invoke(Varargs args) {
        LuaValue tostring = globals.get("tostring");
        java.io.PrintStream out = globals.STDOUT;
        for (int i = 1, n = args.narg(); i <= n; i++) {
            if (i > 1) {
                out.write('\t');
            }
            LuaValue s = tostring.call(args.arg(i));
            if (!s.isstring()) {
                throw new org.luaj.vm2.LuaError("'tostring' must return a string to 'print'");
            }
            LuaString bytes = s.checkstring();
            out.write(bytes.m_bytes, bytes.m_offset, bytes.m_length);
        }
        out.write('\n');
        out.flush();
        return NONE;
    }

    @Override
    public String tojstring() {
        return "function: print";
    }
}
